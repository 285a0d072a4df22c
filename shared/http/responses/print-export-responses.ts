import { tally } from './common-responses';
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
