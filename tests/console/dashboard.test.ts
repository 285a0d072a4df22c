import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '#shared/use-cases/view-dashboard';
import { aCaptureSetup, api, until } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 8);
const DAY_MS = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString().slice(0, 10);

const figure = (page: Page, label: string) =>
  page
    .locator('.kpi')
    .filter({ has: page.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) }) })
    .locator('.kpi-value');
/** The local stack answers a first request of a function slowly (a cold start); the screen gets this long. */
const SLOW = { timeout: 20_000, interval: 200 };
const number = (value: number) => new Intl.NumberFormat('en-GB').format(value);

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
  const setup = await aCaptureSetup(suffix);
  const submitted = await api.submit(setup.form.id, JSON.stringify({ email: `dora-${suffix}@example.de`, consent: [setup.topicId] }), {
    origin: 'https://www.example.de',
  });
  expect(submitted.status).toBeLessThan(300);
  await until(
    'the lead to be counted',
    () => api.adminJson<{ leads: number }>(`/v1/analytics/campaigns/${setup.campaign.id}`),
    (body) => body.leads === 1,
  );
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('the dashboard', () => {
  it('shows the figures the dashboard API gives for the chosen range', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/', 'Dashboard');
    expect(await page.getByRole('button', { name: 'Last 30 days' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(daysAgo(29));
    const month = await api.adminJson<Dashboard>(`/v1/dashboard?from=${daysAgo(29)}&to=${today}`);
    await expect.poll(() => figure(page, 'Leads').textContent(), SLOW).toBe(number(month.leads));
    expect(await figure(page, 'Revenue').textContent()).toBe(
      month.currency
        ? new Intl.NumberFormat('en-GB', { style: 'currency', currency: month.currency }).format(month.revenueMinor / 100)
        : number(month.revenueMinor / 100),
    );
    await page.getByRole('heading', { name: 'Sending now' }).waitFor();
    await page.getByRole('heading', { name: 'Imports running' }).waitFor();
    await expectAccessible(page, 'dashboard');
    await screenshot(page, 'dashboard');
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    const body = await api.adminJson<Dashboard>(`/v1/dashboard?from=${daysAgo(6)}&to=${today}`);
    expect(body.leads).toBeGreaterThanOrEqual(1);
    await expect
      .poll(
        async () => ({
          leads: await figure(page, 'Leads').textContent(),
          confirmed: await figure(page, 'Confirmed opt-ins').textContent(),
          customers: await figure(page, 'Customers').textContent(),
          mailsSent: await figure(page, 'Mails sent').textContent(),
        }),
        SLOW,
      )
      .toEqual({ leads: number(body.leads), confirmed: number(body.confirmed), customers: number(body.customers), mailsSent: number(body.mailsSent) });
    const plot = page.getByRole('img', { name: /per day, all campaigns/ });
    expect(await plot.getAttribute('aria-label')).toContain(`Leads ${number(body.leads)}`);
    expect(new URL(page.url()).searchParams.get('period')).toBe('last7');
    await expectAccessible(page, 'dashboard-last-7-days');
    await context.close();
  });

  it('speaks German', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, '/', 'Übersicht');
    await page.getByRole('button', { name: 'Letzte 30 Tage' }).waitFor();
    await expectAccessible(page, 'dashboard-de');
    await screenshot(page, 'dashboard-de');
    await context.close();
  });
});
