import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { eventCatalog } from '#shared/events/catalog';
import { emailHasher } from '#shared/security/email-hash';
import { aCaptureSetup, api, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
let setup: Awaited<ReturnType<typeof aCaptureSetup>>;

interface ContactSummary {
  id: string;
  firstName?: string;
  lastName?: string;
  companyId?: string;
  orders: { count: number; totalMinor: number; firstAt?: string; lastAt?: string; byMonth?: Record<string, number> };
}

async function capture(fields: Record<string, unknown>): Promise<string> {
  const response = await api.submit(setup.form.id, JSON.stringify(fields));
  expect(response.status).toBe(202);
  return ((await response.json()) as { contactId: string }).contactId;
}

beforeAll(async () => {
  setup = await aCaptureSetup(`c360-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }, { name: 'company' }] });
});

describe('finding people', () => {
  it('finds Weiß by "weiss" and Müller by "Mueller", regardless of case', async () => {
    const weiss = await capture({ email: `weiss-${suffix}@example.de`, firstName: 'Anna', lastName: `Weiß${suffix}` });
    const mueller = await capture({ email: `mueller-${suffix}@example.de`, firstName: 'Jürgen', lastName: `Müller${suffix}` });
    const byWeiss = await api.adminJson<{ items: ContactSummary[] }>(`/v1/contacts?q=${encodeURIComponent(`WEISS${suffix}`)}`);
    expect(byWeiss.items.map((contact) => contact.id)).toEqual([weiss]);
    const byMueller = await api.adminJson<{ items: ContactSummary[] }>(`/v1/contacts?q=${encodeURIComponent(`mueller${suffix}`)}`);
    expect(byMueller.items.map((contact) => contact.id)).toEqual([mueller]);
    const byBoth = await api.adminJson<{ items: ContactSummary[] }>(`/v1/contacts?q=${encodeURIComponent(`anna weiß${suffix}`)}`);
    expect(byBoth.items.map((contact) => contact.id)).toEqual([weiss]);
  });

  it('finds people through their company, and the company with its people', async () => {
    const company = `Söhne${suffix} GmbH`;
    const first = await capture({ email: `p1-${suffix}@example.de`, lastName: 'Eins', company });
    const second = await capture({ email: `p2-${suffix}@example.de`, lastName: 'Zwei', company: `  söhne${suffix}   gmbh ` });
    const viaQuery = await api.adminJson<{ items: ContactSummary[] }>(`/v1/contacts?q=${encodeURIComponent(`sohne${suffix}`)}`);
    expect(viaQuery.items.map((contact) => contact.id).sort()).toEqual([first, second].sort());
    const companies = await api.adminJson<{ items: Array<{ id: string; name: string }> }>(`/v1/companies?q=${encodeURIComponent(`SÖHNE${suffix}`)}`);
    expect(companies.items).toHaveLength(1);
    const withPeople = await api.adminJson<{ name: string; people: ContactSummary[] }>(`/v1/companies/${companies.items[0]?.id}`);
    expect(withPeople.name).toBe(company);
    expect(withPeople.people.map((person) => person.lastName).sort()).toEqual(['Eins', 'Zwei']);
  });

  it('lists everybody, newest first, when no criterion is given', async () => {
    const newest = await capture({ email: `newest-${suffix}@example.de`, firstName: 'Nina' });
    const page = await api.adminJson<{ items: ContactSummary[] }>('/v1/contacts?limit=500');
    expect(page.items.map((contact) => contact.id)).toContain(newest);
  });

  it('refuses two criteria at once, naming the second', async () => {
    const response = await api.admin(`/v1/contacts?q=anna&email=${encodeURIComponent(`weiss-${suffix}@example.de`)}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: Array<{ path: string }> }).errors.map((error) => error.path)).toEqual(['query.q']);
  });
});

