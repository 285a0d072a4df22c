import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, until } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 6);
const companyName = `Druckerei${suffix} GmbH`;
const tag = `katalog-${suffix}`;
let browser: Browser;
let contactId: string;
let companyId: string;
let segmentId: string;
let campaignName: string;

interface View {
  contact: { companyId?: string; channels?: Record<string, { status: string }>; address?: Record<string, string> };
}

beforeAll(async () => {
  browser = await launchBrowser();
  const setup = await aCaptureSetup(`uicd-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }, { name: 'company' }] });
  const response = await api.submit(
    setup.form.id,
    JSON.stringify({ email: `post-${suffix}@example.de`, firstName: 'Paula', lastName: `Post${suffix}`, company: companyName }),
  );
  expect(response.status).toBe(202);
  contactId = ((await response.json()) as { contactId: string }).contactId;
  companyId = (
    await until(
      'the company of the capture',
      () => api.adminJson<View>(`/v1/contacts/${contactId}`),
      (view) => view.contact.companyId !== undefined,
    )
  ).contact.companyId as string;
  campaignName = `Katalog ${suffix}`;
  await api.adminJson('/v1/campaigns', { name: campaignName, channel: 'print' });
  segmentId = (
    await api.adminJson<{ id: string }>('/v1/segments', { name: `Katalog ${suffix}`, rule: { field: 'tags', op: 'eq', value: tag }, schedule: 'daily' })
  ).id;
  await api.admin(`/v1/contacts/${contactId}`, { method: 'PATCH', body: JSON.stringify({ tags: [tag] }) });
});
afterAll(async () => {
  await browser?.close();
});

const group = (scope: Page | Locator, name: string) => scope.getByRole('group', { name, exact: true });

describe('contact data on the 360° page', () => {
  it('blocks post with the keyboard alone and shows the effective state, its reason and the history', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/contacts/${contactId}`, `Paula Post${suffix}`);
    const channels = page.locator('section', { has: page.getByRole('heading', { name: 'Channels', exact: true }) });
    await channels.getByText('No changes yet', { exact: false }).waitFor();
    await expectAccessible(page, 'contact-data-default');

    await group(channels, 'Post').getByRole('radio', { name: 'Allowed' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await group(channels, 'Post').getByRole('radio', { name: 'Blocked' }).isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Save channels');
    await page.keyboard.press('Enter');

    await group(channels, 'Post').getByText('the person said so').waitFor();
    await expect.poll(async () => (await api.adminJson<View>(`/v1/contacts/${contactId}`)).contact.channels?.post?.status).toBe('blocked');
    await channels.getByRole('cell', { name: 'Console or API' }).waitFor();
    await expectAccessible(page, 'contact-data-blocked');
    await screenshot(page, 'contact-data-360');
    await context.close();
  });

  it('shows the API’s message beside the postal code, then saves the address', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/contacts/${contactId}`, `Paula Post${suffix}`);
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Postal address', exact: true }) });
    await card.getByRole('button', { name: 'Edit address' }).click();
    await card.getByLabel('Street and number').fill('Hauptstraße 5');
    await card.getByLabel('Postal code').fill('3015');
    await card.getByLabel('City').fill('Hannover');
    await card.getByRole('button', { name: 'Save address' }).click();
    await card.getByText('must be 5 digits for DE').waitFor();
    expect(await card.getByLabel('Postal code').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'contact-data-address-error');

    await card.getByLabel('Postal code').fill('30159');
    await card.getByRole('button', { name: 'Save address' }).click();
    await card.getByText('Address saved.').waitFor();
    await card.getByText('30159 Hannover').waitFor();
    expect((await api.adminJson<View>(`/v1/contacts/${contactId}`)).contact.address).toEqual({
      street: 'Hauptstraße 5',
      postalCode: '30159',
      city: 'Hannover',
      country: 'DE',
    });
    await expectAccessible(page, 'contact-data-address');
    await context.close();
  });

  it('reads in German', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, `/contacts/${contactId}`, `Paula Post${suffix}`);
    await page.getByRole('heading', { name: 'Kanäle', exact: true }).waitFor();
    await page.getByText('die Person hat es so gesagt').waitFor();
    await expectAccessible(page, 'contact-data-de');
    await screenshot(page, 'contact-data-360-de');
    await context.close();
  });
});

describe('contact data on the company page', () => {
  it("blocks phone for the company's people and sets its address", async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/companies/${companyId}`, companyName);
    const channels = page.locator('section', { has: page.getByRole('heading', { name: 'Channels of the company' }) });
    await group(channels, 'Phone').getByRole('radio', { name: 'Blocked' }).check();
    await channels.getByRole('button', { name: 'Save channels' }).click();
    await channels.getByRole('cell', { name: 'Phone' }).waitFor();

    const address = page.locator('section', { has: page.getByRole('heading', { name: 'Address of the company' }) });
    await address.getByRole('button', { name: 'Edit address' }).click();
    await address.getByLabel('Street and number').fill('Industriestraße 1');
    await address.getByLabel('Postal code').fill('70565');
    await address.getByLabel('City').fill('Stuttgart');
    await address.getByRole('button', { name: 'Save address' }).click();
    await address.getByText('70565 Stuttgart').waitFor();
    await expectAccessible(page, 'company-data');
    await screenshot(page, 'contact-data-company');

    await openScreen(page, `/contacts/${contactId}`, `Paula Post${suffix}`);
    await group(page.locator('section', { has: page.getByRole('heading', { name: 'Channels', exact: true }) }), 'Phone')
      .getByText('blocked by the company')
      .waitFor();
    await context.close();
  });
});

describe('print export on the segment screen', () => {
  it('downloads the address list for a print campaign and shows who was left out', async () => {
    await api.admin(`/v1/contacts/${contactId}`, { method: 'PATCH', body: JSON.stringify({ channels: { post: 'allowed' } }) });
    await until(
      'the member',
      () => api.adminJson<{ items: unknown[] }>(`/v1/segments/${segmentId}/members`),
      (members) => members.items.length === 1,
    );
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/segments/${segmentId}`, `Katalog ${suffix}`);
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Print export' }) });
    await expectAccessible(page, 'print-export');
    await card.getByLabel('Print campaign').selectOption({ label: campaignName });
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Download CSV' }).click()]);
    const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    expect(text.trim().split('\r\n')).toEqual([
      'name;company;street;addressLine2;postalCode;city;country',
      `Paula Post${suffix};${companyName};Hauptstraße 5;;30159;Hannover;DE`,
    ]);
    await card.getByText('1 exported · 0 left out (post blocked) · 0 left out (no complete address)').waitFor();
    await expectAccessible(page, 'print-export-done');
    await screenshot(page, 'contact-data-print-export');
    await context.close();
  });
});
