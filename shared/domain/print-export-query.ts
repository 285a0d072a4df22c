import * as z from '#shared/zod';

/** `POST /v1/segments/{id}/print-export?campaignId=`: the print campaign the list is for. @example { "campaignId": "c-42" } */
export const printExportQuery = z.object({ campaignId: z.string({ error: 'is required' }).min(1, 'is required').max(200) });