describe('orders from the ERP', () => {
  it('counts an order once however often it is posted, and keeps first/last right when orders arrive out of order', async () => {
    const email = `buyer-${suffix}@example.de`;
    const later = { orderId: `SO-${suffix}-2`, email, amountMinor: 5000, currency: 'EUR', orderedAt: '2026-05-20T10:00:00Z' };
    const earlier = { orderId: `SO-${suffix}-1`, email, amountMinor: 12000, currency: 'EUR', orderedAt: '2026-02-03T10:00:00Z' };
    expect((await api.admin('/v1/orders', { method: 'POST', body: JSON.stringify(later) })).status).toBe(201);
    const replay = await api.admin('/v1/orders', { method: 'POST', body: JSON.stringify(later) });
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { duplicate: boolean }).duplicate).toBe(true);
    await Promise.all([1, 2, 3].map(() => api.admin('/v1/orders', { method: 'POST', body: JSON.stringify(earlier) })));
    const [buyer] = (await api.adminJson<{ items: ContactSummary[] }>(`/v1/contacts?email=${email}`)).items;
    expect(buyer?.orders).toMatchObject({
      count: 2,
      totalMinor: 17000,
      firstAt: '2026-02-03T10:00:00.000Z',
      lastAt: '2026-05-20T10:00:00.000Z',
      byMonth: { '2026-02': 12000, '2026-05': 5000 },
    });
    const conflicting = await api.admin('/v1/orders', { method: 'POST', body: JSON.stringify({ ...later, amountMinor: 1 }) });
    expect(conflicting.status).toBe(409);
  });

  it('records an order.placed event from the bus, once, and parks a poison event as a dead letter', async () => {
    const email = `event-buyer-${suffix}@example.de`;
    const client = new EventBridgeClient({ endpoint: inject('eventsUrl'), region: 'eu-central-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const detail = JSON.stringify({ orderId: `EV-${suffix}`, email, amountMinor: 990, currency: 'EUR', orderedAt: '2026-06-01T08:00:00Z' });
    await client.send(
      new PutEventsCommand({ Entries: [1, 2].map(() => ({ Source: 'erp', DetailType: 'order.placed', Detail: detail, EventBusName: 'leadflow' })) }),
    );
    await client.send(
      new PutEventsCommand({
        Entries: [{ Source: 'erp', DetailType: 'order.placed', Detail: JSON.stringify({ orderId: `BAD-${suffix}` }), EventBusName: 'leadflow' }],
      }),
    );
    await expect
      .poll(async () => (await api.adminJson<{ items: ContactSummary[] }>(`/v1/contacts?email=${email}`)).items[0]?.orders.count, { timeout: 5000 })
      .toBe(1);
    // Retried twice, as Lambda retries an asynchronous invocation, then parked.
    const dead = await until(
      'the poison order in the dead letters',
      async () =>
        (
          (await (await fetch(`${inject('eventsUrl')}/dead-letters`)).json()) as {
            deadLetters: Array<{ event?: { detail: { orderId?: string } }; error: string; functionName: string }>;
          }
        ).deadLetters,
      // Every consumer of order.placed parks the poison event in its own dead-letter queue (orders and journeys).
      (letters) => letters.filter((letter) => letter.event?.detail.orderId === `BAD-${suffix}`).length >= 2,
    );
    const parked = dead.filter((letter) => letter.event?.detail.orderId === `BAD-${suffix}`);
    expect(parked.map((letter) => `${letter.functionName}: ${letter.error}`).sort()).toEqual([
      'journey-events: ValidationError',
      'order-events: ValidationError',
    ]);
  });
});

