import { CUSTOM_IMPORT_FIELD, IMPORT_FIELDS } from '#shared/domain/import-columns';
import { IMPORT_STATUSES, type ImportRecord } from '#shared/domain/import-record';
import type { ImportRejection } from '#shared/store/import-repository';
import type { ImportReport } from '#shared/use-cases/import-contacts';
import type { ImportUpload } from '#shared/use-cases/upload-import';
import * as z from '#shared/zod';
import { isoTime, tally } from './common-responses';

/** A built-in field or `fields.<key>` of a custom field of contacts. */
const importField = z.union([
  z.enum(IMPORT_FIELDS),
  z
    .string()
    .regex(CUSTOM_IMPORT_FIELD)
    .transform((target) => target as `fields.${string}`),
]);

/** A rejected row and why. @example { "row": 4, "reason": "email: must be an email address" } */
export const importRejectionResponse = z.object({ row: z.number().int(), reason: z.string() }) satisfies z.ZodType<ImportRejection>;

/**
 * What an import did, or with `?dryRun=true` would do: rows counted, created, merged, skipped (imported
 * before), the first rejected rows with their reasons (`rejectedCount` counts all), what was detected
 * in the file and a preview of its first rows after mapping.
 *
 * @example { "importId": "9c1e…", "dryRun": false, "complete": true, "encoding": "utf-8", "rows": 3, "created": 2, "merged": 0,
 *            "skipped": 0, "rejectedCount": 1, "rejected": [{ "row": 4, "reason": "email: must be an email address" }], "ignoredColumns": [],
 *            "detected": { "encoding": "utf-8", "delimiter": ";", "headers": ["E-Mail"], "mapping": { "E-Mail": "email" }, "ignoredColumns": [] },
 *            "preview": [{ "row": 2, "values": { "email": "anna@example.de" } }] }
 */
export const importReportResponse = z.object({
  importId: z.string(),
  dryRun: z.boolean(),
  complete: z.boolean(),
  encoding: z.enum(['utf-8', 'windows-1252']),
  rows: tally,
  created: tally,
  merged: tally,
  skipped: tally,
  rejectedCount: tally,
  rejected: z.array(importRejectionResponse),
  ignoredColumns: z.array(z.string()),
  detected: z.object({
    encoding: z.enum(['utf-8', 'utf-8-bom', 'windows-1252']),
    delimiter: z.enum([',', ';', '\t']),
    headers: z.array(z.string()),
    mapping: z.record(z.string(), importField.nullable()),
    ignoredColumns: z.array(z.string()),
  }),
  preview: z.array(z.object({ row: z.number().int(), values: z.record(z.string(), z.string()) })),
}) satisfies z.ZodType<ImportReport>;

/**
 * An import in the history: status (`waiting_for_upload`, `queued`, `running`, `done`, `failed`), progress and counts.
 *
 * @example { "importId": "9c1e…", "fileName": "messe.csv", "campaignId": "c-42", "topics": ["newsletter"], "status": "done",
 *            "rows": 3, "processed": 3, "created": 2, "merged": 0, "skipped": 0, "rejectedCount": 1,
 *            "startedAt": "2026-03-10T09:30:00.000Z", "finishedAt": "2026-03-10T09:30:02.000Z" }
 */
export const importRecordResponse = z.object({
  importId: z.string(),
  fileName: z.string().optional(),
  campaignId: z.string().nullable(),
  topics: z.array(z.string()),
  consentSource: z.string().optional(),
  status: z.enum(IMPORT_STATUSES),
  rows: tally,
  processed: tally,
  created: tally,
  merged: tally,
  skipped: tally,
  rejectedCount: tally,
  startedAt: isoTime,
  finishedAt: isoTime.optional(),
  error: z.string().optional(),
  uploadExpiresAt: isoTime.optional(),
}) satisfies z.ZodType<ImportRecord>;

/**
 * An upload handed out: PUT the CSV to `uploadUrl` (a presigned S3 URL) before `expiresAt`; the import
 * then runs by itself, followed at `GET /v1/imports/{importId}`.
 *
 * @example { "importId": "5f0c…", "uploadUrl": "https://leadflow-uploads….s3.eu-central-1.amazonaws.com/uploads/5f0c….csv?X-Amz-Signature=…",
 *            "expiresAt": "2026-03-10T09:45:00.000Z" }
 */
export const importUploadResponse = z.object({ importId: z.string(), uploadUrl: z.url(), expiresAt: isoTime }) satisfies z.ZodType<ImportUpload>;
