/**
 * `npm run bench`: measures against real DynamoDB Local and the SES stand-in, prints a table and writes
 * JSON to BENCH_OUT (default bench-results.json). Ratios compare with baselines measured in the same
 * run; absolute times on shared machines are noise.
 *
 * The JSON is written after every group, merged into what the file already holds, so a run cut short
 * (or `BENCH_ONLY=capture` later) keeps every figure measured so far; `groups` says when each group
 * last ran and how long it took.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { benchAbc } from './abc';
import { benchAnalytics } from './analytics';
import { benchAudit } from './audit';
import { benchCapture } from './capture';
import { benchConsole } from './console';
import { benchDuplicates } from './duplicates';
import { benchEvents } from './events';
import { benchImport } from './import';
import { benchJourneys } from './journeys';
import { benchAsyncImport } from './import-async';
import { startBenchServices } from './local-services';
import { benchMailing } from './mailing';
import { benchPrintExport } from './print-export';
import { benchResponseShaping } from './response-shaping';
import { benchScoring } from './scoring';
import { benchSegments } from './segments';
import { benchSizes } from './sizes';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

type Results = Record<string, number>;
interface BenchGroup {
  name: string;
  run: () => Promise<Results> | Results;
}

const sizes = benchSizes();
/** The groups in the order they run; a new group is one more entry. */
const GROUPS: BenchGroup[] = [
  { name: 'capture', run: () => benchCapture() },
  { name: 'import', run: () => benchImport(sizes.importRows) },
  // The upload path (presigned PUT to the S3 stand-in, the import function streaming from it).
  { name: 'import-async', run: () => benchAsyncImport(sizes.asyncImportRows) },
  { name: 'segments', run: () => benchSegments(sizes.segmentContacts, { measureFirstRun: sizes.full }) },
  // BENCH_DUPLICATE_CONTACTS (100,000 for the README's figure).
  { name: 'duplicates', run: () => benchDuplicates(Number(process.env.BENCH_DUPLICATE_CONTACTS ?? 100_000)) },
  // One ABC run after a day of orders, against one plain scan of the same facts.
  { name: 'abc', run: () => benchAbc(Number(process.env.BENCH_ABC_CONTACTS ?? 100_000)) },
  { name: 'analytics', run: () => benchAnalytics(sizes.analyticsLeads) },
  { name: 'shaping', run: () => benchResponseShaping() },
  { name: 'mailing', run: () => benchMailing(sizes.mails, sizes.prepContacts) },
  { name: 'events', run: () => benchEvents(Number(process.env.BENCH_EVENT_CAPTURES ?? 50), services) },
  { name: 'journeys', run: () => benchJourneys(sizes.journeyParticipants, services) },
  // Scorable events through the scoring consumer's use case (BENCH_SCORING_EVENTS, 2,000).
  { name: 'scoring', run: () => benchScoring(Number(process.env.BENCH_SCORING_EVENTS ?? 2_000), services) },
  // A print mailing's address list of a segment (BENCH_PRINT_MEMBERS, 100,000).
  { name: 'print', run: () => benchPrintExport(Number(process.env.BENCH_PRINT_MEMBERS ?? 100_000)) },
  // PATCH /v1/contacts/{id} with the audit trail on ÷ off (AUDIT_DISABLED, bench only), BENCH_AUDIT_WRITES (400) each way.
  { name: 'audit', run: () => benchAudit() },
  // Last: it starts a whole local stack of its own (and sets the handlers' environment to it).
  { name: 'console', run: () => benchConsole(sizes.consoleContacts) },
];

interface BenchFile {
  measuredAt?: string;
  node?: string;
  results: Results;
  groups: Record<string, { measuredAt: string; seconds: number; failed?: string }>;
}

const out = process.env.BENCH_OUT ?? 'bench-results.json';

function previousFile(): BenchFile {
  if (!existsSync(out)) return { results: {}, groups: {} };
  try {
    const parsed = JSON.parse(readFileSync(out, 'utf8')) as Partial<BenchFile>;
    return { ...parsed, results: parsed.results ?? {}, groups: parsed.groups ?? {} };
  } catch (error) {
    console.log(`${out} is not readable JSON (${(error as Error).message}): starting it afresh`);
    return { results: {}, groups: {} };
  }
}

/** `BENCH_ONLY=segments,import` runs a subset; all of them by default. */
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !GROUPS.some((group) => group.name === name)) ?? [];
if (unknown.length > 0) throw new Error(`BENCH_ONLY names unknown groups: ${unknown.join(', ')} (known: ${GROUPS.map((group) => group.name).join(', ')})`);
const wanted = GROUPS.filter((group) => !only || only.includes(group.name));

const file = previousFile();
const results: Results = {};
const durations: Array<[string, number]> = [];
const runStarted = performance.now();
console.log(`bench: ${wanted.map((group) => group.name).join(', ')}${sizes.full ? ' (BENCH_FULL)' : ''}`);
const services = await startBenchServices();
try {
  for (const group of wanted) {
    const started = performance.now();
    let failed: string | undefined;
    try {
      Object.assign(results, await group.run());
    } catch (error) {
      // The other groups still run; the run ends with a failure code.
      failed = (error as Error).message;
      console.error(`bench: ${group.name} failed`, error);
    } finally {
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      durations.push([group.name, seconds]);
      console.log(`bench: ${group.name} ${failed ? 'failed' : 'done'} in ${seconds} s`);
      file.groups[group.name] = { measuredAt: new Date().toISOString(), seconds, ...(failed ? { failed } : {}) };
      Object.assign(file.results, results);
      writeFileSync(
        out,
        `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, results: file.results, groups: file.groups }, null, 2)}\n`,
      );
    }
  }
} finally {
  await services.stop();
}

const width = Math.max(...Object.keys(results).map((name) => name.length), 'metric'.length);
console.log(`${'metric'.padEnd(width)}  value`);
for (const [name, value] of Object.entries(results)) console.log(`${name.padEnd(width)}  ${value}`);
console.log(`\n${durations.map(([name, seconds]) => `${name} ${seconds} s`).join(', ')}; ${Math.round((performance.now() - runStarted) / 1000)} s in all`);
console.log(`written to ${out}`);
process.exit(durations.some(([name]) => file.groups[name]?.failed) ? 1 : 0);
