import { type Campaign, CHANNELS } from '#shared/domain/campaign';
import * as z from '#shared/zod';
import { currencyCode, isoTime, minorUnits } from './common-responses';

/**
 * A campaign as the API answers it.
 *
 * @example { "id": "c-42", "name": "Hannover Messe 2026", "code": "hannover-messe-2026", "channel": "fair",
 *            "costMinor": 1250000, "currency": "EUR", "createdAt": "2026-03-01T08:00:00.000Z", "updatedAt": "2026-03-01T08:00:00.000Z" }
 */
export const campaignResponse = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string(),
  channel: z.enum(CHANNELS),
  startsAt: isoTime.optional(),
  endsAt: isoTime.optional(),
  costMinor: minorUnits.optional(),
  currency: currencyCode.optional(),
  createdAt: isoTime,
  updatedAt: isoTime,
}) satisfies z.ZodType<Campaign>;
