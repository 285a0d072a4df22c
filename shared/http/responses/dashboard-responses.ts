import { MAILING_STATUSES } from '#shared/domain/mailing';
import type { Dashboard } from '#shared/use-cases/view-dashboard';
import * as z from '#shared/zod';
import { currencyCode, isoDay, isoTime, minorUnits, tally } from './common-responses';
import { mailingCountsResponse } from './mailing-responses';

/**
 * The console's dashboard: every campaign's figures over a range (default the last 30 days), by day;
 * mailings under way; running imports.
 *
 * @example { "from": "2026-03-01", "to": "2026-03-30", "leads": 40, "confirmed": 22, "customers": 3, "revenueMinor": 389700,
 *            "currency": "EUR", "mailsSent": 120, "byDay": [{ "day": "2026-03-01", "leads": 2, "confirmed": 1, "customers": 0, "mailsSent": 0 }],
 *            "sending": [], "importing": [] }
 */
export const dashboardResponse = z.object({
  from: isoDay,
  to: isoDay,
  leads: tally,
  confirmed: tally,
  customers: tally,
  revenueMinor: minorUnits,
  currency: currencyCode.nullable(),
  otherRevenue: z.array(z.object({ currency: currencyCode, revenueMinor: minorUnits })).optional(),
  mailsSent: tally,
  byDay: z.array(z.object({ day: isoDay, leads: tally, confirmed: tally, customers: tally, mailsSent: tally })),
  sending: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      campaignId: z.string(),
      status: z.enum(MAILING_STATUSES),
      counts: mailingCountsResponse,
      scheduledAt: isoTime.optional(),
      startedAt: isoTime.optional(),
    }),
  ),
  importing: z.array(z.object({ importId: z.string(), fileName: z.string().optional(), rows: tally, processed: tally, startedAt: isoTime })),
}) satisfies z.ZodType<Dashboard>;
