import type { Topic } from '#shared/domain/topic';
import * as z from '#shared/zod';
import { isoTime } from './common-responses';

/**
 * A subscription topic as the API answers it.
 *
 * @example { "id": "newsletter", "name": "Newsletter", "consentText": "Ja, schickt mir den Newsletter.",
 *            "textVersion": "3f2a9c01b7de", "createdAt": "2026-03-01T08:00:00.000Z" }
 */
export const topicResponse = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  consentText: z.string(),
  textVersion: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime.optional(),
  archivedAt: isoTime.optional(),
}) satisfies z.ZodType<Topic>;
