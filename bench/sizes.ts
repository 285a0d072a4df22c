/**
 * The sizes of the benchmark groups: each from its environment variable, else the default run's size,
 * which keeps `npm run bench` within 20 minutes on a 2-core machine; `BENCH_FULL=1` uses the larger
 * sizes instead.
 */
export interface BenchSizes {
  full: boolean;
  importRows: number;
  segmentContacts: number;
  analyticsLeads: number;
  mails: number;
  prepContacts: number;
  consoleContacts: number;
}

export function benchSizes(env: NodeJS.ProcessEnv = process.env): BenchSizes {
  const full = env.BENCH_FULL === '1';
  const size = (name: string, standard: number, large: number): number => {
    const value = env[name];
    if (value === undefined || value === '') return full ? large : standard;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive whole number, not ${value}`);
    return parsed;
  };
  return {
    full,
    importRows: size('BENCH_IMPORT_ROWS', 50_000, 50_000),
    segmentContacts: size('BENCH_SEGMENT_CONTACTS', 100_000, 100_000),
    analyticsLeads: size('BENCH_ANALYTICS_LEADS', 100_000, 100_000),
    mails: size('BENCH_MAILS', 5_000, 5_000),
    prepContacts: size('BENCH_PREP_CONTACTS', 100_000, 100_000),
    consoleContacts: size('BENCH_CONSOLE_CONTACTS', 100_000, 100_000),
  };
}
