import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, until } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 8);
/** A currency of this test's own, so its accounts are classified among themselves (each currency on its own). */
const letter = () => String.fromCharCode(65 + Math.floor(Math.random() * 26));
const currency = `Q${letter()}${letter()}`;
const companyName = `Aaa Abcwerk ${suffix}`;
/** The local stack answers a first request of a function slowly (a cold start); the screen gets this long. */
const SLOW = { timeout: 20_000 };

let browser: Browser;
let companyId: string;
let soloId: string;

async function aBuyer(name: string, amountMinor: number, company?: string): Promise<string> {
  const order = { orderId: `UI-${name}-${suffix}`, email: `${name}-${suffix}@example.de`, amountMinor, currency, orderedAt: new Date().toISOString() };
  const { contactId } = await api.adminJson<{ contactId: string }>('/v1/orders', order);
  await api.adminJson(`/v1/contacts/${contactId}`, { firstName: name, lastName: `Käufer${suffix}`, ...(company ? { company } : {}) }, 'PATCH');
  return contactId;
}

async function recomputed(): Promise<void> {
  const { runId } = await api.adminJson<{ runId: string }>('/v1/abc/recompute', {});
  await until(
    'the ABC run',
    () => api.adminJson<{ runId?: string; status: string }>('/v1/abc'),
    (status) => status.runId === runId && status.status === 'done',
    60_000,
  );
}

beforeAll(async () => {
  browser = await launchBrowser();
  const buyer = await aBuyer('Anna', 60_000, companyName);
  await aBuyer('Bernd', 25_000, companyName);
  soloId = await aBuyer('Sofia', 10_000);
  await aBuyer('Carl', 5_000);
  await recomputed();
  companyId = (await api.adminJson<{ contact: { companyId: string } }>(`/v1/contacts/${buyer}`)).contact.companyId;
}, 120_000);
afterAll(async () => {
  await browser?.close();
});

const abcCard = (page: Page) => page.locator('section', { has: page.getByRole('heading', { name: /^(ABC classification|ABC-Analyse)$/ }) });

describe('the ABC card on the dashboard', () => {
  it('shows accounts and revenue per class in each currency, and recomputes with the keyboard', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/', 'Dashboard');
    const table = abcCard(page).getByRole('table', { name: `Accounts and revenue per class in ${currency}` });
    await table.waitFor(SLOW);
    const row = (abc: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^ABC ${abc}:`) }) });
    const cells = async (abc: string) => (await row(abc).getByRole('cell').allTextContents()).map((text) => text.replace(/\s/g, ' '));
    await expect.poll(() => cells('A')).toEqual(['1', `${currency} 850.00`, '85%']);
    expect(await cells('B')).toEqual(['1', `${currency} 100.00`, '10%']);
    expect(await cells('C')).toEqual(['1', `${currency} 50.00`, '5%']);
    await expectAccessible(page, 'abc-dashboard');
    await screenshot(page, 'abc-dashboard');

    const button = abcCard(page).getByRole('button', { name: 'Recompute now' });
    await button.focus();
    await page.keyboard.press('Enter');
    await abcCard(page).getByRole('status').getByText('Recompute requested', { exact: false }).waitFor();
    await expectAccessible(page, 'abc-dashboard-requested');
    await abcCard(page).getByRole('status').getByText('Up to date').waitFor({ timeout: 60_000 });
    expect(await button.isEnabled()).toBe(true);
    await context.close();
  }, 120_000);
});

describe('ABC classes on lists and pages', () => {
  it('filters the companies list by class with the keyboard and shows each company class', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/companies', 'Companies');
    const filter = page.getByLabel('ABC class', { exact: true });
    await filter.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.url()).toContain('abc=A');
    const link = page.getByRole('link', { name: companyName });
    await link.waitFor(SLOW);
    const row = page.getByRole('row').filter({ has: link });
    expect(await row.locator('.badge.abc').textContent()).toContain('A');
    const badges = await page.locator('#company-list ~ * .badge.abc, table .badge.abc').allTextContents();
    expect(badges.every((text) => text.startsWith('A'))).toBe(true);
    await expectAccessible(page, 'abc-companies-filtered');
    await screenshot(page, 'abc-companies');

    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.url()).toContain('abc=B');
    await page.getByRole('link', { name: companyName }).waitFor({ state: 'detached' });
    await context.close();
  }, 60_000);

  it('shows the class on the company page, its people, and the 360° page of a person without a company', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/companies/${companyId}`, companyName);
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'ABC class', exact: true }) });
    await card.getByText('A account: top revenue of the last 12 months', { exact: false }).first().waitFor();
    const people = page.locator('section', { has: page.getByRole('heading', { name: 'People' }) });
    expect(await people.locator('.badge.abc').allTextContents()).toEqual([expect.stringContaining('A'), expect.stringContaining('A')]);
    await expectAccessible(page, 'abc-company');
    await screenshot(page, 'abc-company');

    await openScreen(page, `/contacts/${soloId}`, `Sofia Käufer${suffix}`);
    const own = page.locator('section', { has: page.getByRole('heading', { name: 'ABC class', exact: true }) });
    await own.getByText('B account', { exact: false }).first().waitFor();
    expect(await own.textContent()).toContain('the person’s own orders');
    await expectAccessible(page, 'abc-contact');
    await screenshot(page, 'abc-contact');
    await context.close();
  }, 60_000);
});

