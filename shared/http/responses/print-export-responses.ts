import { PRINT_EXPORT_STATUSES, type PrintExportView } from '#shared/domain/print-export-job';
import { isoTime, tally } from './common-responses';
import * as z from '#shared/zod';

/**
 * A print export as JSON (`Accept: application/json`, what the console asks for): the counts and the
 * CSV's text. @example { "exported": 2, "excluded": { "postBlocked": 1, "noAddress": 0 }, "fileName": "print-s-1-c-1.csv", "csv": "name;company;…" }
 */
export const printExportResponse = z.object({
  exported: tally,
  excluded: z.object({ postBlocked: tally, noAddress: tally }),
  fileName: z.string(),
  csv: z.string(),
});

/** A print export handed to the background (202): follow it at `GET /v1/print-exports/{exportId}`. @example { "exportId": "5f0c…", "status": "queued" } */
export const printExportQueuedResponse = z.object({ exportId: z.string(), status: z.literal('queued') });

/**
 * A background print export's state; once `done` with its counts and a presigned download URL valid 15 minutes.
 * @example { "exportId": "5f0c…", "segmentId": "s-1", "campaignId": "c-1", "status": "done", "memberCount": 100000,
 *            "counts": { "exported": 98211, "excluded": { "postBlocked": 1200, "noAddress": 589 } }, "fileName": "print-s-1-c-1.csv",
 *            "createdAt": "2026-03-10T09:30:00.000Z", "startedAt": "2026-03-10T09:30:01.000Z", "finishedAt": "2026-03-10T09:34:12.000Z",
 *            "downloadUrl": "https://…/exports/5f0c….csv?X-Amz-Signature=…", "downloadExpiresAt": "2026-03-10T09:49:30.000Z" }
 */
export const printExportJobResponse = z.object({
  exportId: z.string(),
  segmentId: z.string(),
  campaignId: z.string(),
  status: z.enum(PRINT_EXPORT_STATUSES),
  memberCount: tally,
  counts: z.object({ exported: tally, excluded: z.object({ postBlocked: tally, noAddress: tally }) }).optional(),
  fileName: z.string(),
  createdAt: isoTime,
  startedAt: isoTime.optional(),
  finishedAt: isoTime.optional(),
  error: z.string().optional(),
  downloadUrl: z.url().optional(),
  downloadExpiresAt: isoTime.optional(),
}) satisfies z.ZodType<PrintExportView>;
