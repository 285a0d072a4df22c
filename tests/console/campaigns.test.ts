import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '#shared/domain/campaign';
import type { CampaignReport, CampaignSummary } from '#shared/domain/campaign-analytics';
import { api, confirmLinkIn, mailsTo, until } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';
import { csv } from '#tests/helpers/csv-fixtures';

const suffix = randomUUID().slice(0, 8);
const email = (name: string) => `${name}-${suffix}@example.de`;
const DAY_MS = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const yesterday = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
const fairName = `Messe Hannover ${suffix}`;
/** The local stack answers a first request of a function slowly (a cold start); the screen gets this long. */
const SLOW = { timeout: 20_000, interval: 200 };

const en = {
  number: (value: number) => new Intl.NumberFormat('en-GB').format(value),
  money: (minor: number | null, currency: string | null) =>
    minor === null ? '–' : new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency ?? 'EUR' }).format(minor / 100),
  percent: (value: number | null) => (value === null ? '–' : new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(value)),
};

const report = (campaignId: string, query = '') => api.adminJson<CampaignReport>(`/v1/analytics/campaigns/${campaignId}${query}`);

/** The value shown under a headline figure's label. */
const figure = (page: Page, label: string) =>
  page
    .locator('.kpi')
    .filter({ has: page.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) }) })
    .locator('.kpi-value');

/** What the page shows for the figures that the attribution model moves, read as the API's numbers would be written. */
async function shownFigures(page: Page) {
  return {
    leads: await figure(page, 'Leads').textContent(),
    newContacts: await figure(page, 'New contacts').textContent(),
    confirmed: await figure(page, 'Confirmed opt-ins').textContent(),
    customers: await figure(page, 'Customers').textContent(),
    revenue: await figure(page, 'Revenue').textContent(),
    cost: await figure(page, 'Cost').textContent(),
    costPerLead: await figure(page, 'Cost per lead').textContent(),
    conversionRate: await figure(page, 'Conversion rate').textContent(),
  };
}

const expectedFigures = (body: CampaignReport) => ({
  leads: en.number(body.leads),
  newContacts: en.number(body.newContacts),
  confirmed: en.number(body.confirmed),
  customers: en.number(body.customers),
  revenue: en.money(body.revenueMinor, body.currency),
  cost: en.money(body.costMinor, body.currency),
  costPerLead: en.money(body.costPerLead, body.currency),
  conversionRate: en.percent(body.conversionRate),
});