/** Presses Tab until the focused control's accessible name (aria-label or text) matches, as a keyboard user would. */
async function tabTo(page: Page, name: string, presses = 80): Promise<void> {
  for (let i = 0; i < presses; i += 1) {
    await page.keyboard.press('Tab');
    const element = page.locator(':focus');
    if (((await element.getAttribute('aria-label')) ?? (await element.textContent()) ?? '') === name) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

describe('the abc field in the segment builder', () => {
  it('offers the field with its classes, chosen with the keyboard alone, and counts like the API', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/segments/new', 'New segment');
    await tabTo(page, 'Add a condition to the rule');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Field of condition 1');
    await page.keyboard.type('ABC class');
    expect(await page.locator(':focus').inputValue()).toBe('abc');
    await tabTo(page, 'Value of condition 1');
    expect(await page.locator(':focus').inputValue()).toBe('A');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator(':focus').inputValue()).toBe('B');
    const { count } = await api.adminJson<{ count: number }>('/v1/segments/preview', { rule: { field: 'abc', op: 'eq', value: 'B' } });
    expect(count).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('live-count').textContent(), SLOW).toContain(`${count} contact`);
    await expectAccessible(page, 'abc-segment-builder');
    await screenshot(page, 'abc-segment-builder');
    await context.close();
  }, 60_000);
});

describe('ABC in German', () => {
  it('names classes, the card and the filter in German', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, '/', 'Übersicht');
    await abcCard(page)
      .getByRole('table', { name: `Kunden und Umsatz je Klasse in ${currency}` })
      .waitFor(SLOW);
    await abcCard(page).getByRole('button', { name: 'Jetzt neu berechnen' }).waitFor();
    await expectAccessible(page, 'abc-dashboard-de');
    await screenshot(page, 'abc-dashboard-de');

    await openScreen(page, '/companies?abc=A', 'Firmen');
    expect(await page.getByLabel('ABC-Klasse', { exact: true }).inputValue()).toBe('A');
    await page.getByRole('link', { name: companyName }).waitFor(SLOW);
    await screenshot(page, 'abc-companies-de');
    await openScreen(page, `/contacts/${soloId}`, `Sofia Käufer${suffix}`);
    await page.getByText('B-Kunde: mittlerer Umsatz der letzten 12 Monate').first().waitFor();
    await screenshot(page, 'abc-contact-de');
    await context.close();
  }, 60_000);
});
