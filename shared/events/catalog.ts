import { isoDateTime } from '#shared/domain/common-schemas';
import { orderSchema } from '#shared/domain/order';
import { parseWith } from '#shared/http/validate';
import * as z from '#shared/zod';
import type { DomainEvent, EventSource } from './publisher';

const id = z.string().min(1).max(200);
const count = z.number().int().min(0);
/** What every detail carries: a stable id (a consumer drops repeats by it) and when it happened. */
const base = { id, occurredAt: isoDateTime };

/**
 * One event of the catalog: its source and detail type on the bus, and the zod schema of its `detail`.
 * Publishers build events with {@link EventDefinition.event} (the detail is checked on the way out),
 * the manifest subscribes with {@link EventDefinition.trigger}, consumers read with
 * {@link EventDefinition.parse} (a bad detail throws, so the delivery is retried and then dead-lettered).
 */
export class EventDefinition<S extends z.ZodType = z.ZodType> {
  constructor(
    readonly source: EventSource,
    readonly detailType: string,
    readonly schema: S,
  ) {}

  /** The event with this detail, validated; throws a ValidationError naming the bad field. */
  event(detail: z.input<S>): DomainEvent {
    return { source: this.source, detailType: this.detailType, detail: parseWith(this.schema, detail, `${this.detailType} detail`) as DomainEvent['detail'] };
  }

  /** The detail of a delivered event; throws a ValidationError (a poison message) when it does not fit. */
  parse(detail: unknown): z.output<S> {
    return parseWith(this.schema, detail, `${this.detailType} detail`);
  }

  /** The manifest's event trigger for this event. */
  get trigger(): { source: EventSource; detailType: string } {
    return { source: this.source, detailType: this.detailType };
  }
}

const define = <S extends z.ZodType>(source: EventSource, detailType: string, schema: S) => new EventDefinition(source, detailType, schema);

/** `email.*`: what SES reported about a mailing's mail to one contact (journeys branch on these). */
const mailEventDetail = z.strictObject({ ...base, contactId: id, mailingId: id.optional(), journeyId: id.optional(), stepId: id.optional() });
const consentChangeDetail = z.strictObject({ ...base, contactId: id, topic: id, method: z.string().min(1).max(50), source: z.string().min(1).max(300) });
const membershipDetail = z.strictObject({ ...base, segmentId: id, contactId: id });

/**
 * THE event catalog (API.md, "Events (catalog)"): every event the product publishes or consumes on its
 * bus. Details carry ids and codes, never names or addresses (`contact.erased` carries the keyed hash
 * of the address only). Nothing else in the code base spells a detail type.
 *
 * @example eventCatalog.leadCaptured.event({ id: 'outbox-1', occurredAt: '2026-11-24T08:00:00.000Z',
 *   contactId: 'c-1', isNew: true, channel: 'web', formId: 'f-1' })
 */
