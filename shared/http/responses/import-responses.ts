import type { ImportSummary } from '#shared/use-cases/import-contacts';
import * as z from '#shared/zod';
import { tally } from './common-responses';

/**
 * What an import did: rows counted, created, merged, skipped (imported before), the rejected rows with
 * their reasons (the first 1,000; `rejectedCount` counts all) and the columns it did not read.
 *
 * @example { "importId": "9c1e…", "encoding": "utf-8", "rows": 3, "created": 2, "merged": 0, "skipped": 0,
 *            "rejected": [{ "row": 4, "reason": "email: must be an email address" }], "rejectedCount": 1, "ignoredColumns": [] }
 */
export const importSummaryResponse = z.object({
  importId: z.string(),
  encoding: z.enum(['utf-8', 'windows-1252']),
  rows: tally,
  created: tally,
  merged: tally,
  skipped: tally,
  rejected: z.array(z.object({ row: z.number().int(), reason: z.string() })),
  rejectedCount: tally,
  ignoredColumns: z.array(z.string()),
}) satisfies z.ZodType<ImportSummary>;
