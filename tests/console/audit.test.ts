import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 8);
let browser: Browser;
let topicId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  // Some admin writes to see: a topic created and changed, and a refused change.
  topicId = `audit-${suffix}`;
  await api.adminJson('/v1/topics', { id: topicId, name: 'Audit', consentText: 'Ja.' });
  await api.admin(`/v1/topics/${topicId}`, { method: 'PATCH', body: JSON.stringify({ name: 'Audit (geändert)' }) });
  await api.admin(`/v1/topics/${topicId}`, { method: 'PATCH', body: JSON.stringify({ name: '' }) });
});
afterAll(async () => {
  await browser?.close();
});

describe('the audit trail screen', () => {
  it('shows the newest entries, filters by entity with the keyboard, and downloads them as CSV', async () => {
    const { context, page } = await signedIn(browser);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(3);
    await expectAccessible(page, 'audit');

    // Keyboard only: the entity id field, then Enter submits the filters.
    await page.getByLabel('Entity id').focus();
    await page.keyboard.type(topicId);
    await page.keyboard.press('Enter');
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    await expect.poll(() => rows.nth(0).innerText()).toMatch(/Failed \(400\)/);
    expect(await rows.nth(1).innerText()).toMatch(/topic\.updated[\s\S]*Succeeded \(200\)/);
    expect(await rows.nth(2).innerText()).toMatch(/topic\.created[\s\S]*Succeeded \(201\)/);
    expect(await page.locator('tbody').innerText()).not.toContain('geändert');
    await screenshot(page, 'audit');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('audit.csv');
    const csv = await readFile(String(await download.path()), 'utf8');
    expect(csv.split('\r\n').filter((line) => line.includes(topicId))).toHaveLength(3);
    await page.getByRole('status').filter({ hasText: 'audit.csv was downloaded.' }).waitFor();
    await context.close();
  });

  it('chooses the user from the users list, and says what to do when nothing matches', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/audit', 'Audit trail');
    const user = page.getByLabel('User');
    await user.focus();
    // The select's options come from GET /v1/users; the keyboard picks one.
    await expect.poll(() => user.locator('option').count()).toBeGreaterThan(1);
    await page.keyboard.press('ArrowDown');
    expect(await user.inputValue()).not.toBe('');
    await page.getByLabel('From').fill('2020-01-01');
    await page.getByLabel('To').fill('2020-01-31');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page.getByText('No entries for these filters').waitFor();
    await expectAccessible(page, 'audit-empty');
    await screenshot(page, 'audit-empty');
    await context.close();
  });

  it('names a bad date range next to its field', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/audit', 'Audit trail');
    await page.getByLabel('From').fill('2026-05-02');
    await page.getByLabel('To').fill('2026-05-01');
    await page.getByRole('button', { name: 'Show entries' }).click();
    await page.getByText('must not be before from').waitFor();
    await expectAccessible(page, 'audit-bad-range');
    await context.close();
  });

  it('is in German too', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, '/audit', 'Audit-Protokoll');
    await page.getByLabel('Objekt-ID').fill(topicId);
    await page.getByRole('button', { name: 'Einträge zeigen' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
    await page.getByText('Fehlgeschlagen (400)').waitFor();
    await expectAccessible(page, 'audit-de');
    await screenshot(page, 'audit-de');
    await context.close();
  });
});
