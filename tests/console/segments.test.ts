import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 8);
const company = `Segmentwerk ${suffix} GmbH`;
const topicId = `seg-${suffix}`;
const segmentName = `Segmentwerk ${suffix} with consent`;

let browser: Browser;

/** Presses Tab until the focused control's accessible name (aria-label or text) matches, as a keyboard user would. */
async function tabTo(page: Page, name: string | RegExp, presses = 80): Promise<void> {
  for (let i = 0; i < presses; i += 1) {
    await page.keyboard.press('Tab');
    const element = page.locator(':focus');
    const focused = (await element.getAttribute('aria-label')) ?? (await element.textContent()) ?? '';
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

const focusedValue = (page: Page) => page.locator(':focus').inputValue();

async function apiCount(rule: unknown): Promise<number> {
  return (await api.adminJson<{ count: number }>('/v1/segments/preview', { rule })).count;
}

beforeAll(async () => {
  browser = await launchBrowser();
  await api.adminJson('/v1/topics', { id: topicId, name: `Segmentbrief ${suffix}`, consentText: 'Ja, schickt mir den Segmentbrief.' });
  const form = await api.adminJson<{ id: string }>('/v1/forms', {
    name: `Segmente ${suffix}`,
    topics: [topicId],
    doubleOptIn: false,
    allowedOrigins: ['https://www.example.de'],
    fields: [{ name: 'company' }, { name: 'firstName' }, { name: 'lastName' }],
  });
  const people: Array<[string, string[]]> = [
    ['Anna', [topicId]],
    ['Bernd', [topicId]],
    ['Clara', []],
  ];
  for (const [firstName, consent] of people) {
    const response = await api.submit(
      form.id,
      JSON.stringify({ email: `${firstName.toLowerCase()}-${suffix}@example.de`, firstName, lastName: 'Segmentwerk', company, consent }),
    );
    expect(response.status).toBe(202);
  }
  // Bernd is suppressed: in the segment, not reachable by a mailing.
  expect(
    (await api.admin('/v1/suppressions', { method: 'POST', body: JSON.stringify({ email: `bernd-${suffix}@example.de`, reason: 'manual' }) })).status,
  ).toBe(201);
});

afterAll(async () => {
  await browser?.close();
});

describe('building a segment in the console', () => {
  let segmentPath = '';

  it('builds a condition with the keyboard alone, and the live count equals the API’s preview of the same rule', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/segments/new', 'New segment');
    await expect.poll(() => page.getByTestId('live-count').textContent()).toContain('Add a condition');

    await tabTo(page, 'Add a condition to the rule');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Field of condition 1');
    await page.keyboard.type('Company');
    expect(await focusedValue(page)).toBe('company');
    await tabTo(page, 'Comparison of condition 1');
    await page.keyboard.type('contains');
    expect(await focusedValue(page)).toBe('contains');
    await tabTo(page, 'Value of condition 1');
    await page.keyboard.type(`segmentwerk ${suffix}`);

    const rule = { field: 'company', op: 'contains', value: `segmentwerk ${suffix}` };
    const expected = await apiCount(rule);
    expect(expected).toBe(3);
    await expect.poll(() => page.getByTestId('live-count').textContent()).toContain(`${expected} contacts match this rule.`);
    await expectAccessible(page, 'segment-builder-one-condition');
    await context.close();
  });

  it('shows the API’s message next to the condition it names, then counts, saves and runs the segment', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/segments/new', 'New segment');
    await page.getByRole('button', { name: 'Add a condition to the rule' }).click();
    await page.getByLabel('Field of condition 1').selectOption('company');
    await page.getByLabel('Comparison of condition 1').selectOption('eq');
    await page.getByLabel('Value of condition 1').fill(company);

    // A time condition without its number of days: the API names rule.all.1.value, shown beside condition 2.
    await page.getByRole('button', { name: 'Add a condition to the rule' }).click();
    await page.getByLabel('Field of condition 2').selectOption('createdAt');
    await page.getByLabel('Comparison of condition 2').selectOption('lessThanDaysAgo');
    await page.getByLabel('Days for condition 2').fill('');
    const days = page.getByLabel('Days for condition 2');
    await expect.poll(() => days.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await days.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toContain('daysAgo');
    await expectAccessible(page, 'segment-builder-with-error');
    await days.fill('30');
    await expect.poll(() => days.getAttribute('aria-invalid')).toBeNull();

    // A nested negated group: not (consent is withdrawn or not set) — everyone with granted consent here.
    await page.getByRole('button', { name: 'Add a group to the rule' }).click();
    await page.getByLabel('Match for group 3').selectOption('or');
    await page.getByLabel('Not: turn group 3 around').check();
    await page.getByRole('button', { name: 'Add a condition to group 3' }).click();
    await page.getByLabel('Field of condition 3.1').selectOption(`consent.${topicId}`);
    await page.getByLabel('Comparison of condition 3.1').selectOption('neq');
    await page.getByLabel('Value of condition 3.1').selectOption('granted');
    await page.getByRole('button', { name: 'Add a condition to group 3' }).click();
    await page.getByLabel('Field of condition 3.2').selectOption(`consent.${topicId}`);
    await page.getByLabel('Comparison of condition 3.2').selectOption('in');
    await page.getByRole('group', { name: 'Consent states of condition 3.2' }).getByLabel('withdrawn').check();

    const rule = {
      all: [
        { field: 'company', op: 'eq', value: company },
        { field: 'createdAt', op: 'after', value: { daysAgo: 30 } },
        {
          not: {
            any: [
              { field: `consent.${topicId}`, op: 'neq', value: 'granted' },
              { field: `consent.${topicId}`, op: 'in', value: ['withdrawn'] },
            ],
          },
        },
      ],
    };
    const expected = await apiCount(rule);
    expect(expected).toBe(2);
    await expect.poll(() => page.getByTestId('live-count').textContent()).toContain(`${expected} contacts match this rule.`);
    await page.getByRole('link', { name: 'Anna Segmentwerk' }).waitFor();

    // The reach for the topic: Bernd is suppressed.
    await page.getByLabel('Reach for topic').selectOption(topicId);
    const reach = await api.adminJson<{ reach?: { reachable: number; suppressed: number } }>('/v1/segments/preview', { rule, topic: topicId });
    await expect.poll(() => page.getByTestId('reachable').textContent()).toBe(String(reach.reach?.reachable));
    expect(reach.reach).toMatchObject({ reachable: 1, suppressed: 1 });
    await expectAccessible(page, 'segment-builder');
    await screenshot(page, 'segment-builder');

    await page.getByLabel('Name', { exact: true }).fill(segmentName);
    await page.getByLabel('Schedule').selectOption('off');
    await page.getByRole('button', { name: 'Create segment' }).click();
    await page.getByRole('heading', { level: 1, name: segmentName }).waitFor();
    segmentPath = new URL(page.url()).pathname;
    expect(segmentPath).toMatch(/^\/segments\/[\w-]+$/);
    const saved = await api.adminJson<{ rule: unknown; schedule: string }>(`/v1${segmentPath}`);
    expect(saved).toMatchObject({ rule, schedule: 'off' });

    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByText('The run finished: 2 entered, 0 exited').waitFor({ timeout: 30_000 });
    await page.getByRole('cell', { name: `anna-${suffix}@example.de` }).waitFor();
    await page.getByRole('cell', { name: `bernd-${suffix}@example.de` }).waitFor();
    expect(await page.getByRole('cell', { name: `clara-${suffix}@example.de` }).count()).toBe(0);
    await expectAccessible(page, 'segment-after-run');
    await context.close();
  });

  it('shows the saved segment in German with every control translated', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, segmentPath, segmentName);
    await page.getByLabel('Feld von Bedingung 3.1').waitFor();
    await page.getByLabel('Nicht: Gruppe 3 umkehren').waitFor();
    expect(await page.getByLabel('Vergleich von Bedingung 2').inputValue()).toBe('lessThanDaysAgo');
    await page.getByText('Letzter Lauf').first().waitFor();
    await expect.poll(() => page.getByTestId('live-count').textContent()).toContain('2 Kontakte erfüllen diese Regel.');
    await expectAccessible(page, 'segment-builder-de');
    await screenshot(page, 'segment-builder-de');
    await context.close();
  });

  it('lists the segment with its members, schedule and last run', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/segments', 'Segments');
    const row = page.getByRole('row', { name: new RegExp(segmentName) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Only on request');
    expect(await row.textContent()).toContain('2 entered, 0 exited');
    await expectAccessible(page, 'segments');
    await screenshot(page, 'segments');
    await context.close();
  });

  it('archives the segment after confirming: gone from the list, its page still readable', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, segmentPath, segmentName);
    await page.getByRole('button', { name: 'Archive' }).click();
    const dialog = page.getByRole('dialog', { name: `Archive “${segmentName}”?` });
    await dialog.waitFor();
    await expectAccessible(page, 'segment-archive-dialog');
    await dialog.getByRole('button', { name: 'Yes, archive' }).click();
    await page.getByRole('heading', { level: 1, name: 'Segments' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('link', { name: segmentName }).count()).toBe(0);
    expect((await api.admin(`/v1${segmentPath}`)).status).toBe(200);
    await context.close();
  });
});
