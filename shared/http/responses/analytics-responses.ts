import { ATTRIBUTION_MODELS, type CampaignReport, type CampaignSummary } from '#shared/domain/campaign-analytics';
import { MAIL_EVENT_KINDS } from '#shared/domain/mailing';
import * as z from '#shared/zod';
import { currencyCode, isoDay, minorUnits, tally } from './common-responses';

const emailFunnel = z.object(
  Object.fromEntries(['sent', ...MAIL_EVENT_KINDS].map((kind) => [kind, tally])) as Record<'sent' | (typeof MAIL_EVENT_KINDS)[number], typeof tally>,
);

const outcomes = { leads: tally, newContacts: tally, confirmed: tally, customers: tally, revenueMinor: minorUnits };

const summaryFields = {
  campaignId: z.string(),
  name: z.string(),
  code: z.string(),
  channel: z.string(),
  from: isoDay,
  to: isoDay,
  attribution: z.enum(ATTRIBUTION_MODELS),
  ...outcomes,
  /** The currency of `revenueMinor`, `costMinor` and `costPerLead`; null without cost or revenue. */
  currency: currencyCode.nullable(),
  /** Revenue in other currencies, never added to `revenueMinor`. */
  otherRevenue: z.array(z.object({ currency: currencyCode, revenueMinor: minorUnits })),
  costMinor: minorUnits.nullable(),
  costPerLead: minorUnits.nullable(),
  /** Customers per lead, four decimals; null without leads. */
  conversionRate: z.number().nullable(),
  email: emailFunnel,
};

/**
 * A campaign's headline figures over a range, as the list that compares campaigns shows them.
 *
 * @example { "campaignId": "c-42", "name": "Hannover Messe 2026", "code": "hannover-messe-2026", "channel": "fair",
 *            "from": "2026-03-01", "to": "2026-03-31", "attribution": "first_touch", "leads": 40, "newContacts": 31,
 *            "confirmed": 22, "customers": 3, "revenueMinor": 389700, "currency": "EUR", "otherRevenue": [],
 *            "costMinor": 1250000, "costPerLead": 31250, "conversionRate": 0.075, "email": { "sent": 0, … } }
 */
export const campaignSummaryResponse = z.object(summaryFields) satisfies z.ZodType<CampaignSummary>;

/** A campaign's report: the headline figures, by source and medium, and every day of the range. */
export const campaignReportResponse = z.object({
  ...summaryFields,
  bySource: z.array(z.object({ source: z.string(), medium: z.string(), ...outcomes })),
  byDay: z.array(z.object({ day: isoDay, ...outcomes, email: emailFunnel })),
}) satisfies z.ZodType<CampaignReport>;
