import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, confirmLinkIn, mailsTo, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
const email = (name: string) => `${name}-${suffix}@example.de`;
const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const today = dayOf(Date.now());

interface Figures {
  leads: number;
  confirmed: number;
  customers: number;
  mailsSent: number;
  revenue: Record<string, number>;
}
interface Dashboard {
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
  sending: Array<{ id: string; name: string; campaignId: string; status: string; counts: Record<string, number> }>;
  importing: unknown[];
}
interface CampaignSummary {
  leads: number;
  confirmed: number;
  customers: number;
  revenueMinor: number;
  currency: string | null;
  otherRevenue: Array<{ currency: string; revenueMinor: number }>;
  email: { sent: number };
}
interface Problem {
  errors?: Array<{ path: string }>;
}

const dashboard = (query = '') => api.adminJson<Dashboard>(`/v1/dashboard${query}`);

function addRevenue(into: Record<string, number>, currency: string | null, amount: number) {
  if (currency && amount !== 0) into[currency] = (into[currency] ?? 0) + amount;
}

/** What analytics says of every campaign over the range (first touch), added up. */
async function analyticsTotals(from: string, to: string): Promise<Figures> {
  const totals: Figures = { leads: 0, confirmed: 0, customers: 0, mailsSent: 0, revenue: {} };
  let cursor: string | undefined;
  do {
    const page = await api.adminJson<{ items: CampaignSummary[]; nextCursor?: string }>(
      `/v1/analytics/campaigns?from=${from}&to=${to}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
    );
    for (const item of page.items) {
      totals.leads += item.leads;
      totals.confirmed += item.confirmed;
      totals.customers += item.customers;
      totals.mailsSent += item.email.sent;
      addRevenue(totals.revenue, item.currency, item.revenueMinor);
      for (const other of item.otherRevenue) addRevenue(totals.revenue, other.currency, other.revenueMinor);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return totals;
}

function figuresOf(body: Dashboard): Figures {
  const revenue: Record<string, number> = {};
  addRevenue(revenue, body.currency, body.revenueMinor);
  for (const other of body.otherRevenue ?? []) addRevenue(revenue, other.currency, other.revenueMinor);
  return { leads: body.leads, confirmed: body.confirmed, customers: body.customers, mailsSent: body.mailsSent, revenue };
}

let campaignId = '';
let topicId = '';

beforeAll(async () => {
  const setup = await aCaptureSetup(`dash-${suffix}`);
  campaignId = setup.campaign.id;
  topicId = setup.topicId;
  const submit = async (who: string) => {
    const response = await api.submit(setup.form.id, JSON.stringify({ email: email(who), consent: [setup.topicId] }), { origin: 'https://www.example.de' });
    expect(response.status).toBe(202);
  };
  for (const who of ['anna', 'ben', 'cleo']) await submit(who);
  const link = confirmLinkIn(
    (
      await until(
        "Anna's confirmation mail",
        () => mailsTo(email('anna')),
        (mails) => mails.length > 0,
      )
    )[0],
  );
  expect((await fetch(link)).status).toBe(200);
  await api.adminJson('/v1/orders', {
    orderId: `SO-dash-${suffix}`,
    email: email('anna'),
    amountMinor: 42_000,
    currency: 'EUR',
    orderedAt: new Date().toISOString(),
  });
  await until(
    'the counters to take in the leads, the confirmation and the order',
    () => api.adminJson<CampaignSummary>(`/v1/analytics/campaigns/${campaignId}`),
    (body) => body.leads === 3 && body.confirmed === 1 && body.customers === 1 && body.revenueMinor === 42_000,
  );
}, 60_000);

describe('the dashboard', () => {
  it('adds up what analytics says of every campaign over the same days', async () => {
    // Other test files write beside this one: compare a dashboard read between two equal analytics reads.
    const agreed = await until(
      'a quiet moment to compare',
      async () => {
        const before = await analyticsTotals(today, today);
        const body = await dashboard(`?from=${today}&to=${today}`);
        const after = await analyticsTotals(today, today);
        return { before, body, after };
      },
      ({ before, body, after }) => JSON.stringify(before) === JSON.stringify(after) && JSON.stringify(figuresOf(body)) === JSON.stringify(before),
    );
    expect(figuresOf(agreed.body)).toEqual(agreed.before);
    expect(agreed.body).toMatchObject({ from: today, to: today });
    expect(agreed.body.leads).toBeGreaterThanOrEqual(3);
    expect(agreed.body.revenueMinor + (agreed.body.otherRevenue ?? []).reduce((sum, other) => sum + other.revenueMinor, 0)).toBeGreaterThanOrEqual(42_000);
  });

  it('covers the last 30 days by default, every day listed, adding up to the totals', async () => {
    const body = await dashboard();
    expect(body.to).toBe(today);
    expect(body.from).toBe(dayOf(Date.now() - 29 * DAY_MS));
    expect(body.byDay).toHaveLength(30);
    expect(body.byDay.at(-1)?.day).toBe(today);
    for (const figure of ['leads', 'confirmed', 'customers', 'mailsSent'] as const)
      expect(body.byDay.reduce((sum, day) => sum + day[figure], 0)).toBe(body[figure]);
    expect(body.importing).toEqual([]);
    for (const internal of ['pk', 'sk', 'gsi1pk', 'version']) expect(body).not.toHaveProperty(internal);
  });

  it('lists a mailing scheduled within the next day under sending, not one three days ahead', async () => {
    const segment = await api.adminJson<{ id: string }>('/v1/segments', { name: `Dash ${suffix}`, rule: { field: 'email', op: 'eq', value: email('anna') } });
    const template = await api.adminJson<{ id: string }>('/v1/templates', {
      name: `Dash ${suffix}`,
      subject: 'Bald',
      html: '<a href="{{unsubscribeUrl}}">Abmelden</a>',
    });
    const schedule = async (name: string, inMs: number) => {
      const mailing = await api.adminJson<{ id: string }>('/v1/mailings', {
        name,
        campaignId,
        segmentId: segment.id,
        topic: topicId,
        templateId: template.id,
        from: 'Dash <news@leadflow.local>',
        scheduledAt: new Date(Date.now() + inMs).toISOString(),
      });
      expect((await api.admin(`/v1/mailings/${mailing.id}/send`, { method: 'POST' })).status).toBe(202);
      return mailing.id;
    };
    const soon = await schedule(`Soon ${suffix}`, 2 * 3_600_000);
    const later = await schedule(`Later ${suffix}`, 3 * DAY_MS);
    const body = await dashboard();
    expect(body.sending.find((mailing) => mailing.id === soon)).toMatchObject({
      name: `Soon ${suffix}`,
      campaignId,
      status: 'scheduled',
      counts: expect.objectContaining({ sent: 0 }),
    });
    expect(body.sending.find((mailing) => mailing.id === later)).toBeUndefined();
    for (const id of [soon, later]) expect((await api.admin(`/v1/mailings/${id}/cancel`, { method: 'POST' })).status).toBe(200);
    expect((await dashboard()).sending.find((mailing) => mailing.id === soon)).toBeUndefined();
  });
});

describe('the dashboard with a bad range', () => {
  const pathsOf = async (query: string) => {
    const response = await api.admin(`/v1/dashboard${query}`);
    expect(response.status, query).toBe(400);
    return ((await response.json()) as Problem).errors?.map((error) => error.path);
  };

  it('names the bad day, a reversed range and one longer than 1,100 days', async () => {
    expect(await pathsOf('?from=2026-02-30')).toEqual(['query.from']);
    expect(await pathsOf('?to=tomorrow')).toEqual(['query.to']);
    expect(await pathsOf(`?from=${encodeURIComponent("2026-01-01' OR 1=1")}`)).toEqual(['query.from']);
    expect(await pathsOf('?from=2026-03-02&to=2026-03-01')).toEqual(['query.from']);
    expect(await pathsOf('?from=2024-01-01&to=2027-01-05')).toEqual(['query.from']);
    expect((await api.admin('/v1/dashboard?from=2024-01-01&to=2027-01-04')).status).toBe(200);
  });

  it('needs the admin token', async () => {
    expect((await fetch(api.url('/v1/dashboard'))).status).toBe(401);
  });
});
