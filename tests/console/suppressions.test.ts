import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 8);
const address = `Sperre-${suffix}@Example.de`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const suppressed = async () =>
  (await api.adminJson<{ items: Array<{ email: string; reason: string }> }>('/v1/suppressions?limit=500')).items.find(
    (item) => item.email.toLowerCase() === address.toLowerCase(),
  );

describe('the suppression list in the console', () => {
  it('refuses a bad address beside the field, adds a good one and removes it after confirming', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/suppressions', 'Suppressions');

    await page.getByLabel('E-mail address').fill('not an address');
    await page.getByRole('button', { name: 'Suppress an address' }).click();
    const field = page.getByLabel('E-mail address');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'suppressions-with-error');

    await field.fill(address);
    await page.getByLabel('Reason').selectOption('complaint');
    await page.getByRole('button', { name: 'Suppress an address' }).click();
    await page.getByRole('status').getByText(`${address} is on the suppression list (reason: Complaint).`).waitFor();
    await page.getByRole('rowheader', { name: address }).waitFor();
    expect(await suppressed()).toMatchObject({ reason: 'complaint' });
    await expectAccessible(page, 'suppressions');
    await screenshot(page, 'suppressions');

    await page.getByRole('button', { name: `Remove ${address} from the suppression list` }).click();
    const dialog = page.getByRole('dialog', { name: `Remove ${address} from the suppression list?` });
    await dialog.waitFor();
    await expectAccessible(page, 'suppressions-confirm-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await suppressed()).toBeDefined();

    await page.getByRole('button', { name: `Remove ${address} from the suppression list` }).click();
    await dialog.getByRole('button', { name: 'Yes, remove' }).click();
    await page.getByRole('status').getByText(`${address} was removed from the suppression list.`).waitFor();
    await page.getByRole('rowheader', { name: address }).waitFor({ state: 'detached' });
    expect(await suppressed()).toBeUndefined();
    await context.close();
  });

  it('speaks German', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, '/suppressions', 'Sperrliste');
    await page.getByRole('button', { name: 'Adresse sperren' }).waitFor();
    await expectAccessible(page, 'suppressions-de');
    await context.close();
  });
});
