import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { eventCatalog, eventDefinitionOf } from '#shared/events/catalog';
import type { DomainEvent } from '#shared/events/publisher';
import { contactIdOfMember, LEAD_IS_NEW, segmentIdOfMembers, SK_PREFIX, STREAM_EVENT_PREFIX } from './keys';

/** A segment membership that started (`INSERT`) or ended (`REMOVE`), read from a stream record's keys. */
export interface MembershipRecord {
  segmentId: string;
  contactId: string;
  entered: boolean;
  at: string;
}

type Image = Record<string, unknown>;

function imageOf(image: unknown): Image | undefined {
  return image ? (unmarshall(image as Record<string, AttributeValue>) as Image) : undefined;
}

function approximateTime(record: DynamoDBRecord): string {
  const approximate = record.dynamodb?.ApproximateCreationDateTime;
  return approximate ? new Date(approximate * 1000).toISOString() : new Date().toISOString();
}

/** The membership change a stream record of a `SEG#` item stands for; undefined for any other record. */
export function membershipRecord(record: DynamoDBRecord): MembershipRecord | undefined {
  const pk = record.dynamodb?.Keys?.pk?.S;
  const sk = record.dynamodb?.Keys?.sk?.S;
  if (!pk?.startsWith(STREAM_EVENT_PREFIX.segmentMembers) || !sk?.startsWith('C#') || (record.eventName !== 'INSERT' && record.eventName !== 'REMOVE'))
    return undefined;
  const enteredAt = record.dynamodb?.NewImage?.enteredAt?.S;
  return {
    segmentId: segmentIdOfMembers(pk),
    contactId: contactIdOfMember(sk),
    entered: record.eventName === 'INSERT',
    at: enteredAt ?? approximateTime(record),
  };
}

/** A stream record the outbox reader looked at: the event it stands for, or why it cannot be published. */
export type StreamEvent = { event: DomainEvent } | { poison: string } | undefined;

/**
 * The event a stream record stands for (the table is the outbox, ARCHITECTURE.md "One table"):
 * - an outbox item (`OUTBOX#`) written with a change: its event, with its own id;
 * - a segment membership started or ended: `segment.entered` / `segment.exited`;
 * - a consent proof (`CONSENT#`, append-only; every consent change writes one): `consent.granted` /
 *   `consent.withdrawn` (a `pending` proof is announced by the capture's `consent.requested`);
 * - a capture's touchpoint (a web form's or an import row's): `lead.captured`, with the touchpoint's id;
 * - a mailing that turned from `sending` to `sent`: `mailing.sent` with its final counts.
 * Other events derived from a record take the record's id (`eventID`), which a redelivery repeats.
 * Undefined for any other record; `poison` for an outbox item the catalog refuses.
 */
export function streamEvent(record: DynamoDBRecord): StreamEvent {
  const pk = record.dynamodb?.Keys?.pk?.S ?? '';
  const sk = record.dynamodb?.Keys?.sk?.S ?? '';
  const id = record.eventID;
  if (!id) return undefined;
  if (pk.startsWith(STREAM_EVENT_PREFIX.outbox) && record.eventName === 'INSERT') return outboxItemEvent(imageOf(record.dynamodb?.NewImage));
  // An item a merge moved into the survivor's partition happened before: it announces nothing again.
  if (pk.startsWith(STREAM_EVENT_PREFIX.contact) && record.dynamodb?.NewImage?.movedFrom) return undefined;
  const membership = membershipRecord(record);
  if (membership) {
    return {
      event: (membership.entered ? eventCatalog.segmentEntered : eventCatalog.segmentExited).event({
        id,
        segmentId: membership.segmentId,
        contactId: membership.contactId,
        occurredAt: membership.at,
      }),
    };
  }
  if (pk.startsWith(STREAM_EVENT_PREFIX.contact) && sk.startsWith(SK_PREFIX.consent) && record.eventName === 'INSERT') {
    const proof = imageOf(record.dynamodb?.NewImage);
    const definition = proof?.status === 'granted' ? eventCatalog.consentGranted : proof?.status === 'withdrawn' ? eventCatalog.consentWithdrawn : undefined;
    if (!proof || !definition) return undefined;
    return guarded(() =>
      definition.event({
        id,
        occurredAt: String(proof.at),
        contactId: String(proof.contactId),
        topic: String(proof.topic),
        method: String(proof.method),
        source: String(proof.source),
      }),
    );
  }
  if (pk.startsWith(STREAM_EVENT_PREFIX.contact) && sk.startsWith(SK_PREFIX.timeline) && record.eventName === 'INSERT')
    return capturedEvent(imageOf(record.dynamodb?.NewImage));
  if (pk.startsWith(STREAM_EVENT_PREFIX.mailing) && sk === 'META' && record.eventName === 'MODIFY') {
    const before = imageOf(record.dynamodb?.OldImage);
    const mailing = imageOf(record.dynamodb?.NewImage);
    if (before?.status !== 'sending' || mailing?.status !== 'sent') return undefined;
    const counts = (mailing.counts ?? {}) as Record<string, number>;
    return guarded(() =>
      eventCatalog.mailingSent.event({
        id,
        occurredAt: String(mailing.finishedAt ?? approximateTime(record)),
        mailingId: String(mailing.id),
        campaignId: String(mailing.campaignId),
        counts: {
          recipients: counts.recipients ?? 0,
          sent: counts.sent ?? 0,
          skippedNoConsent: counts.skippedNoConsent ?? 0,
          suppressed: counts.suppressed ?? 0,
          failed: counts.failed ?? 0,
        },
      }),
    );
  }
  return undefined;
}

/**
 * `lead.captured` for a touchpoint its capture wrote (it carries {@link LEAD_IS_NEW}); undefined for any
 * other timeline entry. The touchpoint's id is the event's: unique per capture, the same on redelivery.
 */
function capturedEvent(touchpoint: Image | undefined): StreamEvent {
  if (touchpoint?.type !== 'touchpoint' || typeof touchpoint[LEAD_IS_NEW] !== 'boolean') return undefined;
  const optional = (name: 'formId' | 'importId' | 'campaignId') => (typeof touchpoint[name] === 'string' ? { [name]: touchpoint[name] } : {});
  return guarded(() =>
    eventCatalog.leadCaptured.event({
      id: String(touchpoint.id),
      occurredAt: String(touchpoint.at),
      contactId: String(touchpoint.contactId),
      isNew: touchpoint[LEAD_IS_NEW] === true,
      channel: String(touchpoint.channel),
      ...optional('formId'),
      ...optional('importId'),
      ...optional('campaignId'),
    }),
  );
}

function outboxItemEvent(item: Image | undefined): StreamEvent {
  const definition = item ? eventDefinitionOf(String(item.source), String(item.detailType)) : undefined;
  if (!item || !definition) return { poison: `outbox item of an unknown event ${String(item?.detailType)}` };
  return guarded(() => definition.event(JSON.parse(String(item.detail)) as never));
}

function guarded(build: () => DomainEvent): StreamEvent {
  try {
    return { event: build() };
  } catch (error) {
    return { poison: (error as Error).message };
  }
}
