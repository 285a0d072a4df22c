import { ABC_CLASSES } from '#shared/domain/abc';
import { SCORE_ENTRY_KINDS } from '#shared/domain/scoring';
import { scoreLineResponse } from './scoring-responses';
import { customFieldValuesResponse } from './custom-field-responses';
import { ACTIVITY_TYPES, type Activity } from '#shared/domain/activity';
import type { Touch } from '#shared/domain/attribution';
import type { ConsentProof, ConsentState, Touchpoint } from '#shared/domain/contact';
import type { ListedContact } from '#shared/domain/listed-contact';
import { MAIL_EVENT_KINDS, type MailTimelineEntry } from '#shared/domain/mailing';
import type { Order } from '#shared/domain/order';
import type { ContactView } from '#shared/use-cases/view-contact';
import * as z from '#shared/zod';
import { maskedAddressPart, maskedEmail, maskedIp, maskedPhone } from '../contact-masking';
import { currencyCode, isoTime, minorUnits, tally } from './common-responses';
import { addressResponse, channelHistoryResponse, channelProofResponse, channelsResponse, effectiveChannelsResponse } from './contact-data-responses';
import { taskResponse, taskTimelineEntryResponse, userRefResponse } from './sales-responses';

/**
 * A contact as the API shows it, and the parts of its 360° view. The profile never carries the
 * store's bookkeeping: its optimistic-locking `version`, its name-index `searchKeys`, the
 * `emailNormalised` the email claim is keyed by.
 */

const consentStatus = z.enum(['pending', 'granted', 'withdrawn']);

/** @example { "at": "2026-03-10T09:30:00.000Z", "campaignId": "c-42", "campaignCode": "hannover-messe-2026", "channel": "fair", "source": "direct" } */
export const touchResponse = z.object({
  at: isoTime,
  campaignId: z.string().optional(),
  campaignCode: z.string().optional(),
  channel: z.string(),
  source: z.string(),
  medium: z.string().optional(),
  formId: z.string().optional(),
}) satisfies z.ZodType<Touch>;

/** A contact's current consent for one topic. @example { "status": "granted", "at": "2026-03-10T09:31:00.000Z", "formId": "f-1" } */
export const consentStateResponse = z.object({
  status: consentStatus,
  at: isoTime,
  requestId: z.string().optional(),
  requestedAt: isoTime.optional(),
  mailSentAt: isoTime.optional(),
  formId: z.string().optional(),
  textVersion: z.string().optional(),
}) satisfies z.ZodType<ConsentState>;

/**
 * A person's profile and the facts segments read.
 *
 * @example { "id": "3f0c…", "email": "anna@example.de", "firstName": "Anna", "source": "web", "consents": {},
 *            "tags": [], "score": 0, "orders": { "count": 0, "totalMinor": 0 }, "activity": {},
 *            "createdAt": "2026-03-10T09:30:00.000Z", "updatedAt": "2026-03-10T09:30:00.000Z" }
 */
export const contactResponse = z.object({
  id: z.string(),
  email: maskedEmail,
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  company: z.string().optional(),
  jobTitle: z.string().optional(),
  phone: maskedPhone.optional(),
  locale: z.string().optional(),
  postalCode: maskedAddressPart.optional(),
  city: z.string().optional(),
  country: z.string().optional(),
  createdAt: isoTime,
  updatedAt: isoTime,
  source: z.string(),
  companyId: z.string().optional(),
  /** The user who owns the person (their own; the company's is in the 360° view's `owner`). */
  ownerId: z.string().optional(),
  firstTouch: touchResponse.optional(),
  lastTouch: touchResponse.optional(),
  consents: z.record(z.string(), consentStateResponse),
  tags: z.array(z.string()),
  score: z.number(),
  /** When the score last reached the qualification threshold (cleared when it falls below it). */
  qualifiedAt: isoTime.optional(),
  orders: z.object({
    count: tally,
    totalMinor: minorUnits,
    currency: currencyCode.optional(),
    firstAt: isoTime.optional(),
    lastAt: isoTime.optional(),
    byMonth: z.record(z.string(), minorUnits).optional(),
  }),
  activity: z.object({ lastAt: isoTime.optional() }),
  fields: customFieldValuesResponse.optional(),
  channels: channelsResponse.optional(),
  address: addressResponse.optional(),
  /** Segment id → when the contact entered it. */
  segments: z.record(z.string(), isoTime).optional(),
  /** Contacts merged into this one (their ids answer 404 with `mergedInto` this id). */
  mergedIds: z.array(z.string()).optional(),
  /** The ABC class of the person's account (their company's, else their own); absent until the first run. */
  abc: z.enum(ABC_CLASSES).optional(),
}) satisfies z.ZodType<ListedContact>;

