import { NotFoundError, ValidationError } from '#shared/domain/errors';
import type { PrintExportCounts } from '#shared/domain/print-export';
import type { PrintExportJob, PrintExportView } from '#shared/domain/print-export-job';
import { printCsvHeader, printCsvLine } from '#shared/domain/print-list-csv';
import { exportObjectKey } from '#shared/files/export-keys';
import { exportPrintList, type PrintExportPorts, SYNC_PRINT_EXPORT_MEMBERS } from './export-print-list';

/** How long a download URL of a finished export stays valid. */
export const PRINT_DOWNLOAD_SECONDS = 15 * 60;

export interface PrintExportJobs {
  get(exportId: string): Promise<PrintExportJob | undefined>;
  create(job: PrintExportJob): Promise<void>;
  start(exportId: string, at: Date): Promise<boolean>;
  finish(exportId: string, counts: PrintExportCounts, at: Date): Promise<void>;
  fail(exportId: string, error: string, at: Date): Promise<boolean>;
}

/** Hands an export to the worker (a message on the print export queue). */
export interface PrintExportQueue {
  enqueue(exportId: string): Promise<void>;
}

/** A file being written as it is produced (a streamed multipart upload); `done` resolves once it is stored whole. */
export interface ExportFileWriter {
  write(text: string): Promise<void>;
  done(): Promise<void>;
  abort(): Promise<void>;
}

export interface ExportFiles {
  create(key: string): ExportFileWriter;
  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
}

const fileNameOf = (segmentId: string, campaignId: string) => `print-${segmentId}-${campaignId}.csv`;

/**
 * Queues the export of a segment for a print campaign when it is to run in the background: asked for
 * (`async`), or the segment has more members than one HTTP answer carries. Checks the segment and the
 * campaign first, so a bad request is answered at once. Undefined: the export is small enough to be
 * answered synchronously.
 */
export async function queuePrintExport(
  ports: Pick<PrintExportPorts, 'segments' | 'campaigns' | 'clock'> & { jobs: PrintExportJobs; queue: PrintExportQueue; newId: () => string },
  request: { segmentId: string; campaignId: string; async: boolean },
): Promise<{ exportId: string; status: 'queued' } | undefined> {
  const [segment, campaign] = await Promise.all([ports.segments.get(request.segmentId), ports.campaigns.get(request.campaignId)]);
  if (!segment) throw new NotFoundError('Segment', request.segmentId);
  if (!campaign) throw new ValidationError('The campaign is not known', [{ path: 'campaignId', message: `there is no campaign "${request.campaignId}"` }]);
  if (campaign.channel !== 'print')
    throw new ValidationError('The campaign is no print campaign', [
      { path: 'campaignId', message: `must be a campaign of channel print (this one is ${campaign.channel})` },
    ]);
  if (!request.async && segment.memberCount <= SYNC_PRINT_EXPORT_MEMBERS) return undefined;
  const exportId = ports.newId();
  await ports.jobs.create({
    exportId,
    segmentId: segment.id,
    campaignId: campaign.id,
    status: 'queued',
    memberCount: segment.memberCount,
    fileName: fileNameOf(segment.id, campaign.id),
    createdAt: ports.clock.now().toISOString(),
  });
  await ports.queue.enqueue(exportId);
  return { exportId, status: 'queued' };
}

/**
 * Runs a queued export: the same streaming list as the synchronous export (exportPrintList, touches
 * included: one per export and person, so a retried run adds none), written as it is read to
 * `exports/<exportId>.csv` (UTF-8 with BOM, `;`, CRLF). Returns false when there was nothing to do
 * (an unknown, done or failed export).
 */
export async function runPrintExport(ports: PrintExportPorts & { jobs: PrintExportJobs; files: ExportFiles }, exportId: string): Promise<boolean> {
  const job = await ports.jobs.get(exportId);
  if (!job || !(await ports.jobs.start(exportId, ports.clock.now()))) return false;
  const file = ports.files.create(exportObjectKey(exportId));
  try {
    await file.write(`\uFEFF${printCsvHeader()}`);
    const counts = await exportPrintList(ports, { segmentId: job.segmentId, campaignId: job.campaignId }, (row) => file.write(printCsvLine(row)));
    await file.done();
    await ports.jobs.finish(exportId, counts, ports.clock.now());
    return true;
  } catch (error) {
    await file.abort();
    throw error;
  }
}

/** The queue gave up on an export (its last receive failed): it says so. */
export async function failPrintExport(ports: { jobs: PrintExportJobs; clock: { now(): Date } }, exportId: string, reason: string): Promise<void> {
  await ports.jobs.fail(exportId, reason, ports.clock.now());
}

/** An export's state; once done with a download URL valid {@link PRINT_DOWNLOAD_SECONDS}. 404 for an unknown id. */
export async function viewPrintExport(
  ports: { jobs: PrintExportJobs; files: ExportFiles; clock: { now(): Date } },
  exportId: string,
): Promise<PrintExportView> {
  const job = await ports.jobs.get(exportId);
  if (!job) throw new NotFoundError('Print export', exportId);
  if (job.status !== 'done') return job;
  const downloadUrl = await ports.files.downloadUrl(exportObjectKey(exportId), job.fileName, PRINT_DOWNLOAD_SECONDS);
  return { ...job, downloadUrl, downloadExpiresAt: new Date(ports.clock.now().getTime() + PRINT_DOWNLOAD_SECONDS * 1000).toISOString() };
}
