import type { MailingCounts, MailingStatus } from '#shared/domain/mailing';

/**
 * `GET /v1/dashboard?from=&to=` as the brief and API.md ("Additions → Console") spell it. The route is
 * being built on another branch; once its response type is exported from shared/, import that instead.
 */
export interface Dashboard {
  from: string;
  to: string;
  leads: number;
  confirmed: number;
  customers: number;
  revenueMinor: number;
  currency: string | null;
  otherRevenue?: Array<{ currency: string; revenueMinor: number }>;
  mailsSent: number;
  byDay: Array<{ day: string; leads: number; confirmed: number; customers: number; mailsSent: number }>;
  sending: Array<{ id: string; name: string; campaignId?: string; status: MailingStatus; counts: MailingCounts }>;
  importing: Array<{ importId: string; fileName?: string; rows: number; processed: number; startedAt: string }>;
}
