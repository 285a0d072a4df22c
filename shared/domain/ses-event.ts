import * as z from '#shared/zod';
import { isoDateTime } from './common-schemas';
import type { MailEventKind } from './mailing';

/**
 * The SES event records a configuration set publishes to EventBridge (source `aws.ses`, detail-type
 * "Email Delivered", "Email Bounced", ...). Only what the product reads is required; SES adds more.
 * Tags set at send time (`mailingId`, `contactId`, `campaignId`) come back under `mail.tags` as arrays.
 *
 * @example { "eventType": "Bounce", "bounce": { "bounceType": "Permanent", "timestamp": "2026-11-24T08:00:00.000Z",
 *   "bouncedRecipients": [{ "emailAddress": "jane@example.com" }] },
 *   "mail": { "messageId": "0100018f-…", "timestamp": "2026-11-24T07:59:58.000Z", "destination": ["jane@example.com"],
 *   "tags": { "mailingId": ["m-1"], "contactId": ["c-1"], "campaignId": ["k-1"] } } }
 */
export const sesEventSchema = z.object({
  eventType: z.enum(['Send', 'Delivery', 'Bounce', 'Complaint', 'Open', 'Click', 'Reject', 'DeliveryDelay', 'RenderingFailure', 'Subscription']),
  mail: z.object({
    messageId: z.string().min(1).max(200),
    timestamp: isoDateTime,
    destination: z.array(z.string()).default([]),
    tags: z.record(z.string(), z.array(z.string())).default({}),
  }),
  bounce: z.object({ bounceType: z.string(), bounceSubType: z.string().optional(), timestamp: isoDateTime.optional() }).optional(),
  complaint: z.object({ timestamp: isoDateTime.optional(), complaintFeedbackType: z.string().optional() }).optional(),
  delivery: z.object({ timestamp: isoDateTime.optional() }).optional(),
  open: z.object({ timestamp: isoDateTime.optional() }).optional(),
  click: z.object({ timestamp: isoDateTime.optional(), link: z.string().optional() }).optional(),
});
export type SesEvent = z.infer<typeof sesEventSchema>;

/** A SES event as the product records it. */
export interface MailEvent {
  kind: MailEventKind;
  messageId: string;
  /** The mailing that sent it; a journey's mail names its journey and step instead. */
  mailingId?: string;
  journeyId?: string;
  stepId?: string;
  contactId: string;
  campaignId?: string;
  at: string;
  /** A hard bounce or a complaint: the address is suppressed at once. */
  suppress?: 'bounce' | 'complaint';
  /** For clicks: which link (kept in the timeline; no personal data in it by construction). */
  link?: string;
}

const KIND: Partial<Record<SesEvent['eventType'], MailEventKind>> = {
  Delivery: 'delivered',
  Bounce: 'bounced',
  Complaint: 'complained',
  Open: 'opened',
  Click: 'clicked',
};

/**
 * What a SES event means for the product, or undefined for events it does not count (sends, which
 * the sender records itself; delays; soft bounces SES still retries) and for mails it did not send
 * (neither a `mailingId` tag nor a journey's `journeyId` and `stepId`: the double opt-in mails).
 */
export function toMailEvent(event: SesEvent): MailEvent | undefined {
  const kind = KIND[event.eventType];
  const mailingId = event.mail.tags.mailingId?.[0];
  const journeyId = event.mail.tags.journeyId?.[0];
  const stepId = event.mail.tags.stepId?.[0];
  const contactId = event.mail.tags.contactId?.[0];
  if (!kind || !contactId || !(mailingId || (journeyId && stepId))) return undefined;
  // A transient bounce is SES giving up on a full mailbox for now; only permanent ones count and suppress.
  if (kind === 'bounced' && event.bounce?.bounceType !== 'Permanent') return undefined;
  const at =
    event.bounce?.timestamp ??
    event.complaint?.timestamp ??
    event.delivery?.timestamp ??
    event.open?.timestamp ??
    event.click?.timestamp ??
    event.mail.timestamp;
  const campaignId = event.mail.tags.campaignId?.[0];
  return {
    kind,
    messageId: event.mail.messageId,
    ...(mailingId ? { mailingId } : { journeyId, stepId }),
    contactId,
    ...(campaignId ? { campaignId } : {}),
    at: new Date(at).toISOString(),
    ...(kind === 'bounced' ? { suppress: 'bounce' as const } : kind === 'complained' ? { suppress: 'complaint' as const } : {}),
    ...(kind === 'clicked' && event.click?.link ? { link: event.click.link.slice(0, 2000) } : {}),
  };
}

/** EventBridge detail-types of the SES events the product subscribes to. */
export const SES_DETAIL_TYPES = ['Email Delivered', 'Email Bounced', 'Email Complaint Received', 'Email Opened', 'Email Clicked'] as const;
