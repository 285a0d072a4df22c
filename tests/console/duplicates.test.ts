import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 6);
let browser: Browser;
let setup: Awaited<ReturnType<typeof aCaptureSetup>>;

async function capture(fields: Record<string, unknown>): Promise<string> {
  const response = await api.submit(setup.form.id, JSON.stringify(fields));
  expect(response.status).toBe(202);
  return ((await response.json()) as { contactId: string }).contactId;
}

const weiss = `Weiß${suffix}`;
const company = `Dubletten${suffix} GmbH`;
let anna: string;
let anna2: string;

beforeAll(async () => {
  browser = await launchBrowser();
  setup = await aCaptureSetup(`uidup-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }, { name: 'company' }, { name: 'phone' }] });
  anna = await capture({ email: `anna-${suffix}@example.de`, firstName: 'Anna', lastName: weiss, company, phone: '+49 30 1234567', consent: [setup.topicId] });
  anna2 = await capture({ email: `a.weiss-${suffix}@example.de`, firstName: 'Anna', lastName: `Weiss${suffix}`, company: company.toUpperCase() });
  await capture({ email: `otto-${suffix}@example.de`, firstName: 'Otto', lastName: `Zentrale${suffix}`, phone: '+49 89 998877' });
  await capture({ email: `olga-${suffix}@example.de`, firstName: 'Olga', lastName: `Zentrale${suffix}`, phone: '089 998877' });
  // A pair for the German screens: one Gmail mailbox, written twice.
  await capture({ email: `bernd.${suffix}@gmail.com`, firstName: 'Bernd', lastName: `Bäcker${suffix}` });
  await capture({ email: `bernd${suffix}+messe@googlemail.com`, firstName: 'Bernd', lastName: `Baecker${suffix}` });
});
afterAll(async () => {
  await browser?.close();
});

describe('the duplicates screen', () => {
  it('is linked from the contacts screen, lists pairs with their reasons and hides a dismissed one', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/contacts', 'Contacts');
    await page.getByRole('link', { name: 'Find duplicates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Duplicates' }).waitFor();
    const annaPair = page.getByRole('row').filter({ hasText: `Anna ${weiss}` });
    await annaPair.waitFor();
    expect(await annaPair.textContent()).toContain('same name and company');
    const zentrale = page.getByRole('row').filter({ hasText: `Otto Zentrale${suffix}` });
    expect(await zentrale.textContent()).toContain('same phone');
    await expectAccessible(page, 'duplicates');
    await screenshot(page, 'duplicates');

    await zentrale.getByRole('button', { name: /are not the same person$/ }).click();
    await page.getByRole('status').filter({ hasText: 'The pair is hidden from the list.' }).waitFor();
    await zentrale.waitFor({ state: 'detached' });
    await context.close();
  });

  it('compares, swaps the survivor and merges by keyboard alone, then lands on the survivor', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/contacts/duplicates', 'Duplicates');
    const compare = page
      .getByRole('row')
      .filter({ hasText: `Anna ${weiss}` })
      .getByRole('button', { name: /^Compare/ });
    await compare.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Merge two contacts' }).waitFor();
    await page.getByText('Survivor (kept)').waitFor();
    await expectAccessible(page, 'duplicates-merge');
    await screenshot(page, 'duplicates-merge');
    const survivorFirst = await page.locator('.merge-side.survivor h3').textContent();

    // Swap with Space: the other one becomes the survivor, and the swap is announced.
    await page.getByRole('button', { name: 'Swap survivor' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: 'is now the survivor.' }).waitFor();
    expect(await page.locator('.merge-side.survivor h3').textContent()).not.toBe(survivorFirst);
    // Swap back: Anna with the consent stays.
    await page.keyboard.press('Space');
    expect(await page.locator('.merge-side.survivor h3').textContent()).toBe(survivorFirst);
    const survivorEmail = (await page.locator('.merge-side.survivor dd').first().textContent()) ?? '';
    const survivorId = survivorEmail.startsWith('anna-') ? anna : anna2;
    const otherId = survivorId === anna ? anna2 : anna;

    // The dialog opens on Enter with the confirm button focused; Escape closes it without merging.
    await page.getByRole('button', { name: 'Merge…' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Merge now');
    await expectAccessible(page, 'duplicates-merge-dialog');
    await screenshot(page, 'duplicates-merge-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await api.admin(`/v1/contacts/${otherId}`)).status).toBe(200);

    await page.getByRole('button', { name: 'Merge…' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Cancel');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/contacts/${survivorId}`);
    await page.getByRole('heading', { level: 1, name: `Anna ${weiss}` }).waitFor();

    // The merged contact's page says where it went, with a link there.
    await openScreen(page, `/contacts/${otherId}`, 'Contact');
    await page.getByText('This contact was merged into another one.').waitFor();
    await expectAccessible(page, 'contact-merged');
    await screenshot(page, 'contact-merged');
    await page.getByRole('link', { name: 'Open the merged contact' }).click();
    await page.waitForURL((url) => url.pathname === `/contacts/${survivorId}`);
    await context.close();
  });

  it('speaks German, from the menu', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await page.getByRole('navigation').getByRole('link', { name: 'Dubletten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dubletten' }).waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'duplicates-de');
    await screenshot(page, 'duplicates-de');
    const bernd = page.getByRole('row').filter({ hasText: `Bernd Bäcker${suffix}` });
    expect(await bernd.textContent()).toContain('dasselbe Postfach');
    await bernd.getByRole('button', { name: /vergleichen$/ }).click();
    await page.getByRole('heading', { name: 'Zwei Kontakte zusammenführen' }).waitFor();
    await page.getByText('Verbleibt', { exact: true }).waitFor();
    await expectAccessible(page, 'duplicates-merge-de');
    await screenshot(page, 'duplicates-merge-de');
    await context.close();
  });
});