describe('the contact view', () => {
  it('shows profile, company, consents, touchpoints, activities and orders in one timeline, newest first', async () => {
    const email = `view-${suffix}@example.de`;
    const id = await capture({ email, firstName: 'Vera', company: `Viewco${suffix}` });
    await api.adminJson(`/v1/contacts/${id}/activities`, { type: 'call', at: '2030-01-02T10:00:00Z', summary: 'Wants a quote' });
    await api.adminJson('/v1/orders', { orderId: `V-${suffix}`, contactId: id, amountMinor: 100, currency: 'EUR', orderedAt: '2020-01-01T00:00:00Z' });
    const patched = await api.adminJson<{ jobTitle: string }>(`/v1/contacts/${id}`, { jobTitle: 'Einkauf' }, 'PATCH');
    expect(patched.jobTitle).toBe('Einkauf');
    const view = await api.adminJson<{ company: { name: string }; timeline: Array<{ kind: string; at: string }>; contact: { activity: { lastAt: string } } }>(
      `/v1/contacts/${id}`,
    );
    expect(view.company.name).toBe(`Viewco${suffix}`);
    expect(view.timeline.map((entry) => entry.kind)).toEqual(['activity', 'touchpoint', 'order']);
    expect(view.contact.activity.lastAt).toBe('2030-01-02T10:00:00.000Z');
  });

  it('rejects a bad activity naming the field', async () => {
    const id = await capture({ email: `act-${suffix}@example.de` });
    const response = await api.admin(`/v1/contacts/${id}/activities`, { method: 'POST', body: JSON.stringify({ type: 'fax', at: 'yesterday', summary: '' }) });
    expect(response.status).toBe(400);
    const paths = ((await response.json()) as { errors: Array<{ path: string }> }).errors.map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['type', 'at', 'summary']));
  });
});

describe('GDPR', () => {
  it('exports everything about a person and then erases them everywhere, publishing contact.erased', async () => {
    const email = `erase-${suffix}@example.de`;
    const id = await capture({ email, firstName: 'Erika', lastName: `Löschmich${suffix}`, company: `Erasco${suffix}`, consent: [setup.topicId] });
    await api.adminJson('/v1/orders', { orderId: `E-${suffix}`, contactId: id, amountMinor: 100, currency: 'EUR', orderedAt: '2026-01-01T00:00:00Z' });
    const exported = await api.admin(`/v1/contacts/${id}/export`);
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    const document = (await exported.json()) as {
      profile: { email: string };
      consentProofs: unknown[];
      touchpoints: unknown[];
      orders: unknown[];
      company: { name: string };
    };
    expect(document.profile.email).toBe(email);
    expect(document.company.name).toBe(`Erasco${suffix}`);
    expect(document.consentProofs).toHaveLength(1);
    expect(document.orders).toHaveLength(1);

    expect((await api.admin(`/v1/contacts/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api.admin(`/v1/contacts/${id}`)).status).toBe(404);
    expect((await api.adminJson<{ items: unknown[] }>(`/v1/contacts?email=${email}`)).items).toEqual([]);
    expect((await api.adminJson<{ items: unknown[] }>(`/v1/contacts?q=${encodeURIComponent(`loschmich${suffix}`)}`)).items).toEqual([]);
    // The event names the person by the keyed hash of the address only, never by id or address.
    const emailHash = emailHasher(inject('tokenSecret'))(email);
    const erased = await until(
      'contact.erased on the bus',
      async () =>
        ((await (await fetch(`${inject('eventsUrl')}/events`)).json()) as { events: Array<{ detailType: string; detail: Record<string, unknown> }> }).events,
      (events) => events.some((event) => event.detailType === eventCatalog.contactErased.detailType && event.detail.emailHash === emailHash),
    );
    const ours = erased.filter((event) => event.detailType === eventCatalog.contactErased.detailType && event.detail.emailHash === emailHash);
    expect(ours).toHaveLength(1);
    expect(JSON.stringify(ours)).not.toContain(id);
    // A replayed order for the erased person stays a duplicate and creates nobody.
    const replay = await api.admin('/v1/orders', {
      method: 'POST',
      body: JSON.stringify({ orderId: `E-${suffix}`, email, amountMinor: 100, currency: 'EUR', orderedAt: '2026-01-01T00:00:00Z' }),
    });
    expect(replay.status).toBe(200);
    expect((await api.adminJson<{ items: unknown[] }>(`/v1/contacts?email=${email}`)).items).toEqual([]);
  });
});
