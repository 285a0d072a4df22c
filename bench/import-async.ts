import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort } from '#infra/local/ports';
import { startS3Local } from '#infra/local/s3-local';
import { newId, systemClock, tableRef } from '#shared/container';
import { createS3Client, S3Uploads } from '#shared/files/s3-uploads';
import { ImportRepository } from '#shared/store/import-repository';
import { requestImportUpload } from '#shared/use-cases/upload-import';
import { CampaignRepository } from '#shared/store/campaign-repository';
import { TopicRepository } from '#shared/store/topic-repository';
import { round } from './stats';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Writes a fair's file of `rows` distinct people to disk line by line (never whole in memory). */
async function writeFairFile(file: string, rows: number): Promise<void> {
  const prefix = randomUUID().slice(0, 8);
  const out = createWriteStream(file);
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write('E-Mail;Vorname;Nachname;Firma\r\n');
  for (let index = 0; index < rows; index += 1) await write(`${prefix}-${index}@fair.example;Vor${index};Nach${index};Firma ${index % 50}\r\n`);
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

/**
 * One uploaded import: an upload handed out by the use case the route calls, the file PUT to its
 * presigned URL on the S3 stand-in, then the import function's run in a fresh
 * process (bench/import-async-run.ts), so its peak RSS is its own.
 */
async function runUploadedImport(rows: number, s3Endpoint: string, bucket: string, dir: string): Promise<{ rowsPerSecond: number; peakRssMb: number }> {
  const file = path.join(dir, `fair-${rows}.csv`);
  await writeFairFile(file, rows);
  const uploads = new S3Uploads(createS3Client({ AWS_REGION: 'eu-central-1', S3_ENDPOINT: s3Endpoint }), bucket);
  const table = tableRef();
  const upload = await requestImportUpload(
    { campaigns: new CampaignRepository(table), topics: new TopicRepository(table), imports: new ImportRepository(table), uploads, clock: systemClock, newId },
    { fileName: `fair-${rows}.csv`, topics: [] },
  );
  // The parent holds the file for the PUT; the process measured is the import's.
  const put = await fetch(upload.uploadUrl, { method: 'PUT', body: readFileSync(file) });
  if (!put.ok) throw new Error(`the upload was refused: ${put.status}`);
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  // Not execFileSync: the S3 stand-in runs in this process and must keep answering the import's reads.
  const { stdout } = await promisify(execFile)(tsx, ['bench/import-async-run.ts', upload.importId, String(rows)], {
    cwd: ROOT,
    env: { ...process.env, S3_ENDPOINT: s3Endpoint, UPLOADS_BUCKET: bucket },
    maxBuffer: 1 << 20,
  });
  const result = JSON.parse(stdout) as { rowsPerSecond: number; peakRssMb: number };
  rmSync(file);
  return result;
}

/**
 * `import.asyncRowsPerSecond`: a file of `rows` through the upload path (route's use case, presigned
 * PUT to the S3 stand-in, the import function's runs streaming it back from S3) into DynamoDB Local;
 * `import.asyncPeakRssMb10k` / `import.asyncPeakRssMb200k`: the peak RSS of that function's process
 * for 10,000 rows and for `rows`, whose ratio shows whether memory grows with the file (aim ≤ 1.2).
 */
export async function benchAsyncImport(rows: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'leadflow-bench-upload-'));
  const s3 = await startS3Local({ port: await freePort(), bucket: 'bench-uploads' });
  try {
    const small = await runUploadedImport(10_000, s3.endpoint, s3.bucket, dir);
    const large = await runUploadedImport(rows, s3.endpoint, s3.bucket, dir);
    return {
      'import.asyncRows': rows,
      'import.asyncRowsPerSecond': round(large.rowsPerSecond, 1),
      'import.asyncPeakRssMb10k': round(small.peakRssMb, 1),
      'import.asyncPeakRssMb200k': round(large.peakRssMb, 1),
      'import.asyncRssRatio': round(large.peakRssMb / small.peakRssMb, 3),
    };
  } finally {
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
