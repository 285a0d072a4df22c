import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, until } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 6);
const tag = `hintergrund-${suffix}`;
let browser: Browser;
let segmentId: string;
let campaignName: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const setup = await aCaptureSetup(`uipa-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }] });
  const response = await api.submit(setup.form.id, JSON.stringify({ email: `brief-${suffix}@example.de`, firstName: 'Bärbel', lastName: `Brief${suffix}` }));
  expect(response.status).toBe(202);
  const contactId = ((await response.json()) as { contactId: string }).contactId;
  campaignName = `Katalog ${suffix}`;
  await api.adminJson('/v1/campaigns', { name: campaignName, channel: 'print' });
  segmentId = (
    await api.adminJson<{ id: string }>('/v1/segments', { name: `Hintergrund ${suffix}`, rule: { field: 'tags', op: 'eq', value: tag }, schedule: 'daily' })
  ).id;
  const patched = await api.admin(`/v1/contacts/${contactId}`, {
    method: 'PATCH',
    body: JSON.stringify({ tags: [tag], address: { street: 'Lindenallee 3', postalCode: '20259', city: 'Hamburg', country: 'DE' } }),
  });
  expect(patched.status).toBe(200);
  await until(
    'the member',
    () => api.adminJson<{ items: unknown[] }>(`/v1/segments/${segmentId}/members`),
    (members) => members.items.length === 1,
  );
});
afterAll(async () => {
  await browser?.close();
});

describe('a print export in the background on the segment screen', () => {
  it('is chosen with the keyboard, shows its live state and then a download link to the CSV', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/segments/${segmentId}`, `Hintergrund ${suffix}`);
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Print export' }) });
    await card.getByLabel('Print campaign').selectOption({ label: campaignName });
    await card.getByLabel('Prepare a download link in the background').focus();
    await page.keyboard.press('Space');
    expect(await card.getByLabel('Prepare a download link in the background').isChecked()).toBe(true);
    await expectAccessible(page, 'print-export-background');
    await card.getByRole('button', { name: 'Prepare CSV' }).press('Enter');

    const status = card.getByRole('status');
    await status.getByText('The list is ready: 1 exported · 0 left out (post blocked) · 0 left out (no complete address).').waitFor({ timeout: 30_000 });
    await status.getByText('The link is valid until', { exact: false }).waitFor();
    await expectAccessible(page, 'print-export-background-ready');
    await screenshot(page, 'segments-print-export-background');

    const [download] = await Promise.all([page.waitForEvent('download'), status.getByRole('link', { name: 'Download CSV' }).click()]);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').trim().split('\r\n')).toEqual([
      'name;company;street;addressLine2;postalCode;city;country',
      `Bärbel Brief${suffix};;Lindenallee 3;;20259;Hamburg;DE`,
    ]);
    await context.close();
  });

  it('says so in German', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, `/segments/${segmentId}`, `Hintergrund ${suffix}`);
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Print-Export' }) });
    await card.getByLabel('Print-Kampagne').selectOption({ label: campaignName });
    await card.getByLabel('Download-Link im Hintergrund vorbereiten').check();
    await card.getByRole('button', { name: 'CSV vorbereiten' }).click();
    await card.getByRole('status').getByText('Die Liste ist fertig', { exact: false }).waitFor({ timeout: 30_000 });
    await card.getByRole('status').getByRole('link', { name: 'CSV herunterladen' }).waitFor();
    await expectAccessible(page, 'print-export-background-de');
    await screenshot(page, 'segments-print-export-background-de');
    await context.close();
  });
});
