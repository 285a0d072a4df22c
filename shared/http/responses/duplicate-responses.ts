import type { DuplicateList } from '#shared/use-cases/list-duplicates';
import * as z from '#shared/zod';
import { contactResponse } from './contact-responses';

/**
 * Likely duplicate pairs, most reasons first.
 *
 * @example { "items": [{ "a": { "id": "c-1", "email": "anna.weiss@gmail.com", … }, "b": { "id": "c-2", "email": "annaweiss+messe@googlemail.com", … },
 *            "reasons": ["same_mailbox", "same_name_company"] }], "truncated": false, "checked": 5120 }
 */
export const duplicatesResponse = z.object({
  items: z.array(z.object({ a: contactResponse, b: contactResponse, reasons: z.array(z.enum(['same_name_company', 'same_phone', 'same_mailbox'])) })),
  truncated: z.boolean(),
  checked: z.number().int().min(0),
}) satisfies z.ZodType<DuplicateList>;
