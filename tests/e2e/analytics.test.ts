import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { aCaptureSetup, api, confirmLinkIn, mailsTo, until } from '#tests/helpers/api';
import { csv } from '#tests/helpers/csv-fixtures';

const suffix = randomUUID().slice(0, 8);
const email = (name: string) => `${name}-${suffix}@example.de`;
const today = new Date().toISOString().slice(0, 10);

interface Report {
  leads: number;
  newContacts: number;
  confirmed: number;
  customers: number;
  revenueMinor: number;
  currency: string | null;
  costMinor: number | null;
  costPerLead: number | null;
  conversionRate: number | null;
  attribution: string;
  email: Record<string, number>;
  bySource: Array<{ source: string; medium: string; leads: number }>;
  byDay: Array<{ day: string; leads: number }>;
}

const report = (campaignId: string, query = '') => api.adminJson<Report>(`/v1/analytics/campaigns/${campaignId}${query}`);

/**
 * The scenario, through the product's own doors (expectations computed by hand below):
 * - Anna fills in the fair's web form, confirms her opt-in, then orders (500 €).
 * - Ben comes through the same form from a search ad (`utm_campaign` = the ads' code), is then on the
 *   fair's imported list too. His ERP order from yesterday arrives (100 €, before any touch: an existing
 *   customer), then a new one (300 €).
 * - Cleo is only on the fair's imported list.
 */
let fair: { id: string };
let ads: { id: string; code: string };

beforeAll(async () => {
  const setup = await aCaptureSetup(suffix);
  await api.adminJson(`/v1/campaigns/${setup.campaign.id}`, { costMinor: 90_000, currency: 'EUR' }, 'PATCH');
  fair = setup.campaign;
  ads = await api.adminJson<{ id: string; code: string }>('/v1/campaigns', { name: `Suchanzeigen ${suffix}`, channel: 'ad' });
  const submit = async (body: Record<string, unknown>) => {
    const response = await api.submit(setup.form.id, JSON.stringify({ consent: [setup.topicId], ...body }), { origin: 'https://www.example.de' });
    expect(response.status).toBeLessThan(300);
  };
  await submit({ email: email('anna'), utm_source: 'messe-website' });
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
  await submit({ email: email('ben'), utm_campaign: ads.code, utm_source: 'google', utm_medium: 'cpc' });
  const list = csv.germanExcel([
    { email: email('ben'), firstName: 'Ben', lastName: 'Brandt' },
    { email: email('cleo'), firstName: 'Cleo', lastName: 'Conrad' },
  ]);
  const imported = await api.admin(`/v1/imports?campaignId=${fair.id}`, { method: 'POST', body: list, headers: { 'content-type': 'text/csv' } });
  expect(imported.status).toBe(200);
  const order = (who: string, amountMinor: number, orderedAt: string) =>
    api.adminJson('/v1/orders', { orderId: `SO-${who}-${amountMinor}-${suffix}`, email: email(who), amountMinor, currency: 'EUR', orderedAt });
  await order('anna', 50_000, new Date().toISOString());
  await order('ben', 10_000, new Date(Date.now() - 86_400_000).toISOString());
  await order('ben', 30_000, new Date().toISOString());
  // The counters follow the table's stream: wait until the last order has reached them.
  await until(
    'the counters to take in every order',
    () => report(fair.id, '?attribution=last_touch'),
    (body) => body.revenueMinor === 80_000 && body.leads === 3,
  );
}, 60_000);

