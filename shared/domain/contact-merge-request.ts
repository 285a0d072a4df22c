import * as z from '#shared/zod';

const contactId = z.string().trim().min(1, 'must not be empty').max(100);

/** `POST /v1/contacts/{id}/merge`: the contact to merge into `{id}` (the survivor). */
export const mergeRequestSchema = z.strictObject({ otherId: contactId });

/** `POST /v1/contacts/duplicates/dismissals`: a pair that is not one person. */
export const duplicateDismissalSchema = z
  .strictObject({ a: contactId, b: contactId })
  .refine((pair) => pair.a !== pair.b, { path: ['b'], message: 'must be another contact than a' });

/** `GET /v1/contacts/duplicates?limit=`: how many pairs to answer (the scan always reads every contact). */
export const duplicatesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });
