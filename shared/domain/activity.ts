import * as z from '#shared/zod';
import { isoDateTime, requiredText } from './common-schemas';

import { ACTIVITY_TYPES } from './activity-types';

export { ACTIVITY_TYPES };

/**
 * Something sales did with a person: a call, meeting, visit, note or email.
 *
 * @example { "type": "call", "at": "2026-03-11T14:00:00Z", "summary": "Asked for a quote for 20 seats" }
 */
export const activitySchema = z.strictObject({
  type: z.enum(ACTIVITY_TYPES),
  at: isoDateTime,
  summary: z.string().trim().min(1, 'must not be empty').max(5000),
  ownerId: requiredText(100).optional(),
});
export type ActivityInput = z.infer<typeof activitySchema>;

export interface Activity extends ActivityInput {
  id: string;
  contactId: string;
  createdAt: string;
}