describe('campaign analytics over HTTP', () => {
  it("first touch: the fair won Anna (confirmed, customer, 500 €); Ben's later order is the ad's; his order before any touch is nobody's", async () => {
    expect(await report(fair.id)).toMatchObject({
      attribution: 'first_touch',
      leads: 3,
      newContacts: 2,
      confirmed: 1,
      customers: 1,
      revenueMinor: 50_000,
      currency: 'EUR',
      costMinor: 90_000,
      costPerLead: 30_000,
      conversionRate: 0.3333,
    });
    expect(await report(ads.id)).toMatchObject({
      leads: 1,
      newContacts: 1,
      confirmed: 0,
      customers: 0,
      revenueMinor: 30_000,
      costMinor: null,
      costPerLead: null,
      conversionRate: 0,
    });
  });

  it("last touch: Ben's new order goes to the fair list he was on last; the ad keeps only its lead", async () => {
    expect(await report(fair.id, '?attribution=last_touch')).toMatchObject({
      attribution: 'last_touch',
      leads: 3,
      confirmed: 1,
      customers: 1,
      revenueMinor: 80_000,
    });
    expect(await report(ads.id, '?attribution=last_touch')).toMatchObject({ leads: 1, customers: 0, revenueMinor: 0 });
  });

  it('splits the leads by source/medium and by day', async () => {
    const body = await report(fair.id, `?from=${today}&to=${today}`);
    expect(body.byDay).toEqual([expect.objectContaining({ day: today, leads: 3 })]);
    expect(body.bySource.map((entry) => [entry.source, entry.medium, entry.leads]).sort()).toEqual([
      ['import', '(none)', 2],
      ['messe-website', '(none)', 1],
    ]);
  });

  it('counts nothing outside the range', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(await report(fair.id, `?from=${yesterday}&to=${yesterday}`)).toMatchObject({ leads: 0, customers: 0, revenueMinor: 0 });
  });

  it('gives the same as CSV that a standard parser reads back', async () => {
    const response = await api.admin(`/v1/analytics/campaigns/${fair.id}?from=${today}&to=${today}`, { headers: { accept: 'text/csv' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="campaign-/);
    const records = parse(await response.text(), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(records.find((record) => record.dimension === 'total')).toMatchObject({
      leads: '3',
      newContacts: '2',
      confirmed: '1',
      customers: '1',
      revenueMinor: '50000',
      currency: 'EUR',
    });
    expect(records.filter((record) => record.dimension === 'day')).toEqual([expect.objectContaining({ day: today, leads: '3' })]);
  });

  it('lists every campaign with its headline figures, as JSON and as CSV', async () => {
    const list = await api.adminJson<{ items: Array<{ campaignId: string; leads: number; revenueMinor: number }> }>(
      `/v1/analytics/campaigns?from=${today}&to=${today}&limit=500`,
    );
    expect(list.items.find((item) => item.campaignId === fair.id)).toMatchObject({ leads: 3, revenueMinor: 50_000 });
    expect(list.items.find((item) => item.campaignId === ads.id)).toMatchObject({ leads: 1, revenueMinor: 30_000 });
    const response = await api.admin(`/v1/analytics/campaigns?from=${today}&to=${today}&limit=500&attribution=last_touch`, { headers: { accept: 'text/csv' } });
    const rows = parse(await response.text(), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows.find((row) => row.campaignId === fair.id)).toMatchObject({ attribution: 'last_touch', leads: '3', revenueMinor: '80000' });
  });

  it('names a bad range or model, answers 404 for an unknown campaign, 406 for a format it does not offer, and 401 without a token', async () => {
    const problem = async (query: string) => {
      const response = await api.admin(`/v1/analytics/campaigns/${fair.id}${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      return ((await response.json()) as { errors: Array<{ path: string }> }).errors.map((error) => error.path);
    };
    expect(await problem('?from=2026-02-30')).toEqual(['query.from']);
    expect(await problem('?from=2026-05-02&to=2026-05-01')).toEqual(['query.from']);
    expect(await problem('?from=2020-01-01&to=2026-01-01')).toEqual(['query.from']);
    expect(await problem(`?to=${encodeURIComponent("2026-01-01' OR '1'='1")}`)).toEqual(['query.to']);
    expect(await problem('?attribution=linear')).toEqual(['query.attribution']);
    expect((await api.admin('/v1/analytics/campaigns?limit=0')).status).toBe(400);
    expect((await api.admin('/v1/analytics/campaigns/does-not-exist')).status).toBe(404);
    expect((await api.admin(`/v1/analytics/campaigns/${fair.id}`, { headers: { accept: 'application/xml' } })).status).toBe(406);
    expect((await fetch(api.url(`/v1/analytics/campaigns/${fair.id}`))).status).toBe(401);
  });

  it('rebuilds the counters from the timeline with npm run rebuild-stats, and the figures stay as they were', async () => {
    const before = await report(fair.id, '?attribution=last_touch');
    // Run asynchronously: a synchronous child would freeze this process, and the gateway would close its idle connection meanwhile.
    const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'npm',
        ['run', '--silent', 'rebuild-stats'],
        {
          cwd: path.resolve(import.meta.dirname, '..', '..'),
          env: { ...process.env, DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'), TABLE_NAME: 'leadflow' },
          encoding: 'utf8',
          timeout: 120_000,
        },
        (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
    expect(result.status, result.stderr).toBe(0);
    const contacts = Number(/Rebuilt the campaign counters of leadflow at \S+: (\d+) contacts/.exec(result.stdout)?.[1]);
    expect(contacts).toBeGreaterThanOrEqual(3);
    expect(await report(fair.id, '?attribution=last_touch')).toEqual(before);
  }, 150_000);
});