/** The text of the message an input names as its description (the API's message beside the field). */
async function descriptionOf(page: Page, label: string): Promise<string> {
  const ids = (await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(
    ids
      .split(' ')
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  return texts.join(' ');
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: (await readFile(file, 'utf8')).replace(/^\uFEFF/, '') };
}

let browser: Browser;
let fair: Campaign;
let ads: Campaign;

/**
 * The fair campaign is created in the console; then, through the API (as tests/e2e/analytics.test.ts):
 * Anna fills in the fair's form and confirms, then orders 500 €; Ben comes from a search ad, is then on
 * the fair's imported list, and orders 300 € (first touch: the ad's; last touch: the fair's); Cleo is
 * only on the list.
 */
async function theScenario(campaign: Campaign) {
  const topicId = `news-${suffix}`;
  await api.adminJson('/v1/topics', { id: topicId, name: 'Newsletter', consentText: 'Ja, schickt mir den Newsletter.' });
  ads = await api.adminJson<Campaign>('/v1/campaigns', { name: `Suchanzeigen ${suffix}`, channel: 'ad' });
  const form = await api.adminJson<{ id: string }>('/v1/forms', {
    name: `Form ${suffix}`,
    campaignId: campaign.id,
    topics: [topicId],
    allowedOrigins: ['https://www.example.de'],
  });
  const submit = async (body: Record<string, unknown>) => {
    const response = await api.submit(form.id, JSON.stringify({ consent: [topicId], ...body }), { origin: 'https://www.example.de' });
    expect(response.status).toBeLessThan(300);
  };
  await submit({ email: email('anna'), utm_source: 'messe-website' });
  const link = confirmLinkIn(
    (
      await until(
        'Anna’s confirmation mail',
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
  const imported = await api.admin(`/v1/imports?campaignId=${campaign.id}`, { method: 'POST', body: list, headers: { 'content-type': 'text/csv' } });
  expect(imported.status).toBe(200);
  const order = (who: string, amountMinor: number) =>
    api.adminJson('/v1/orders', {
      orderId: `SO-${who}-${amountMinor}-${suffix}`,
      email: email(who),
      amountMinor,
      currency: 'EUR',
      orderedAt: new Date().toISOString(),
    });
  await order('anna', 50_000);
  await order('ben', 30_000);
  await until(
    'the counters to take in every order',
    () => report(campaign.id, '?attribution=last_touch'),
    (body) => body.revenueMinor === 80_000 && body.leads === 3,
  );
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('creating a campaign', () => {
  it('shows the API’s message next to the end date when it ends before it starts, then creates it and opens its page', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/campaigns/new', 'New campaign');
    await page.getByLabel('Name', { exact: true }).fill(fairName);
    await page.getByLabel('Channel').selectOption('fair');
    await page.getByLabel('Starts on').fill(today);
    await page.getByLabel('Ends on').fill(yesterday);
    await page.getByLabel('Cost').fill('900.00');
    await page.getByRole('button', { name: 'Create campaign' }).click();

    await expect.poll(() => page.getByLabel('Ends on').getAttribute('aria-invalid'), SLOW).toBe('true');
    expect(await descriptionOf(page, 'Ends on')).toContain('must not be before startsAt');
    expect(await page.getByLabel('Starts on').getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('alert').filter({ hasText: 'Please correct the marked fields.' }).waitFor();
    await expectAccessible(page, 'campaign-edit-with-error');
    await screenshot(page, 'campaign-edit-with-error');

    await page.getByLabel('Ends on').fill('');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('heading', { level: 1, name: fairName, exact: true }).waitFor();
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/')[2] ?? '');
    fair = await api.adminJson<Campaign>(`/v1/campaigns/${id}`);
    expect(fair).toMatchObject({
      name: fairName,
      channel: 'fair',
      code: `messe-hannover-${suffix}`,
      startsAt: `${today}T00:00:00Z`,
      costMinor: 90_000,
      currency: 'EUR',
    });
    expect(fair.endsAt).toBeUndefined();
    await context.close();
  });
});

describe('a campaign’s page', () => {
  beforeAll(async () => {
    if (!fair) throw new Error('the campaign was not created in the console');
    await theScenario(fair);
  }, 90_000);

  it('shows the figures the API gives under first touch, and redraws every figure with last touch', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/campaigns/${fair.id}`, fairName);
    const first = await report(fair.id);
    expect(first).toMatchObject({ leads: 3, newContacts: 2, confirmed: 1, customers: 1, revenueMinor: 50_000, costMinor: 90_000, costPerLead: 30_000 });
    await expect.poll(() => shownFigures(page), SLOW).toEqual(expectedFigures(first));
    expect(await page.getByRole('button', { name: 'First touch' }).getAttribute('aria-pressed')).toBe('true');
    // The range in effect is the campaign's start to today, as the API chose it.
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(first.from);
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe(today);
    const sources = page.getByRole('table', { name: 'By source and medium' });
    await sources.getByRole('rowheader', { name: 'messe-website' }).waitFor();
    await sources.getByRole('rowheader', { name: 'import' }).waitFor();
    await expectAccessible(page, 'campaign');
    await screenshot(page, 'campaign');

    await page.getByRole('button', { name: 'Last touch' }).click();
    const last = await report(fair.id, '?attribution=last_touch');
    expect(last.revenueMinor).toBe(80_000);
    await expect.poll(() => shownFigures(page), SLOW).toEqual(expectedFigures(last));
    expect(await page.getByRole('button', { name: 'Last touch' }).getAttribute('aria-pressed')).toBe('true');
    expect(new URL(page.url()).searchParams.get('attribution')).toBe('last_touch');
    await expectAccessible(page, 'campaign-last-touch');
    await context.close();
  });

  it('reads the chart by keyboard and as a table with the same numbers', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/campaigns/${fair.id}`, fairName);
    const plot = page.getByRole('img', { name: /Leads, confirmed opt-ins and customers per day/ });
    expect(await plot.getAttribute('aria-label')).toContain('Leads 3, Confirmed opt-ins 1, Customers 1');
    await plot.focus();
    await page.keyboard.press('End');
    const todayShown = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${today}T00:00:00Z`));
    await page
      .getByRole('status')
      .filter({ hasText: `${todayShown}: Leads 3, Confirmed opt-ins 1, Customers 1` })
      .waitFor();

    await page.getByRole('button', { name: 'Show the numbers as a table' }).press('Enter');
    const table = page.getByRole('table', { name: 'Leads, confirmed opt-ins and customers per day' });
    const row = table.getByRole('row', { name: new RegExp(todayShown) });
    expect(await row.getByRole('cell').allTextContents()).toEqual(['3', '1', '1']);
    expect(await page.getByRole('button', { name: 'Hide the table' }).getAttribute('aria-expanded')).toBe('true');
    await expectAccessible(page, 'campaign-chart-table');
    await context.close();
  });

  it('takes a range of one’s own, and shows the API’s message beside From when it is after To', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/campaigns/${fair.id}`, fairName);
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    // The preset reaches the inputs through the address, after the click's render.
    await expect.poll(() => page.getByLabel('From', { exact: true }).inputValue()).toBe(new Date(Date.now() - 6 * DAY_MS).toISOString().slice(0, 10));
    const week = await report(fair.id, `?from=${new Date(Date.now() - 6 * DAY_MS).toISOString().slice(0, 10)}&to=${today}`);
    await expect.poll(() => shownFigures(page), SLOW).toEqual(expectedFigures(week));

    await page.getByLabel('From', { exact: true }).fill('2099-01-01');
    await expect.poll(() => page.getByLabel('From', { exact: true }).getAttribute('aria-invalid'), SLOW).toBe('true');
    expect(await descriptionOf(page, 'From')).toContain('must not be after to');
    await expectAccessible(page, 'campaign-bad-range');
    await context.close();
  });

  it('downloads the report as CSV for the range and model shown', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/campaigns/${fair.id}?attribution=last_touch`, fairName);
    const file = await downloaded(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
    expect(file.name).toMatch(new RegExp(`^campaign-${fair.id}-.*-last_touch\\.csv$`));
    const [header, total] = file.text.split('\r\n');
    expect(header).toBe(
      'campaignId,attribution,from,to,dimension,day,source,medium,leads,newContacts,confirmed,customers,revenueMinor,currency,costMinor,costPerLead,conversionRate,emailSent,emailDelivered,emailOpened,emailClicked,emailBounced,emailComplained,emailUnsubscribed',
    );
    expect(total).toContain(`${fair.id},last_touch,`);
    expect(total).toContain(',total,,,,3,2,1,2,80000,EUR,');
    await page
      .getByRole('status')
      .filter({ hasText: `The file ${file.name} was downloaded.` })
      .waitFor();
    await context.close();
  });

  it('speaks German: figures in German money, the cost edited with a decimal comma', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, `/campaigns/${fair.id}`, fairName);
    const umsatz = page
      .locator('.kpi')
      .filter({ has: page.getByRole('term').filter({ hasText: /^Umsatz$/ }) })
      .locator('.kpi-value');
    await expect.poll(() => umsatz.textContent(), SLOW).toBe(new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(500));
    await page.getByRole('button', { name: 'Erster Kontakt' }).waitFor();
    await expectAccessible(page, 'campaign-de');
    await screenshot(page, 'campaign-de');

    await page.getByRole('link', { name: 'Bearbeiten' }).click();
    await page.getByRole('heading', { level: 1, name: `„${fairName}“ bearbeiten` }).waitFor();
    expect(await page.getByLabel('Kosten').inputValue()).toBe('900,00');
    await page.getByLabel('Kosten').fill('1.200,50');
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await page.getByRole('heading', { level: 1, name: fairName, exact: true }).waitFor();
    expect((await api.adminJson<Campaign>(`/v1/campaigns/${fair.id}`)).costMinor).toBe(120_050);
    await context.close();
  });
});

describe('the campaign comparison', () => {
  it('lists every campaign with its figures and sorts by leads both ways from the keyboard', async () => {
    if (!fair || !ads) throw new Error('the scenario did not run');
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/campaigns', 'Campaigns');
    const table = page.getByRole('table');
    const fairRow = table.getByRole('row', { name: new RegExp(fairName) });
    const list = await api.adminJson<{ items: CampaignSummary[] }>('/v1/analytics/campaigns?limit=500');
    const fairFigures = list.items.find((item) => item.campaignId === fair.id);
    expect(fairFigures).toMatchObject({ leads: 3, revenueMinor: 50_000 });
    expect(await fairRow.getByRole('cell').allTextContents()).toEqual([
      'Trade fair',
      '3',
      '1',
      '1',
      en.money(50_000, 'EUR'),
      en.money(fairFigures?.costMinor ?? null, 'EUR'),
      en.money(fairFigures?.costPerLead ?? null, 'EUR'),
      en.percent(fairFigures?.conversionRate ?? null),
    ]);

    const leadsHeader = table.getByRole('columnheader', { name: 'Leads' });
    const leadsOfRows = async () => (await table.locator('tbody tr td:nth-of-type(2)').allTextContents()).map((text) => Number(text.replace(/,/g, '')));
    expect(await leadsHeader.getAttribute('aria-sort')).toBe('descending');
    await leadsHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => leadsHeader.getAttribute('aria-sort'), SLOW).toBe('ascending');
    const ascending = await leadsOfRows();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(ascending.length).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    await expect.poll(() => leadsHeader.getAttribute('aria-sort'), SLOW).toBe('descending');
    const descending = await leadsOfRows();
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    expect(descending[0]).toBeGreaterThan(descending[descending.length - 1] ?? 0);
    await expectAccessible(page, 'campaigns');
    await screenshot(page, 'campaigns');

    await page.getByRole('button', { name: 'Last touch' }).click();
    await expect.poll(() => fairRow.getByRole('cell').nth(4).textContent(), SLOW).toBe(en.money(80_000, 'EUR'));
    const file = await downloaded(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
    const [header, ...rows] = file.text.split('\r\n');
    expect(header?.startsWith('campaignId,name,code,channel,attribution,from,to,leads,newContacts,confirmed,customers,revenueMinor')).toBe(true);
    expect(rows.find((row) => row.startsWith(`${fair.id},`))).toContain(',last_touch,');
    await context.close();
  });

  it('opens the form for a new campaign from its button', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/campaigns', 'Campaigns');
    await page.locator('.page-actions').getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('heading', { level: 1, name: 'New campaign' }).waitFor();
    await expectAccessible(page, 'campaign-new');
    await context.close();
  });
});
