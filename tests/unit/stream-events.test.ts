import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { eventCatalog } from '#shared/events/catalog';
import type { DomainEvent } from '#shared/events/publisher';
import { keys, LEAD_IS_NEW } from '#shared/store/keys';
import { outboxPut } from '#shared/store/outbox';
import { streamEvent } from '#shared/store/stream-records';
import { type OutboxRecord, publishOutbox } from '#shared/use-cases/publish-outbox';

const at = '2026-11-24T08:00:00.000Z';

function aRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  item: Record<string, unknown>,
  old?: Record<string, unknown>,
  eventID = 'stream-1',
): DynamoDBRecord {
  return {
    eventID,
    eventName,
    dynamodb: {
      Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
      ...(eventName === 'REMOVE' ? {} : { NewImage: marshall(item, { removeUndefinedValues: true }) as never }),
      ...(old ? { OldImage: marshall(old) as never } : {}),
      SequenceNumber: '100',
    },
  };
}

const captured = eventCatalog.leadCaptured.event({ id: 'outbox-7', occurredAt: at, contactId: 'c-1', isNew: true, channel: 'web', formId: 'f-1' });

describe('the events stream records stand for', () => {
  it("publishes an outbox item as the event it holds, with the item's own id, and nothing for its expiry", () => {
    const item = outboxPut('t', captured).Put.Item;
    expect(item).toMatchObject(keys.outboxEntry('outbox-7', at));
    expect(streamEvent(aRecord('INSERT', item, undefined, 'stream-9'))).toEqual({ event: captured });
    expect(streamEvent(aRecord('REMOVE', item))).toBeUndefined();
  });

  it('refuses an outbox item the catalog does not know as poison', () => {
    const item = { ...outboxPut('t', captured).Put.Item, detail: JSON.stringify({ id: 'x', occurredAt: at }) };
    expect(streamEvent(aRecord('INSERT', item))).toEqual({ poison: expect.stringContaining('lead.captured detail') });
  });

  it('turns a granted or withdrawn consent proof into consent.granted / consent.withdrawn with the record id, a pending one into nothing', () => {
    const proof = (status: string) => ({
      ...keys.consentProof('c-1', 'newsletter', at, 'p-1'),
      id: 'p-1',
      contactId: 'c-1',
      topic: 'newsletter',
      status,
      at,
      method: 'double_opt_in',
      source: 'form:f-1',
      ip: '203.0.113.9',
      text: 'Ja',
    });
    expect(streamEvent(aRecord('INSERT', proof('granted'), undefined, 'rec-1'))).toEqual({
      event: eventCatalog.consentGranted.event({
        id: 'rec-1',
        occurredAt: at,
        contactId: 'c-1',
        topic: 'newsletter',
        method: 'double_opt_in',
        source: 'form:f-1',
      }),
    });
    expect(streamEvent(aRecord('INSERT', proof('withdrawn')))).toMatchObject({ event: { detailType: eventCatalog.consentWithdrawn.detailType } });
    expect(streamEvent(aRecord('INSERT', proof('pending')))).toBeUndefined();
  });

  it("turns a capture's touchpoint into lead.captured with the touchpoint's id, whatever the record's id", () => {
    const fromForm = {
      ...keys.timelineEntry('c-1', at, 't-1'),
      type: 'touchpoint',
      id: 't-1',
      contactId: 'c-1',
      at,
      kind: 'form_submission',
      channel: 'web',
      source: 'direct',
      formId: 'f-1',
      [LEAD_IS_NEW]: true,
    };
    expect(streamEvent(aRecord('INSERT', fromForm, undefined, 'rec-3'))).toEqual({
      event: eventCatalog.leadCaptured.event({ id: 't-1', occurredAt: at, contactId: 'c-1', isNew: true, channel: 'web', formId: 'f-1' }),
    });
    const fromImport = {
      ...keys.importRowTouchpoint('c-2', 'file-1', 7),
      type: 'touchpoint',
      id: 'imp-1-7',
      contactId: 'c-2',
      at,
      kind: 'import',
      channel: 'fair',
      source: 'import',
      importId: 'imp-1',
      row: 7,
      campaignId: 'k-1',
      campaignCode: 'messe',
      [LEAD_IS_NEW]: false,
    };
    expect(streamEvent(aRecord('INSERT', fromImport, undefined, 'rec-4'))).toEqual({
      event: eventCatalog.leadCaptured.event({
        id: 'imp-1-7',
        occurredAt: at,
        contactId: 'c-2',
        isNew: false,
        channel: 'fair',
        importId: 'imp-1',
        campaignId: 'k-1',
      }),
    });
    // Rewritten or erased: no second event. A timeline entry that is not a capture's: none at all.
    expect(streamEvent(aRecord('MODIFY', fromForm, fromForm))).toBeUndefined();
    expect(streamEvent(aRecord('REMOVE', fromForm))).toBeUndefined();
    const { [LEAD_IS_NEW]: _isNew, ...seeded } = fromForm;
    expect(streamEvent(aRecord('INSERT', seeded))).toBeUndefined();
    expect(streamEvent(aRecord('INSERT', { ...keys.timelineEntry('c-1', at, 'a-1'), type: 'activity', id: 'a-1', contactId: 'c-1', at }))).toBeUndefined();
  });

  it('refuses a touchpoint whose event the catalog would not take as poison', () => {
    const broken = {
      ...keys.timelineEntry('c-1', at, 't-2'),
      type: 'touchpoint',
      id: 't-2',
      contactId: 'c-1',
      at: 'yesterday',
      channel: 'web',
      [LEAD_IS_NEW]: true,
    };
    expect(streamEvent(aRecord('INSERT', broken))).toEqual({ poison: expect.stringContaining('lead.captured detail') });
  });

  it('turns a mailing that went from sending to sent into mailing.sent with its final counts', () => {
    const counts = {
      recipients: 3,
      sent: 2,
      skippedNoConsent: 1,
      suppressed: 0,
      failed: 0,
      delivered: 2,
      opened: 1,
      clicked: 0,
      bounced: 0,
      complained: 0,
      unsubscribed: 0,
    };
    const mailing = { ...keys.mailing('m-1'), id: 'm-1', campaignId: 'k-1', status: 'sent', finishedAt: at, counts };
    expect(streamEvent(aRecord('MODIFY', mailing, { ...mailing, status: 'sending' }, 'rec-2'))).toEqual({
      event: eventCatalog.mailingSent.event({
        id: 'rec-2',
        occurredAt: at,
        mailingId: 'm-1',
        campaignId: 'k-1',
        counts: { recipients: 3, sent: 2, skippedNoConsent: 1, suppressed: 0, failed: 0 },
      }),
    });
    expect(streamEvent(aRecord('MODIFY', mailing, mailing))).toBeUndefined();
  });

  it('keeps segment memberships as segment.entered / segment.exited with the record id', () => {
    const member = { ...keys.segmentMember('s-1', 'c-1'), enteredAt: at };
    expect(streamEvent(aRecord('INSERT', member, undefined, 'rec-3'))).toEqual({
      event: eventCatalog.segmentEntered.event({ id: 'rec-3', occurredAt: at, segmentId: 's-1', contactId: 'c-1' }),
    });
    expect(streamEvent(aRecord('REMOVE', member))).toMatchObject({ event: { detailType: eventCatalog.segmentExited.detailType } });
  });
});

