/**
 * `npm run bench`: measures against real DynamoDB Local and the SES stand-in, prints a table and writes
 * JSON to BENCH_OUT (default bench-results.json). Ratios compare with baselines measured in the same
 * run; absolute times on shared machines are noise.
 */
import { writeFileSync } from 'node:fs';
import { benchAnalytics } from './analytics';
import { benchCapture } from './capture';
import { benchConsole } from './console';
import { benchImport } from './import';
import { benchAsyncImport } from './import-async';
import { startBenchServices } from './local-services';
import { benchMailing } from './mailing';
import { benchResponseShaping } from './response-shaping';
import { benchSegments } from './segments';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const services = await startBenchServices();
const results: Record<string, number> = {};
/** `BENCH_ONLY=segments,import` runs a subset; all of them by default. */
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const wanted = (name: string) => !only || only.includes(name);
try {
  if (wanted('capture')) Object.assign(results, await benchCapture());
  if (wanted('import')) Object.assign(results, await benchImport(Number(process.env.BENCH_IMPORT_ROWS ?? 50_000)));
  // Also alone (`BENCH_ONLY=import-async`): the upload path, sized by BENCH_ASYNC_IMPORT_ROWS.
  if (wanted('import') || wanted('import-async')) Object.assign(results, await benchAsyncImport(Number(process.env.BENCH_ASYNC_IMPORT_ROWS ?? 200_000)));
  if (wanted('segments')) Object.assign(results, await benchSegments(Number(process.env.BENCH_SEGMENT_CONTACTS ?? 100_000)));
  if (wanted('analytics')) Object.assign(results, await benchAnalytics(Number(process.env.BENCH_ANALYTICS_LEADS ?? 100_000)));
  if (wanted('shaping')) Object.assign(results, benchResponseShaping());
  if (wanted('mailing')) Object.assign(results, await benchMailing(Number(process.env.BENCH_MAILS ?? 5_000), Number(process.env.BENCH_PREP_CONTACTS ?? 100_000)));
  // Last: it starts a whole local stack of its own (and sets the handlers' environment to it).
  if (wanted('console')) Object.assign(results, await benchConsole(Number(process.env.BENCH_CONSOLE_CONTACTS ?? 100_000)));
} finally {
  await services.stop();
}

const out = process.env.BENCH_OUT ?? 'bench-results.json';
writeFileSync(out, `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
const width = Math.max(...Object.keys(results).map((name) => name.length));
console.log(`${'metric'.padEnd(width)}  value`);
for (const [name, value] of Object.entries(results)) console.log(`${name.padEnd(width)}  ${value}`);
console.log(`\nwritten to ${out}`);
process.exit(0);