const touchpointFields = {
  ...touchResponse.shape,
  id: z.string(),
  contactId: z.string(),
  importId: z.string().optional(),
  row: z.number().int().optional(),
  utm: z.partialRecord(z.enum(['source', 'medium', 'campaign', 'term', 'content']), z.string()).optional(),
  referrer: z.string().optional(),
  pageUrl: z.string().optional(),
};
const touchpointKind = z.enum(['form_submission', 'import', 'api', 'order', 'print_mailing']);

/** One touch in the contact's history: a form submission, an import row, an order. */
export const touchpointResponse = z.object({ ...touchpointFields, kind: touchpointKind }) satisfies z.ZodType<Touchpoint>;

const proofFields = {
  id: z.string(),
  contactId: z.string(),
  topic: z.string(),
  status: consentStatus,
  at: isoTime,
  method: z.enum(['double_opt_in', 'single_opt_in', 'import', 'unsubscribe', 'preferences', 'admin']),
  source: z.string(),
  formId: z.string().optional(),
  ip: maskedIp.optional(),
  userAgent: z.string().optional(),
  textVersion: z.string().optional(),
  text: z.string().optional(),
  requestId: z.string().optional(),
  detail: z.string().optional(),
};

/** The evidence of one consent change (GDPR art. 7(1)): who, when, where, to which text. */
export const consentProofResponse = z.object(proofFields) satisfies z.ZodType<ConsentProof>;

const activityFields = {
  id: z.string(),
  contactId: z.string(),
  type: z.enum(ACTIVITY_TYPES),
  at: isoTime,
  summary: z.string(),
  ownerId: z.string().optional(),
  createdAt: isoTime,
};

/** A call, meeting, visit, note or email logged by sales. @example { "id": "a-1", "contactId": "3f0c…", "type": "call", "at": "2026-03-11T14:00:00.000Z", "summary": "Asked for a quote", "createdAt": "2026-03-11T14:05:00.000Z" } */
export const activityResponse = z.object(activityFields) satisfies z.ZodType<Activity>;

const orderFields = {
  orderId: z.string(),
  contactId: z.string(),
  amountMinor: minorUnits,
  currency: currencyCode,
  orderedAt: isoTime,
  items: z.array(z.object({ sku: z.string(), name: z.string().optional(), quantity: z.number().int(), amountMinor: minorUnits })).optional(),
  receivedAt: isoTime,
};

/** An order from the ERP as stored with the contact. */
export const orderResponse = z.object(orderFields) satisfies z.ZodType<Order>;

const mailKind = z.enum(['sent', ...MAIL_EVENT_KINDS]);
const mailFields = {
  id: z.string(),
  at: isoTime,
  mailingId: z.string().optional(),
  journeyId: z.string().optional(),
  stepId: z.string().optional(),
  messageId: z.string().optional(),
  link: z.string().optional(),
};

/** A mailing's mail to the person, and what SES reported about it. */
export const mailEntryResponse = z.object({ ...mailFields, kind: mailKind }) satisfies z.ZodType<MailTimelineEntry>;

