import * as z from '#shared/zod';

/**
 * `POST /v1/segments/{id}/print-export?campaignId=&async=`: the print campaign the list is for, and
 * `async=true` to run the export in the background whatever the segment's size (above
 * SYNC_PRINT_EXPORT_MEMBERS it always is). @example { "campaignId": "c-42", "async": "true" }
 */
export const printExportQuery = z.object({
  campaignId: z.string({ error: 'is required' }).min(1, 'is required').max(200),
  async: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
});
