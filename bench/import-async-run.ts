/**
 * One uploaded import's runs in a fresh process (so its peak RSS is its own), with the ports the
 * import function builds: `tsx bench/import-async-run.ts <importId> <rows>` with the bench environment
 * and S3_ENDPOINT / UPLOADS_BUCKET set; prints `{ rows, seconds, rowsPerSecond, peakRssMb }`.
 */
import { newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { uploadsBucket } from '#shared/files/s3-uploads';
import { ImportRepository } from '#shared/store/import-repository';
import { runUploadedImport, uploadArrived } from '#shared/use-cases/run-uploaded-import';

const [importId = '', rowsArg = '0'] = process.argv.slice(2);
const rows = Number(rowsArg);
const imports = new ImportRepository(tableRef());
let handedOn = false;
const ports = {
  ...repositoriesFor(tableRef()),
  imports,
  isErased: async () => false,
  uploads: uploadsBucket(),
  // A hand-off is the next run in this process (as the queue would start it in the next container).
  queue: {
    handOn: async () => {
      handedOn = true;
    },
  },
  clock: systemClock,
  newId,
};
// Lambda's 15 minutes per run; a longer import hands on and goes on in the next run.
const runDeadline = () => {
  const end = Date.now() + 900_000;
  return () => end - Date.now();
};
const started = performance.now();
let outcome = await uploadArrived(ports, importId, runDeadline());
while (outcome === 'handed-on' && handedOn) {
  handedOn = false;
  outcome = await runUploadedImport(ports, importId, runDeadline());
}
const seconds = (performance.now() - started) / 1000;
const record = await imports.get(importId);
if (record?.status !== 'done' || record.created !== rows) throw new Error(`the import ended ${record?.status} with ${record?.created} of ${rows} created`);
process.stdout.write(JSON.stringify({ rows, seconds, rowsPerSecond: rows / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
process.exit(0);