describe('publishOutbox', () => {
  const records = (count: number): OutboxRecord[] =>
    Array.from({ length: count }, (_, index) => ({
      position: String(index),
      change: { event: eventCatalog.mailingSendRequested.event({ id: `e-${index}`, occurredAt: at, mailingId: 'm-1' }) },
    }));

  it('publishes in order, ten per call', async () => {
    const calls: DomainEvent[][] = [];
    const result = await publishOutbox({ events: { publish: async (events) => void calls.push(events) } }, records(23));
    expect(result).toEqual({ published: 23 });
    expect(calls.map((call) => call.length)).toEqual([10, 10, 3]);
  });

  it('stops at the chunk that failed and names its first record, so only it and what follows is delivered again', async () => {
    let call = 0;
    const result = await publishOutbox(
      {
        events: {
          publish: async () => {
            call += 1;
            if (call === 2) throw Object.assign(new Error('down'), { name: 'ServiceUnavailable' });
          },
        },
      },
      records(23),
    );
    expect(result).toEqual({ published: 10, failedFrom: '10', reason: 'ServiceUnavailable' });
  });

  it('publishes what comes before a poison record and then names the poison one', async () => {
    const published: string[] = [];
    const batch = [...records(3), { position: '3', change: { poison: 'bad detail' } }, ...records(2)];
    const result = await publishOutbox({ events: { publish: async (events) => void published.push(...events.map((event) => event.detail.id)) } }, batch);
    expect(result).toEqual({ published: 3, failedFrom: '3', reason: 'bad detail' });
    expect(published).toEqual(['e-0', 'e-1', 'e-2']);
  });
});