/**
 * One entry of the contact's timeline, newest first; `kind` says which, and the entry carries that
 * kind's fields (a touchpoint's own kind as `touchpointKind`, a mail's as `mailKind`).
 */
export const timelineEntryResponse = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('touchpoint'), ...touchpointFields, touchpointKind }),
  z.object({ kind: z.literal('consent'), ...proofFields }),
  z.object({ kind: z.literal('activity'), ...activityFields }),
  z.object({ kind: z.literal('order'), at: isoTime, ...orderFields }),
  z.object({ kind: z.literal('email'), ...mailFields, mailKind }),
  taskTimelineEntryResponse,
]);

/** A company as the 360° view shows it beside the person. */
const companyRef = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: isoTime,
  channels: channelsResponse.optional(),
  address: addressResponse.optional(),
});

/**
 * The 360° view: profile, company, consents per topic with their proofs, touchpoints, activities,
 * orders, mails, segment memberships, and one timeline of all of them, newest first.
 */
export const contactViewResponse = z.object({
  contact: contactResponse,
  company: companyRef.nullable(),
  touchpoints: z.array(touchpointResponse),
  consentProofs: z.array(consentProofResponse),
  activities: z.array(activityResponse),
  orders: z.array(orderResponse),
  mails: z.array(mailEntryResponse),
  consentsByTopic: z.record(z.string(), z.object({ status: consentStatus, at: isoTime, proofs: z.array(consentProofResponse) })),
  timeline: z.array(timelineEntryResponse),
  segments: z.array(z.object({ id: z.string(), name: z.string(), enteredAt: isoTime })),
  channelProofs: z.array(channelProofResponse),
  /** Each channel's effective state: blocked by the person or their company, else allowed (default). */
  effectiveChannels: effectiveChannelsResponse,
  /** The proofs of each channel's changes, newest first. */
  channelHistory: channelHistoryResponse,
  /** Where business post goes: the person's own complete address, else the company's; null when neither is complete. */
  postalAddress: z.object({ address: addressResponse, from: z.enum(['contact', 'company']) }).nullable(),
  /** Who owns the person: their own owner, else their company's (`ownerInherited`); null when neither has one. */
  owner: userRefResponse.nullable().optional(),
  ownerInherited: z.boolean().optional(),
  /** The person's tasks, open and done, by due time. */
  tasks: z.array(taskResponse).optional(),
  /** The journeys the person is or was in: the version entered, the step they are at, their status. */
  journeys: z.array(
    z.object({
      journeyId: z.string(),
      version: z.number().int().min(1),
      stepId: z.string(),
      status: z.enum(['active', 'completed', 'exited']),
      enteredAt: isoTime,
    }),
  ),
  /** Every point of the score explained under the current rules, newest first: "+5 clicked Sommer-Newsletter on 2026-06-03, decayed to 3". */
  scoreLedger: z.array(scoreLineResponse),
}) satisfies z.ZodType<ContactView>;

/** Everything stored about the person (GDPR art. 15), as one document. */
export const contactExportResponse = z.object({
  exportedAt: isoTime,
  format: z.literal('leadflow-contact-export/1'),
  profile: contactResponse,
  company: z.object({ id: z.string(), name: z.string() }).nullable(),
  consents: z.record(z.string(), consentStateResponse),
  consentProofs: z.array(consentProofResponse),
  channelProofs: z.array(channelProofResponse),
  touchpoints: z.array(touchpointResponse),
  activities: z.array(activityResponse),
  orders: z.array(orderResponse),
  /** The person's tasks (Wiedervorlagen), open and done. */
  tasks: z.array(taskResponse.omit({ overdue: true, subject: true })),
  /** The lead-scoring ledger: every scorable event as it happened (kind, what it refers to, its label, when). */
  scoreLedger: z.array(
    z.object({
      eventId: z.string(),
      kind: z.enum(SCORE_ENTRY_KINDS),
      points: z.number().optional(),
      at: isoTime,
      ref: z.string().optional(),
      label: z.string().optional(),
    }),
  ),
});