export const eventCatalog = {
  /** A web-form submission or an import row reached a contact. */
  leadCaptured: define(
    'marketing',
    'lead.captured',
    z.strictObject({
      ...base,
      contactId: id,
      isNew: z.boolean(),
      channel: z.string().min(1).max(50),
      formId: id.optional(),
      importId: id.optional(),
      campaignId: id.optional(),
    }),
  ),
  /** A double opt-in request is open and its confirmation mail is due (the outbox sends it). */
  consentRequested: define(
    'marketing',
    'consent.requested',
    z.strictObject({ ...base, contactId: id, topics: z.array(id).min(1).max(50), requestId: id, formId: id.optional() }),
  ),
  consentGranted: define('marketing', 'consent.granted', consentChangeDetail),
  consentWithdrawn: define('marketing', 'consent.withdrawn', consentChangeDetail),
  /** A person was erased (GDPR art. 17): only the keyed hash of the address, which the suppression list keeps. */
  contactErased: define('marketing', 'contact.erased', z.strictObject({ ...base, emailHash: z.string().min(16).max(200) })),
  /** One contact was merged into another: ids only (the survivor keeps everything; the merged id answers 404 with `mergedInto`). */
  contactMerged: define('marketing', 'contact.merged', z.strictObject({ ...base, survivorId: id, mergedId: id })),
  segmentEntered: define('marketing', 'segment.entered', membershipDetail),
  segmentExited: define('marketing', 'segment.exited', membershipDetail),
  /** Asks the segment runner to evaluate these segments now (its `runId` shows up as their `lastRun`). */
  segmentsEvaluationRequested: define(
    'marketing',
    'segments.evaluation.requested',
    z.strictObject({ ...base, runId: z.string().min(1).max(100), segmentIds: z.array(z.string().min(1).max(100)).min(1).max(100) }),
  ),
  /** Asks the ABC runner for a classification now (`POST /v1/abc/recompute`; its `runId` shows up in `GET /v1/abc`). */
  abcRecomputeRequested: define('marketing', 'abc.recompute.requested', z.strictObject({ ...base, runId: z.string().min(1).max(100) })),
  /** A mailing is sending: the preparer snapshots its recipients (again, after the sweeper found it stuck). */
  mailingSendRequested: define('marketing', 'mailing.send.requested', z.strictObject({ ...base, mailingId: id })),
  /** Every recipient of a mailing has its outcome. */
  mailingSent: define(
    'marketing',
    'mailing.sent',
    z.strictObject({
      ...base,
      mailingId: id,
      campaignId: id,
      counts: z.strictObject({ recipients: count, sent: count, skippedNoConsent: count, suppressed: count, failed: count }),
    }),
  ),
  emailOpened: define('marketing', 'email.opened', mailEventDetail),
  emailClicked: define('marketing', 'email.clicked', mailEventDetail),
  emailBounced: define('marketing', 'email.bounced', mailEventDetail),
  emailComplained: define('marketing', 'email.complained', mailEventDetail),
  /**
   * A contact's lead score crossed the qualification threshold upwards (published once per crossing):
   * the owner assignment and the follow-up task react to it.
   */
  leadQualified: define('marketing', 'lead.qualified', z.strictObject({ ...base, contactId: id, score: z.number(), qualifyAt: z.number() })),
  /** A person entered a journey (again, after re-entry: `entries` counts the times). */
  journeyEntered: define(
    'marketing',
    'journey.entered',
    z.strictObject({ ...base, journeyId: id, version: z.number().int().min(1), contactId: id, entries: z.number().int().min(1) }),
  ),
  /** A person left a journey: at its end (`completed`) or exited by the goal, an unsubscribe, the journey's archiving or an erasure. */
  journeyExited: define(
    'marketing',
    'journey.exited',
    z.strictObject({
      ...base,
      journeyId: id,
      version: z.number().int().min(1),
      contactId: id,
      reason: z.enum(['completed', 'goal', 'unsubscribed', 'archived', 'erased']),
    }),
  ),
  /**
   * An activity (call, meeting, note, visit, email) was logged on a contact (lead scoring reacts to it).
   * Published through the outbox in the activity's own transaction.
   */
  activityLogged: define('marketing', 'activity.logged', z.strictObject({ ...base, contactId: id, activityId: id, activityType: z.string().min(1).max(50) })),
  /**
   * An order was recorded on a contact, once per order id, from `POST /v1/orders` or the ERP's
   * `order.placed` (which may name its buyer by address only): lead scoring reacts to this one.
   */
  orderRecorded: define('marketing', 'order.recorded', z.strictObject({ ...base, contactId: id, orderId: id })),
  /** Asks the scoring runner to rescore every contact (a rules change, `POST /v1/scoring/rebuild`). */
  scoringRebuildRequested: define('marketing', 'scoring.rebuild.requested', z.strictObject({ ...base, runId: id })),
  /** An order from the ERP (inbound; the ERP is its publisher, so it may carry the buyer's address). */
  orderPlaced: define('erp', 'order.placed', orderSchema),
} as const;

export type CatalogEventName = keyof typeof eventCatalog;

/** The catalog entry for a source and detail type, or undefined for an event the product does not know. */
export function eventDefinitionOf(source: string, detailType: string): EventDefinition | undefined {
  return Object.values(eventCatalog).find((definition) => definition.source === source && definition.detailType === detailType);
}
