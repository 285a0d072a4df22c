import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { freePort } from '#infra/local/ports';
import { startSesLocal } from '#infra/local/ses-local';
import { type LocalStack, startLocalStack } from '#infra/local/stack';
import { repositoriesFor } from '#shared/container';
import { type EventDefinition, eventCatalog } from '#shared/events/catalog';
import { createDocumentClient } from '#shared/store/dynamo-client';

/**
 * The outbox under faults, on the real local stack in this process (DynamoDB Local, its stream
 * poller, the local bus, scheduler and queue, the SES stand-in): every event still arrives exactly
 * once with the id it was first tried with, the double opt-in mail waits for SES, and a mailing whose
 * start was lost is finished by the sweeper. Only PutEvents failing is mocked: the stack cannot make
 * the bus refuse a publish for real.
 */

const rootDir = path.resolve(import.meta.dirname, '..', '..');
const suffix = randomUUID().slice(0, 8);
const company = `Ausfall ${suffix}`;
const topicId = `faults-${suffix}`;

interface BusEvent {
  id: string;
  detailType: string;
  detail: { id: string; [field: string]: unknown };
}
interface StoredMail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
  headers?: Array<{ name: string; value: string }>;
}

let stack: LocalStack;
let ses: { endpoint: string; stop(): Promise<void> };
let sesPort: number;

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await sleep(150);
  }
}

const admin = async <T = Record<string, unknown>>(route: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> => {
  const response = await fetch(`${stack.apiUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status >= 300) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? {} : await response.json()) as T;
};

async function submit(formId: string, fields: Record<string, unknown>): Promise<{ status: number; contactId: string }> {
  const response = await fetch(`${stack.apiUrl}/v1/forms/${formId}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fields),
  });
  return { status: response.status, contactId: ((await response.json()) as { contactId: string }).contactId };
}

async function busEvents(definition: EventDefinition, where: (detail: BusEvent['detail']) => boolean): Promise<BusEvent[]> {
  const { events } = (await (await fetch(`${stack.eventsUrl}/events`)).json()) as { events: BusEvent[] };
  return events.filter((event) => event.detailType === definition.detailType && where(event.detail));
}

async function mailsTo(address: string): Promise<StoredMail[]> {
  const store = (await (await fetch(`${ses.endpoint}/store`)).json()) as { emails: StoredMail[] };
  return store.emails.filter((mail) => mail.destination.to.includes(address));
}

/**
 * mock: PutEvents fails — the first PutEvents carrying each of these detail types is refused (as
 * EventBridge does when it is unavailable); every other call goes to the local bus. Records the ids
 * of the events it refused, to check that the event that arrives later is the same one.
 */
function mockPutEventsFailsOnceFor(definitions: EventDefinition[]) {
  const original = EventBridgeClient.prototype.send as (this: EventBridgeClient, ...args: unknown[]) => Promise<unknown>;
  const pending = new Set(definitions.map((definition) => definition.detailType));
  const refused = new Map<string, string[]>();
  const spy = vi.spyOn(EventBridgeClient.prototype, 'send').mockImplementation(function (this: EventBridgeClient, ...args: unknown[]) {
    const [command] = args;
    if (command instanceof PutEventsCommand) {
      const hits = (command.input.Entries ?? []).map((entry) => entry.DetailType ?? '').filter((detailType) => pending.has(detailType));
      if (hits.length > 0) {
        for (const hit of hits) pending.delete(hit);
        for (const entry of command.input.Entries ?? []) {
          refused.set(entry.DetailType ?? '', [...(refused.get(entry.DetailType ?? '') ?? []), (JSON.parse(entry.Detail ?? '{}') as { id: string }).id]);
        }
        return Promise.reject(Object.assign(new Error('mock: PutEvents fails'), { name: 'InternalException' }));
      }
    }
    return original.apply(this, args);
  } as never);
  return { refused, restore: () => spy.mockRestore(), allFailed: () => pending.size === 0 };
}

/** Waits for the event, then long enough for a second copy to have come, and returns what arrived. */
async function arrivedOnce(definition: EventDefinition, where: (detail: BusEvent['detail']) => boolean): Promise<BusEvent[]> {
  await until(
    `${definition.detailType} on the bus`,
    () => busEvents(definition, where),
    (events) => events.length > 0,
  );
  await sleep(1500);
  return busEvents(definition, where);
}

