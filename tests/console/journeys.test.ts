import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, mailsTo, until } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 8);
const topicId = `reise-${suffix}`;
const topicName = `Reisebrief ${suffix}`;
const templateName = `Willkommen ${suffix}`;
const journeyName = `Willkommensstrecke ${suffix}`;
const from = 'Reisewerk <news@leadflow.local>';
const address = `anna-${suffix}@example.de`;

let browser: Browser;
let formId = '';
let journeyPath = '';
let contactId = '';

/** The accessible name a keyboard user hears for the focused control: its aria-label, its label, or its text. */
const focusedName = (page: Page) =>
  page.evaluate<string>(
    "(() => { const element = document.activeElement; return element?.getAttribute('aria-label') ?? element?.labels?.[0]?.textContent ?? element?.textContent ?? ''; })()",
  );

/** Presses Tab (or Shift+Tab) until the focused control's name matches, as a keyboard user would. */
async function tabTo(page: Page, name: string, { back = false, presses = 200 } = {}): Promise<void> {
  for (let i = 0; i < presses; i += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if ((await focusedName(page)).trim() === name) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

/** Picks an option of the focused select by typing its start (after the browser's type-ahead forgot the last word). */
async function typeIntoSelect(page: Page, text: string): Promise<void> {
  await page.waitForTimeout(1100);
  await page.keyboard.type(text);
}

/** Adds a step of a type with the keyboard: the type select by typing its name, then the button by Enter. */
async function addStep(page: Page, type: string): Promise<void> {
  await page.getByRole('button', { name: 'Add step' }).focus();
  await tabTo(page, 'Type of the new step', { back: true });
  await typeIntoSelect(page, type);
  expect(await page.getByLabel('Type of the new step').locator('option:checked').textContent()).toBe(type);
  await tabTo(page, 'Add step');
  await page.keyboard.press('Enter');
}

const stepIds = (page: Page) => page.locator('.journey-step').evaluateAll((items) => items.map((item) => item.getAttribute('data-step-id')));
const stepCard = (page: Page, n: number, type: string) => page.getByRole('region', { name: new RegExp(`^Step ${n}: ${type}`) });

beforeAll(async () => {
  browser = await launchBrowser();
  await api.adminJson('/v1/topics', { id: topicId, name: topicName, consentText: 'Ja, schickt mir den Reisebrief.' });
  await api.adminJson('/v1/templates', {
    name: templateName,
    subject: `Willkommen ${suffix}, {{firstName|du}}`,
    html: '<p>Hallo {{firstName}}!</p><p><a href="https://www.example.de/start">Los</a> <a href="{{unsubscribeUrl}}">Abmelden</a></p>',
  });
  formId = (
    await api.adminJson<{ id: string }>('/v1/forms', {
      name: `Reise ${suffix}`,
      topics: [topicId],
      doubleOptIn: false,
      allowedOrigins: ['https://www.example.de'],
      fields: [{ name: 'firstName' }],
    })
  ).id;
});

afterAll(async () => {
  await browser?.close();
});

describe('journeys in the console', () => {
  it('shows the empty list with the way to a first journey', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/journeys', 'Journeys');
    await page.getByRole('heading', { name: 'No journeys yet' }).waitFor();
    expect(await page.getByRole('link', { name: 'New journey' }).count()).toBe(2);
    await expectAccessible(page, 'journeys-empty');
    await context.close();
  });

  it('builds a journey with the keyboard, names a bad wait beside its field, saves it in the order built', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/journeys/new', 'New journey');
    await expectAccessible(page, 'journey-new');
    await page.getByLabel('Name', { exact: true }).fill(journeyName);
    await page.getByLabel('Starts when').selectOption('consent_granted');
    await page.getByRole('region', { name: 'Start and goal' }).getByLabel('Topic').selectOption({ label: topicName });

    // Four steps added with the keyboard; each one that led nowhere leads on to the next.
    await addStep(page, 'Send email');
    await addStep(page, 'Wait');
    await addStep(page, 'Exit');
    await addStep(page, 'Update contact');
    expect(await stepIds(page)).toEqual(['mail-1', 'wait-1', 'exit-1', 'update-1']);

    // The update moves up before the exit by its button, and the focus stays on it.
    await page.getByRole('button', { name: 'Move step update-1 down' }).focus();
    await tabTo(page, 'Move step update-1 up', { back: true });
    await page.keyboard.press('Enter');
    expect(await stepIds(page)).toEqual(['mail-1', 'wait-1', 'update-1', 'exit-1']);
    expect(await focusedName(page)).toBe('Move step update-1 up');

    // The next steps chosen with the keyboard: the wait leads to the update, the update to the exit.
    await stepCard(page, 2, 'Wait').getByLabel('Next step').focus();
    await typeIntoSelect(page, 'update-1');
    await stepCard(page, 3, 'Update contact').getByLabel('Next step').focus();
    await typeIntoSelect(page, 'exit-1');
    expect(await stepCard(page, 2, 'Wait').getByLabel('Next step').inputValue()).toBe('update-1');
    expect(await stepCard(page, 3, 'Update contact').getByLabel('Next step').inputValue()).toBe('exit-1');

    const mail = stepCard(page, 1, 'Send email');
    await mail.getByLabel('Template').selectOption({ label: templateName });
    await mail.getByLabel('Topic').selectOption({ label: topicName });
    await mail.getByLabel('From').fill(from);
    await stepCard(page, 3, 'Update contact').getByLabel('Tags to add').fill(`welcomed-${suffix}`);

    // A wait of 400 days: the API's message stands beside the days field.
    const days = stepCard(page, 2, 'Wait').getByLabel('Days');
    await days.fill('400');
    await page.getByRole('button', { name: 'Create journey' }).click();
    await expect.poll(() => days.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await days.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent()).toContain('at most 365 days');
    await page.getByText('Please correct the marked fields.').waitFor();
    await expectAccessible(page, 'journey-builder-errors');
    await screenshot(page, 'journey-builder-errors');

    await days.fill('2');
    await page.getByRole('button', { name: 'Create journey' }).click();
    await page.getByRole('heading', { level: 1, name: journeyName }).waitFor();
    journeyPath = new URL(page.url()).pathname;
    expect(journeyPath).toMatch(/^\/journeys\/[\w-]+$/);
    await page.getByText('The journey is saved.').waitFor();
    const saved = await api.adminJson<{ status: string; trigger: unknown; steps: unknown[] }>(`/v1${journeyPath}`);
    expect(saved.status).toBe('draft');
    expect(saved.trigger).toEqual({ type: 'consent_granted', topic: topicId });
    expect(saved.steps).toEqual([
      expect.objectContaining({ id: 'mail-1', type: 'send_email', topic: topicId, from, next: 'wait-1' }),
      { id: 'wait-1', type: 'wait', duration: { days: 2 }, next: 'update-1' },
      { id: 'update-1', type: 'update_contact', addTags: [`welcomed-${suffix}`], next: 'exit-1' },
      { id: 'exit-1', type: 'exit' },
    ]);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'journey-builder');
    await screenshot(page, 'journey-builder');
    await context.close();
  });

  it('publishes the journey, and a captured lead shows in the figures, the participants and the 360° page', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, journeyPath, journeyName);
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('.page-header').getByText('Published').waitFor();
    await page.getByRole('region', { name: 'Figures' }).waitFor();
    expect(await page.getByTestId('figure-entered').textContent()).toBe('0');

    const submitted = await api.submit(formId, JSON.stringify({ email: address, firstName: 'Anna', consent: [topicId] }));
    expect(submitted.status).toBe(202);
    contactId = ((await submitted.json()) as { contactId: string }).contactId;
    await until(
      'the welcome mail',
      () => mailsTo(address),
      (mails) => mails.some((mail) => mail.subject === `Willkommen ${suffix}, Anna`),
      60_000,
    );
    // The page follows the figures by itself while the journey is live.
    await expect.poll(() => page.getByTestId('figure-entered').textContent(), { timeout: 30_000 }).toBe('1');
    await expect.poll(() => page.getByTestId('step-figures-mail-1').textContent(), { timeout: 30_000 }).toMatch(/sent1/);
    expect(await page.getByTestId('step-figures-mail-1').textContent()).toMatch(/reached1/);
    await expect.poll(() => page.getByTestId('step-figures-wait-1').textContent(), { timeout: 30_000 }).toMatch(/waiting1/);
    expect(await page.getByTestId('figure-active').textContent()).toBe('1');

    // The participants list names the person (and their address), linking to their 360° page.
    const participants = page.getByRole('region', { name: 'Participants' });
    await participants.getByRole('link', { name: 'Anna' }).waitFor({ timeout: 30_000 });
    expect(await participants.getByRole('row', { name: /Anna/ }).textContent()).toContain('wait-1');
    expect(await participants.getByRole('row', { name: /Anna/ }).textContent()).toContain(address);
    expect(await participants.getByRole('link', { name: 'Anna' }).getAttribute('href')).toBe(`/contacts/${contactId}`);
    await expectAccessible(page, 'journey-figures');
    await screenshot(page, 'journey-figures');

    await participants.getByRole('link', { name: 'Anna' }).click();
    const card = page.getByRole('region', { name: 'Journeys' });
    await card.getByRole('link', { name: journeyName }).waitFor();
    expect(await card.textContent()).toContain('step wait-1');
    // The timeline names the journey mail by the journey's name and its step, not by ids.
    await expect.poll(() => page.getByRole('region', { name: 'Timeline' }).textContent()).toContain(`journey “${journeyName}”, step mail-1`);
    expect(await card.textContent()).toContain('Active');
    await expectAccessible(page, 'contact-journeys');
    await screenshot(page, 'contact-journeys');
    await context.close();
  }, 120_000);

  it('forecasts the live journey over today’s contacts from the keyboard: the one person with the topic’s consent would enter and get one mail', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, journeyPath, journeyName);
    const forecast = page.getByRole('region', { name: 'Forecast' });
    await forecast.getByLabel('Horizon').focus();
    await page.keyboard.press('ArrowUp');
    expect(await forecast.getByLabel('Horizon').inputValue()).toBe('7');
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Run forecast');
    await page.keyboard.press('Enter');
    await forecast.getByTestId('forecast-entering').waitFor();
    // Only the lead captured above holds the journey's topic (a fresh one per test run).
    expect(await forecast.getByTestId('forecast-entering').textContent()).toBe('1');
    expect(await forecast.getByTestId('forecast-mails').textContent()).toBe('1');
    expect(await forecast.getByTestId('forecast-busiest').textContent()).toBe('1');
    for (const step of ['mail-1', 'wait-1', 'update-1', 'exit-1']) expect(await forecast.getByTestId(`forecast-step-${step}`).textContent(), step).toBe('1');
    await forecast.getByRole('img', { name: /Forecast mails per day/ }).waitFor();
    await expectAccessible(page, 'journey-forecast');
    await screenshot(page, 'journey-forecast');
    await context.close();
  });

  it('shows the builder and the figures in German', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, journeyPath, journeyName);
    await page.getByRole('region', { name: 'Kennzahlen' }).waitFor();
    await page.getByRole('region', { name: /^Schritt 2: Warten/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Schritt update-1 nach oben' }).count()).toBe(1);
    expect(await page.getByTestId('step-figures-mail-1').textContent()).toMatch(/gesendet1/);
    await page.getByRole('button', { name: 'Prognose berechnen' }).click();
    await page.getByRole('region', { name: 'Prognose' }).getByText('Würden einsteigen').waitFor();
    await expectAccessible(page, 'journey-de');
    await screenshot(page, 'journey-de');

    // Every step type's fields in German: a wait with its send window, a branch, a split, an update.
    await openScreen(page, '/journeys/new', 'Neue Journey');
    for (const type of ['send_email', 'wait', 'branch', 'split', 'update_contact', 'exit']) {
      await page.getByLabel('Art des neuen Schritts').selectOption(type);
      await page.getByRole('button', { name: 'Schritt hinzufügen' }).click();
    }
    await page
      .getByRole('region', { name: /^Schritt 2: Warten/ })
      .getByLabel('Danach auf ein Zeitfenster warten')
      .check();
    await page
      .getByRole('region', { name: /^Schritt 2: Warten/ })
      .getByLabel('Di')
      .waitFor();
    await page
      .getByRole('region', { name: /^Schritt 3: Verzweigung/ })
      .getByLabel('Mail von Schritt')
      .selectOption('mail-1');
    await page.getByLabel('Ziel', { exact: true }).selectOption('order_placed');
    await expectAccessible(page, 'journey-builder-de');
    await screenshot(page, 'journey-builder-de');
    await context.close();
  });

  it('shows every step type in English', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/journeys/new', 'New journey');
    for (const type of ['send_email', 'wait', 'branch', 'split', 'update_contact', 'exit']) {
      await page.getByLabel('Type of the new step').selectOption(type);
      await page.getByRole('button', { name: 'Add step' }).click();
    }
    await page
      .getByRole('region', { name: /^Step 2: Wait/ })
      .getByLabel('Then wait for a time window')
      .check();
    await page
      .getByRole('region', { name: /^Step 3: Branch/ })
      .getByLabel('Branch on')
      .selectOption('rule');
    await page
      .getByRole('region', { name: /^Step 3: Branch/ })
      .getByRole('button', { name: 'Add a condition to the rule' })
      .click();
    await page.getByLabel('Goal', { exact: true }).selectOption('segment_exited');
    await page
      .getByRole('region', { name: /^Step 4: Random split/ })
      .getByRole('button', { name: 'Add path' })
      .click();
    await expectAccessible(page, 'journey-builder-all-types');
    await screenshot(page, 'journey-builder-all-types');
    await context.close();
  });

  it('lists the journey; an edit of the live journey is version 2 as a draft; archiving moves it to the archived list', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/journeys', 'Journeys');
    const row = page.getByRole('row', { name: new RegExp(journeyName) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Published');
    expect(await row.textContent()).toContain('Consent granted');
    await expectAccessible(page, 'journeys');
    await screenshot(page, 'journeys');

    await row.getByRole('link', { name: journeyName }).click();
    await page.getByRole('heading', { level: 1, name: journeyName }).waitFor();
    await stepCard(page, 2, 'Wait').getByLabel('Days').fill('3');
    await page.getByText('Unsaved changes: save before publishing.').waitFor();
    await page.getByRole('button', { name: 'Save journey' }).click();
    await page.getByTestId('draft-notice').waitFor();
    expect(await page.getByTestId('draft-notice').textContent()).toContain('Version 2 (draft) — version 1 is live');
    expect(await page.getByRole('button', { name: 'Publish version 2' }).count()).toBe(1);
    await expectAccessible(page, 'journey-draft-of-live');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Archive' }).click();
    await page.locator('.page-header').getByText('Archived').waitFor();
    await openScreen(page, '/journeys', 'Journeys');
    await page.getByRole('heading', { name: 'No journeys yet' }).waitFor();
    await page.getByLabel('Show archived journeys').check();
    await page.getByRole('link', { name: journeyName }).waitFor();
    await context.close();
  });
});
