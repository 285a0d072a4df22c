import { SUPPRESSION_REASONS } from '#shared/store/suppression-repository';
import * as z from '#shared/zod';
import { isoTime } from './common-responses';

/**
 * A suppressed address: no mailing reaches it. The normalised form it is keyed by stays inside.
 *
 * @example { "email": "old-address@example.com", "reason": "manual", "at": "2026-03-10T09:30:00.000Z", "source": "admin" }
 */
export const suppressionResponse = z.object({
  email: z.string(),
  reason: z.enum(SUPPRESSION_REASONS),
  at: isoTime,
  /** Where it came from: `ses:<messageId>`, `admin`. */
  source: z.string(),
});