/** The event was refused once and still arrived exactly once, with the id it was first tried with. */
function expectArrivedOnceAfterRefusal(events: BusEvent[], refused: Map<string, string[]>, definition: EventDefinition): void {
  expect(events, definition.detailType).toHaveLength(1);
  expect(refused.get(definition.detailType), definition.detailType).toContain(events[0]?.detail.id);
}

let doubleForm = '';
let singleForm = '';
let campaignId = '';
let segmentId = '';
let templateId = '';
const people: string[] = [];
const address = (name: string) => `${name}-${suffix}@example.de`;

beforeAll(async () => {
  sesPort = await freePort();
  ses = await startSesLocal({ port: sesPort });
  // A mailing whose record has not moved for a second counts as stuck (the default is ten minutes).
  process.env.MAILING_STUCK_SECONDS = '1';
  stack = await startLocalStack({
    rootDir,
    apiPort: await freePort(),
    sesPort,
    dynamoDbPort: 0,
    eventsPort: await freePort(),
    s3Port: await freePort(),
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
    sesEndpoint: ses.endpoint,
    tableName: `faults-${suffix}`,
    eventRetryDelayMs: 1000,
    queueRetryDelayMs: 200,
  });
  await admin('/v1/topics', { id: topicId, name: 'Ausfallbrief', consentText: 'Ja, schickt mir den Ausfallbrief.' });
  campaignId = (await admin<{ id: string }>('/v1/campaigns', { name: `Ausfall ${suffix}`, channel: 'email' })).id;
  const form = async (doubleOptIn: boolean) =>
    (
      await admin<{ id: string }>('/v1/forms', {
        name: `Ausfall ${suffix} ${doubleOptIn}`,
        topics: [topicId],
        doubleOptIn,
        campaignId,
        allowedOrigins: ['https://www.example.de'],
        fields: [{ name: 'company' }, { name: 'firstName' }],
      })
    ).id;
  doubleForm = await form(true);
  singleForm = await form(false);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await ses?.stop();
});

