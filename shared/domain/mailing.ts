import type { CustomFieldValues } from './custom-field-value';
import * as z from '#shared/zod';
import { isoDateTime, requiredText, slugId } from './common-schemas';
import type { ConsentState } from './contact';
import { ConflictError } from './errors';
import type { Channels } from './channel';
import { channelAllowed } from './channel-rules';

export const MAILING_STATUSES = ['draft', 'scheduled', 'sending', 'sent', 'cancelled'] as const;
export type MailingStatus = (typeof MAILING_STATUSES)[number];

/** What happened to one recipient of a mailing; exactly one per recipient. */
/** `capped`: skipped because the frequency cap (`PUT /v1/settings`) was reached for the person. */
export const RECIPIENT_OUTCOMES = ['sent', 'skippedNoConsent', 'suppressed', 'capped', 'failed'] as const;
export type RecipientOutcome = (typeof RECIPIENT_OUTCOMES)[number];

/** What SES reports back about a sent mail (through the configuration set). */
export const MAIL_EVENT_KINDS = ['delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed'] as const;
export type MailEventKind = (typeof MAIL_EVENT_KINDS)[number];

/** The counts of API.md, live while the mailing sends. */
export type MailingCounts = Record<'recipients' | RecipientOutcome | MailEventKind, number>;

export function emptyCounts(): MailingCounts {
  return {
    recipients: 0,
    sent: 0,
    skippedNoConsent: 0,
    suppressed: 0,
    capped: 0,
    failed: 0,
    delivered: 0,
    opened: 0,
    clicked: 0,
    bounced: 0,
    complained: 0,
    unsubscribed: 0,
  };
}

/** `jane@example.com` or `Example GmbH <news@example.com>`; no line breaks (no header injection). */
export const mailbox = z
  .string()
  .max(320)
  .refine((value) => {
    const match = /^(?:([^<>\r\n"]{1,100}) <([^<>\s]+)>|([^<>\s]+))$/.exec(value.trim());
    const address = match?.[2] ?? match?.[3];
    return address !== undefined && z.email().safeParse(address).success;
  }, 'must be an address such as news@example.com or "Example GmbH <news@example.com>"');

/**
 * @example { "name": "Newsletter November", "campaignId": "c-42", "segmentId": "s-7", "topic": "newsletter",
 *   "templateId": "t-3", "from": "Example GmbH <news@example.com>", "scheduledAt": "2026-12-01T08:00:00Z" }
 */
export const createMailingSchema = z.strictObject({
  name: requiredText(200),
  campaignId: z.string().min(1).max(200),
  segmentId: z.string().min(1).max(200),
  topic: slugId,
  templateId: z.string().min(1).max(200),
  from: mailbox,
  replyTo: mailbox.optional(),
  scheduledAt: isoDateTime.optional(),
});
export type CreateMailingInput = z.infer<typeof createMailingSchema>;

export interface Mailing extends CreateMailingInput {
  id: string;
  status: MailingStatus;
  counts: MailingCounts;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
  cancelledAt?: string;
  /** The recipient snapshot is complete: every segment member was checked and queued. */
  prepared?: boolean;
}

export function newMailing(input: CreateMailingInput, id: string, now: Date): Mailing {
  const at = now.toISOString();
  const scheduledAt = input.scheduledAt ? new Date(input.scheduledAt).toISOString() : undefined;
  return { ...input, ...(scheduledAt ? { scheduledAt } : {}), id, status: 'draft', counts: emptyCounts(), createdAt: at, updatedAt: at };
}

/** The mailing was asked to do something its status does not allow. */
export class MailingStateError extends ConflictError {
  constructor(
    readonly mailingId: string,
    readonly status: MailingStatus,
    action: string,
  ) {
    super(`Mailing ${mailingId} is ${status}; it cannot be ${action}`);
    this.name = 'MailingStateError';
  }
}

/**
 * What `send` does with a mailing: a draft with a future `scheduledAt` waits for the scheduler, any
 * other draft (or a scheduled one whose time came) starts now. Sending twice is refused: the recipients
 * of a sent mailing are never mailed again by it.
 */
export function planSend(mailing: Pick<Mailing, 'id' | 'status' | 'scheduledAt'>, now: Date): 'scheduled' | 'sending' {
  if (mailing.status !== 'draft' && mailing.status !== 'scheduled') throw new MailingStateError(mailing.id, mailing.status, 'sent again');
  if (mailing.status === 'draft' && mailing.scheduledAt && new Date(mailing.scheduledAt).getTime() > now.getTime()) return 'scheduled';
  return 'sending';
}

/** A mailing can be cancelled until it has finished; a sending one stops after the batches in flight. */
export function assertCancellable(mailing: Pick<Mailing, 'id' | 'status'>): void {
  if (mailing.status === 'sent' || mailing.status === 'cancelled') throw new MailingStateError(mailing.id, mailing.status, 'cancelled');
}

/** What the send check reads about a recipient (a projection of the contact profile). */
export interface RecipientFacts {
  id: string;
  email: string;
  emailNormalised: string;
  firstName?: string;
  lastName?: string;
  company?: string;
  locale?: string;
  consents?: Record<string, Pick<ConsentState, 'status'>>;
  /** Custom field values, merged as `{{fields.<key>}}`. */
  fields?: CustomFieldValues;
  /** The person's channels and their company's copy: a blocked `email` stops every marketing mail. */
  channels?: Channels;
  companyChannels?: Channels;
}

/**
 * Whether a recipient may get a mailing on `topic`, decided at the moment of sending: an erased
 * contact (no profile left) and a suppressed address are `suppressed`; anything but granted consent
 * for the topic (pending, withdrawn, never asked) is `skippedNoConsent`, and so is a person whose
 * effective `email` channel is blocked (by them or their company), whatever their topics.
 */
export function recipientVerdict(recipient: RecipientFacts | undefined, topic: string, suppressed: boolean): 'send' | 'skippedNoConsent' | 'suppressed' {
  if (!recipient || suppressed) return 'suppressed';
  if (!channelAllowed(recipient.channels, recipient.companyChannels, 'email')) return 'skippedNoConsent';
  return recipient.consents?.[topic]?.status === 'granted' ? 'send' : 'skippedNoConsent';
}

/** The recipients of one queue message: one mailing, a slice of its snapshot. */
export const recipientBatchSchema = z.strictObject({
  mailingId: z.string().min(1).max(200),
  /** Unique per slice of the snapshot; the batch's tally is counted once under this id. */
  batchId: z.string().min(1).max(200),
  contactIds: z.array(z.string().min(1).max(200)).min(1).max(99),
});
export type RecipientBatch = z.infer<typeof recipientBatchSchema>;

/**
 * The RFC 8058 one-click headers (Gmail's and Yahoo's bulk-sender rules): an https link that a POST
 * of `List-Unsubscribe=One-Click` acts on, and a mailto fallback.
 */
export function unsubscribeHeaders(httpsUrl: string, mailto: string | undefined): Record<string, string> {
  const targets = [`<${httpsUrl}>`, ...(mailto ? [`<${mailto}>`] : [])];
  return { 'List-Unsubscribe': targets.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** A mail in the contact's timeline: sent, then what SES reported (delivered, opened, ...). */
export interface MailTimelineEntry {
  /** Derived from the SES message id and the kind, so a repeated event writes the same entry. */
  id: string;
  at: string;
  kind: 'sent' | MailEventKind;
  /** The mailing that sent it, or the journey and step. */
  mailingId?: string;
  journeyId?: string;
  stepId?: string;
  messageId?: string;
  link?: string;
}
