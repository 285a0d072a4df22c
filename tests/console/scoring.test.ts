import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, until } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 8);
const title = `Einkauf-${suffix}`;
const EMPTY = { rules: [], decayPercentPerMonth: 0, qualifyAt: 100 };

let browser: Browser;
let contactId: string;
beforeAll(async () => {
  browser = await launchBrowser();
  await api.adminJson('/v1/scoring', EMPTY, 'PUT');
  const setup = await aCaptureSetup(`ui-score-${suffix}`, { doubleOptIn: false, fields: [{ name: 'firstName' }, { name: 'jobTitle' }] });
  const answer = await api.submit(setup.form.id, JSON.stringify({ email: `ui-score-${suffix}@example.de`, firstName: 'Petra', jobTitle: `Leitung ${title}` }));
  contactId = ((await answer.json()) as { contactId: string }).contactId;
});
afterAll(async () => {
  await api.adminJson('/v1/scoring', EMPTY, 'PUT');
  await browser?.close();
});

const rule = (page: Page, n: number) => page.getByRole('group', { name: `Rule ${n}` });
const focusedLabel = (page: Page) => page.evaluate<string>("document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName ?? ''");

describe('the scoring screen', () => {
  it('builds rules with the keyboard, names a bad field, previews the draft as the API does, saves and rebuilds, and explains the score on the 360° page', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/scoring', 'Lead scoring');
    await expect.poll(() => page.getByText('No rules yet').isVisible()).toBe(true);
    await expectAccessible(page, 'scoring-empty');

    // Keyboard only: Enter on "Add a rule" adds a row and puts the focus in its first control.
    await page.getByRole('button', { name: 'Add a rule' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedLabel(page)).toBe('SELECT');
    await page.getByRole('button', { name: 'Add a rule' }).focus();
    await page.keyboard.press('Enter');

    // Rule 1: an activity, its points cleared to show the API's message beside the field.
    await rule(page, 1).getByLabel('Event').selectOption('activity_logged');
    await rule(page, 1).getByLabel('Points').fill('');
    await rule(page, 1).getByLabel('At most (times)').fill('1');
    await rule(page, 1).getByLabel('Within (days)').fill('30');
    await rule(page, 1).getByLabel('Key').fill('activities');
    await page.getByRole('button', { name: 'Save and recompute all scores' }).click();
    await expect.poll(() => rule(page, 1).getByLabel('Points').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'scoring-with-error');
    await rule(page, 1).getByLabel('Points').fill('30');

    // Rule 2: a fact about the person, typed with the keyboard, then moved to the top by keyboard.
    await rule(page, 2).getByLabel('Kind').selectOption('fact');
    await rule(page, 2).getByLabel('Field').selectOption('jobTitle');
    await rule(page, 2).getByLabel('Comparison').selectOption('contains');
    await rule(page, 2).getByLabel('Value').focus();
    await page.keyboard.type(title);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('15');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('buyer');
    await page.getByRole('button', { name: 'Move rule 2 up' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => rule(page, 1).getByLabel('Key').inputValue()).toBe('buyer');
    await expect.poll(() => focusedLabel(page)).toBe('Move rule 1 down');
    await page.getByLabel('Qualified at (points)').fill('40');

    const draft = {
      rules: [
        { id: 'buyer', rule: { field: 'jobTitle', op: 'contains', value: title }, points: 15 },
        { id: 'activities', event: 'activity_logged', points: 30, maxTimes: 1, perDays: 30 },
      ],
      decayPercentPerMonth: 0,
      qualifyAt: 40,
    };
    const expected = await api.adminJson<{ qualified: number; contacts: number }>('/v1/scoring/preview', { ...draft, qualifyAt: 15 });
    await page.getByLabel('Qualified at (points)').fill('15');
    await page.getByRole('button', { name: 'Preview' }).click();
    const status = page.getByText(/contacts would be qualified/);
    await status.waitFor();
    expect(await status.textContent()).toContain(`${expected.qualified.toLocaleString('en-GB')} of`);
    await page.getByLabel('Qualified at (points)').fill('40');

    await page.getByRole('button', { name: 'Save and recompute all scores' }).click();
    await page.getByText(/Saved as version/).waitFor();
    await page
      .getByText(/All scores recomputed|Recomputing/)
      .first()
      .waitFor();
    const saved = await api.adminJson<{ rules: unknown[]; qualifyAt: number }>('/v1/scoring');
    expect(saved.rules).toEqual(draft.rules);
    expect(saved.qualifyAt).toBe(40);
    await expectAccessible(page, 'scoring-saved');
    await screenshot(page, 'scoring-en');

    await until(
      'the fact rule scored',
      () => api.adminJson<{ contact: { score: number } }>(`/v1/contacts/${contactId}`),
      (view) => view.contact.score === 15,
      60_000,
    );
    await api.adminJson(`/v1/contacts/${contactId}/activities`, { type: 'call', at: new Date().toISOString(), summary: 'Rückruf' });
    await until(
      'the activity scored',
      () => api.adminJson<{ contact: { score: number } }>(`/v1/contacts/${contactId}`),
      (view) => view.contact.score === 45,
      60_000,
    );
    await openScreen(page, `/contacts/${contactId}`, /Petra/);
    const card = page.getByRole('region', { name: 'Lead score' });
    await expect.poll(() => card.textContent()).toContain(`+15 while “buyer” holds`);
    await expect.poll(() => card.textContent()).toMatch(/\+30 Activity logged call on .*, decayed to 30/);
    await expect.poll(() => card.textContent()).toContain('Qualified on');
    await card.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'contact-score');
    await screenshot(page, 'scoring-contact-en');
    await context.close();
  }, 180_000);

  it('is in German, with the rules saved before', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, '/scoring', 'Lead-Scoring');
    await page.getByRole('group', { name: 'Regel 1' }).waitFor();
    await expectAccessible(page, 'scoring-de');
    await screenshot(page, 'scoring-de');
    await openScreen(page, `/contacts/${contactId}`, /Petra/);
    await expect.poll(() => page.getByRole('region', { name: 'Lead-Score' }).textContent()).toContain('solange „buyer“ gilt');
    await screenshot(page, 'scoring-contact-de');
    await context.close();
  }, 60_000);
});