describe('the outbox under faults', () => {
  it('answers a capture with 202 while SES is down, and sends exactly one confirmation mail once SES is back', async () => {
    const repos = repositoriesFor({
      client: createDocumentClient({ AWS_REGION: 'eu-central-1', DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint') }),
      tableName: stack.tableName,
    });
    await ses.stop();
    const capture = await submit(doubleForm, { email: address('ses-down'), consent: [topicId] });
    expect(capture.status).toBe(202);
    // The mail was tried and given back (claimed, then released): SES really was down for it.
    await until(
      'a failed attempt at the mail',
      () => repos.contacts.get(capture.contactId),
      (contact) => (contact?.version ?? 0) >= 3 && contact?.consents[topicId]?.mailSentAt === undefined,
      15_000,
    );
    ses = await startSesLocal({ port: sesPort });
    await until(
      'the confirmation mail',
      () => mailsTo(address('ses-down')),
      (mails) => mails.length > 0,
      15_000,
    );
    await sleep(1500);
    const mails = await mailsTo(address('ses-down'));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.body.text).toMatch(/\/v1\/consent\/confirm\?token=/);
  });

  it('delivers lead.captured, consent.granted and consent.requested exactly once although their first publish failed', async () => {
    const fault = mockPutEventsFailsOnceFor([eventCatalog.leadCaptured, eventCatalog.consentGranted, eventCatalog.consentRequested]);
    try {
      for (const name of ['anna', 'bert', 'cleo']) {
        const capture = await submit(singleForm, { email: address(name), company, firstName: name, consent: [topicId] });
        expect(capture.status).toBe(202);
        people.push(capture.contactId);
      }
      const pending = await submit(doubleForm, { email: address('dora'), consent: [topicId] });
      const mine = (detail: BusEvent['detail']) => people.includes(String(detail.contactId));

      // One per person, none twice, and the refused ones among them under the ids they were first tried with.
      const captured = await arrivedOnce(eventCatalog.leadCaptured, mine);
      expect(new Set(captured.map((event) => event.detail.contactId)).size).toBe(3);
      expect(captured).toHaveLength(3);
      expect(fault.refused.get(eventCatalog.leadCaptured.detailType)?.some((id) => captured.some((event) => event.detail.id === id))).toBe(true);
      const granted = await arrivedOnce(eventCatalog.consentGranted, mine);
      expect(granted).toHaveLength(3);
      expect(fault.refused.get(eventCatalog.consentGranted.detailType)?.some((id) => granted.some((event) => event.detail.id === id))).toBe(true);
      const requested = await arrivedOnce(eventCatalog.consentRequested, (detail) => detail.contactId === pending.contactId);
      expectArrivedOnceAfterRefusal(requested, fault.refused, eventCatalog.consentRequested);
      expect(fault.allFailed()).toBe(true);
      // The mail it asked for went out once.
      await until(
        "dora's confirmation mail",
        () => mailsTo(address('dora')),
        (mails) => mails.length > 0,
      );
      expect(await mailsTo(address('dora'))).toHaveLength(1);
    } finally {
      fault.restore();
    }
  });

  it('delivers segment.entered exactly once although its first publish failed', async () => {
    const fault = mockPutEventsFailsOnceFor([eventCatalog.segmentEntered]);
    try {
      segmentId = (await admin<{ id: string }>('/v1/segments', { name: `Ausfall ${suffix}`, rule: { field: 'company', op: 'eq', value: company } })).id;
      await admin(`/v1/segments/${segmentId}/evaluate`, {});
      await until(
        'the segment to hold all three',
        () => admin<{ memberCount: number }>(`/v1/segments/${segmentId}`),
        (segment) => segment.memberCount === 3,
      );
      const entered = await arrivedOnce(eventCatalog.segmentEntered, (detail) => detail.segmentId === segmentId);
      expect(entered.map((event) => event.detail.contactId).sort()).toEqual([...people].sort());
      expect(fault.refused.get(eventCatalog.segmentEntered.detailType)?.some((id) => entered.some((event) => event.detail.id === id))).toBe(true);
    } finally {
      fault.restore();
    }
  });

  it('delivers mailing.send.requested and mailing.sent exactly once although their first publish failed, and mails everyone once', async () => {
    templateId = (
      await admin<{ id: string }>('/v1/templates', {
        name: `Ausfall ${suffix}`,
        subject: `Ausfall ${suffix} {{firstName|}}`,
        html: '<p>Hallo</p><a href="{{unsubscribeUrl}}">Abmelden</a>',
      })
    ).id;
    const fault = mockPutEventsFailsOnceFor([eventCatalog.mailingSendRequested, eventCatalog.mailingSent]);
    try {
      const mailing = await admin<{ id: string }>('/v1/mailings', {
        name: `A ${suffix}`,
        campaignId,
        segmentId,
        topic: topicId,
        templateId,
        from: 'news@leadflow.local',
      });
      await admin(`/v1/mailings/${mailing.id}/send`, {});
      const requested = await arrivedOnce(eventCatalog.mailingSendRequested, (detail) => detail.mailingId === mailing.id);
      expectArrivedOnceAfterRefusal(requested, fault.refused, eventCatalog.mailingSendRequested);
      const sent = await arrivedOnce(eventCatalog.mailingSent, (detail) => detail.mailingId === mailing.id);
      expectArrivedOnceAfterRefusal(sent, fault.refused, eventCatalog.mailingSent);
      expect(sent[0]?.detail).toMatchObject({ campaignId, counts: { recipients: 3, sent: 3 } });
      for (const name of ['anna', 'bert', 'cleo']) expect(await mailsTo(address(name))).toHaveLength(1);
    } finally {
      fault.restore();
    }
  });

  it('finishes a mailing whose start event was lost through the sweeper, every recipient mailed once', async () => {
    const repos = repositoriesFor({
      client: createDocumentClient({ AWS_REGION: 'eu-central-1', DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint') }),
      tableName: stack.tableName,
    });
    const created = await admin<{ id: string }>('/v1/mailings', {
      name: `B ${suffix}`,
      campaignId,
      segmentId,
      topic: topicId,
      templateId,
      from: 'news@leadflow.local',
    });
    const mailing = await repos.mailings.get(created.id);
    if (!mailing) throw new Error('the mailing is missing');
    // Sending, but its request never reached the preparer: the status change without its event.
    await repos.mailings.changeStatus(mailing, 'sending', new Date(), { startedAt: new Date().toISOString() });
    await sleep(1200);
    expect(await busEvents(eventCatalog.mailingSendRequested, (detail) => detail.mailingId === created.id)).toEqual([]);

    const swept = (await (await fetch(`${stack.eventsUrl}/schedules/mailings-sweeper/fire`, { method: 'POST' })).json()) as { result: { restarted: string[] } };
    expect(swept.result.restarted).toEqual([created.id]);

    const done = await until(
      'the swept mailing to be sent',
      () => admin<{ status: string; counts: Record<string, number> }>(`/v1/mailings/${created.id}`),
      (body) => body.status === 'sent',
    );
    expect(done.counts).toMatchObject({ recipients: 3, sent: 3 });
    for (const name of ['anna', 'bert', 'cleo']) expect(await mailsTo(address(name))).toHaveLength(2);
    // Another tick finds nothing stuck.
    const again = (await (await fetch(`${stack.eventsUrl}/schedules/mailings-sweeper/fire`, { method: 'POST' })).json()) as { result: { restarted: string[] } };
    expect(again.result.restarted).toEqual([]);
  });

  it('delivers email.opened, email.clicked, email.bounced and email.complained exactly once although their first publish failed', async () => {
    const [anna, bert, cleo] = await Promise.all(['anna', 'bert', 'cleo'].map(async (name) => (await mailsTo(address(name)))[0]));
    if (!anna || !bert || !cleo) throw new Error("the mailing's mails are missing");
    const fault = mockPutEventsFailsOnceFor([eventCatalog.emailOpened, eventCatalog.emailClicked, eventCatalog.emailBounced, eventCatalog.emailComplained]);
    try {
      for (const [mail, eventType] of [
        [anna, 'Open'],
        [anna, 'Click'],
        [bert, 'Bounce'],
        [cleo, 'Complaint'],
        [anna, 'Open'],
      ] as const) {
        const response = await fetch(`${stack.eventsUrl}/ses/events`, {
          method: 'POST',
          body: JSON.stringify({ messageId: mail.messageId, eventType, ...(eventType === 'Click' ? { link: 'https://www.example.de/' } : {}) }),
        });
        expect(response.status).toBe(200);
      }
      for (const [definition, contactId] of [
        [eventCatalog.emailOpened, people[0]],
        [eventCatalog.emailClicked, people[0]],
        [eventCatalog.emailBounced, people[1]],
        [eventCatalog.emailComplained, people[2]],
      ] as const) {
        const events = await arrivedOnce(definition, (detail) => detail.contactId === contactId);
        expectArrivedOnceAfterRefusal(events, fault.refused, definition);
      }
    } finally {
      fault.restore();
    }
  });

  it('delivers consent.withdrawn exactly once although its first publish failed', async () => {
    const [mail] = await mailsTo(address('anna'));
    const link = /<(http[^>]+)>/.exec(mail?.headers?.find((header) => header.name === 'List-Unsubscribe')?.value ?? '')?.[1] ?? '';
    const fault = mockPutEventsFailsOnceFor([eventCatalog.consentWithdrawn]);
    try {
      const response = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(response.status).toBe(200);
      const withdrawn = await arrivedOnce(eventCatalog.consentWithdrawn, (detail) => detail.contactId === people[0]);
      expectArrivedOnceAfterRefusal(withdrawn, fault.refused, eventCatalog.consentWithdrawn);
      expect(withdrawn[0]?.detail).toMatchObject({ topic: topicId, method: 'unsubscribe' });
    } finally {
      fault.restore();
    }
  });

  it('delivers contact.erased and segment.exited exactly once although their first publish failed', async () => {
    const fault = mockPutEventsFailsOnceFor([eventCatalog.contactErased, eventCatalog.segmentExited]);
    try {
      await admin(`/v1/contacts/${people[1]}`, undefined, 'DELETE');
      const exited = await arrivedOnce(eventCatalog.segmentExited, (detail) => detail.contactId === people[1]);
      expectArrivedOnceAfterRefusal(exited, fault.refused, eventCatalog.segmentExited);
      const erased = await arrivedOnce(
        eventCatalog.contactErased,
        (detail) => fault.refused.get(eventCatalog.contactErased.detailType)?.includes(detail.id) ?? false,
      );
      expectArrivedOnceAfterRefusal(erased, fault.refused, eventCatalog.contactErased);
      expect(JSON.stringify(erased)).not.toContain(people[1]);
      expect(JSON.stringify(erased)).not.toContain(address('bert'));
    } finally {
      fault.restore();
    }
  });

  it('leaves nothing in the dead letters', async () => {
    const { deadLetters } = (await (await fetch(`${stack.eventsUrl}/dead-letters`)).json()) as { deadLetters: unknown[] };
    expect(deadLetters).toEqual([]);
  });
});
