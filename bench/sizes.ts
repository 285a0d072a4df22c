/**
 * What the benchmark groups measure: each size from its environment variable, else the size the
 * README's figures are for. `BENCH_FULL=1` adds the parts that only repeat what the default run shows
 * at several times its cost (the segments' first run, all ten single-segment scans); the default run
 * keeps `npm run bench` within about 20 minutes on a 2-core machine.
 */
export interface BenchSizes {
  full: boolean;
  importRows: number;
  /** Rows of the file imported through the upload path (200,000 with BENCH_FULL: ~40 minutes here). */
  asyncImportRows: number;
  segmentContacts: number;
  analyticsLeads: number;
  mails: number;
  prepContacts: number;
  consoleContacts: number;
  /** People through the journey benchmark, all due in the same minute for the sweep (the 10,000). */
  journeyParticipants: number;
}

export function benchSizes(env: NodeJS.ProcessEnv = process.env): BenchSizes {
  const size = (name: string, fallback: number): number => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive whole number, not ${value}`);
    return parsed;
  };
  return {
    full: env.BENCH_FULL === '1',
    importRows: size('BENCH_IMPORT_ROWS', 50_000),
    asyncImportRows: size('BENCH_ASYNC_IMPORT_ROWS', env.BENCH_FULL === '1' ? 200_000 : 20_000),
    segmentContacts: size('BENCH_SEGMENT_CONTACTS', 100_000),
    analyticsLeads: size('BENCH_ANALYTICS_LEADS', 100_000),
    mails: size('BENCH_MAILS', 5_000),
    prepContacts: size('BENCH_PREP_CONTACTS', 100_000),
    consoleContacts: size('BENCH_CONSOLE_CONTACTS', 100_000),
    journeyParticipants: size('BENCH_JOURNEY_PARTICIPANTS', 10_000),
  };
}
