import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, confirmLinkIn, mailsTo, until } from '#tests/helpers/api';
import { consoleUrl, expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

/** Chromium, axe and the stack share two cores with other work: a generous time-out per test. */
const SLOW = 180_000;

/**
 * `expectAccessible` for screens with a preview frame: the same WCAG 2.1 A/AA check in axe's legacy
 * mode. The default mode runs axe inside every frame and waits forever on a `sandbox=""` frame, where
 * no script (and so none of axe's timers) runs; legacy mode checks the frame element and skips its
 * content, which is the customer's HTML, not the console's.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A customer's web site on an origin of its own: serves whatever page the test puts there. */
async function aCustomerSite(): Promise<{ origin: string; show: (html: string) => void; close: () => Promise<void> }> {
  let page = '<!doctype html><title>empty</title>';
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    show: (html) => {
      page = html;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function aTopicAndCampaign(suffix: string) {
  const topic = await api.adminJson<{ id: string; name: string; consentText: string }>('/v1/topics', {
    id: `news-${suffix}`,
    name: `Newsletter ${suffix}`,
    consentText: `Ja, schickt mir den Newsletter ${suffix}.`,
  });
  const campaign = await api.adminJson<{ id: string; name: string }>('/v1/campaigns', { name: `Messe ${suffix}`, channel: 'fair' });
  return { topic, campaign };
}

const fieldOrder = (page: Page) => page.locator('.field-list ol > li legend').allTextContents();

/** The builder's field rows after the name and company rows, in their order. */
const AFTER_THE_NAMES = [
  'Job title',
  'Phone',
  'Street and number',
  'Address line 2',
  'Postal code',
  'City',
  'Country',
  'Opt-in box: post',
  'Opt-in box: phone',
  'Opt-in box: email',
];

describe('the forms list', () => {
  it(
    'says how to start when there is no form, and lists forms with their campaign, topics and double opt-in',
    async () => {
      const { context, page } = await signedIn(browser);
      const existing = await api.adminJson<{ items: unknown[] }>('/v1/forms');
      if (existing.items.length === 0) {
        await openScreen(page, '/forms', 'Forms');
        await page.getByRole('heading', { name: 'No forms yet' }).waitFor();
        await expectAccessible(page, 'forms-empty');
        await page.getByRole('link', { name: 'New form' }).click();
        await page.getByRole('heading', { level: 1, name: 'New form' }).waitFor();
      }
      const suffix = Date.now().toString(36);
      const { topic, campaign } = await aTopicAndCampaign(suffix);
      await api.adminJson('/v1/forms', { name: `Footer ${suffix}`, campaignId: campaign.id, topics: [topic.id], allowedOrigins: ['https://www.example.de'] });

      await openScreen(page, '/forms', 'Forms');
      const row = page.getByRole('row', { name: new RegExp(`Footer ${suffix}`) });
      await expect.poll(() => row.textContent()).toContain(campaign.name);
      expect(await row.textContent()).toContain(topic.name);
      expect(await row.getByRole('cell').nth(3).textContent()).toBe('Yes');
      await expectAccessible(page, 'forms');
      await screenshot(page, 'forms');
      await context.close();
    },
    SLOW,
  );
});

describe('the form builder', () => {
  it(
    'builds a form whose copied snippet captures a lead on another site, through double opt-in to granted consent',
    async () => {
      const suffix = Date.now().toString(36);
      const { topic, campaign } = await aTopicAndCampaign(suffix);
      const site = await aCustomerSite();
      const { context, page } = await signedIn(browser);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: consoleUrl('') });
      try {
        await openScreen(page, '/forms/new', 'New form');
        await page.getByLabel('Name', { exact: true }).fill(`Landing ${suffix}`);
        await page.getByLabel('Campaign').selectOption({ label: campaign.name });
        await page.getByRole('checkbox', { name: topic.name }).check();
        await page.getByLabel('Include Company').check();
        await page.getByLabel('Company required').check();

        // The field list is used with the keyboard: Enter on "Move up" moves the row and keeps the focus on it.
        await page.getByRole('button', { name: 'Move Company up' }).focus();
        await page.keyboard.press('Enter');
        await expect.poll(() => fieldOrder(page)).toEqual(['First name', 'Company', 'Last name', ...AFTER_THE_NAMES]);
        await page.getByRole('status').filter({ hasText: 'Company moved to position 2 of 13.' }).waitFor();
        await page.keyboard.press('Space');
        await expect.poll(() => fieldOrder(page)).toEqual(['Company', 'First name', 'Last name', ...AFTER_THE_NAMES]);
        // At the top "Move up" is disabled, so the focus went to "Move down".
        expect(await page.evaluate('document.activeElement?.textContent')).toBe('Move Company down');

        // A bad origin first: the API's message shows beside it.
        const originInput = page.getByLabel('Origin to add');
        await originInput.fill('www.example.de');
        await originInput.press('Enter');
        await page.getByRole('button', { name: 'Create form' }).click();
        const origins = page.getByRole('group', { name: 'Allowed origins' });
        await origins.getByText('www.example.de: must be an origin such as https://www.example.com').waitFor();
        await page.getByRole('alert').getByText('Please correct the marked fields.').waitFor();
        await expectAccessible(page, 'form-builder-with-error');

        await origins.getByRole('button', { name: 'Remove www.example.de' }).click();
        await originInput.fill(site.origin);
        await origins.getByRole('button', { name: 'Add origin' }).click();
        await page.getByRole('button', { name: 'Create form' }).click();
        await page.getByRole('status').filter({ hasText: 'The form was created.' }).waitFor();
        const formId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
        expect(formId).not.toBe('new');
        const saved = await api.adminJson<{
          embedHtml: string;
          fields: Array<{ name: string; required: boolean }>;
          allowedOrigins: string[];
          campaignId: string;
        }>(`/v1/forms/${formId}`);
        expect(saved.fields).toEqual([
          { name: 'company', required: true },
          { name: 'firstName', required: false },
          { name: 'lastName', required: false },
        ]);
        expect(saved.allowedOrigins).toEqual([site.origin]);
        expect(saved.campaignId).toBe(campaign.id);

        // The preview shows the form as a visitor sees it, inside a sandboxed frame.
        const preview = page.frameLocator('iframe[title="Preview of the form"]');
        await preview.getByLabel('Firma *').waitFor();
        expect(await page.locator('iframe[title="Preview of the form"]').getAttribute('sandbox')).toBe('');

        await page.getByRole('button', { name: 'Copy snippet' }).click();
        await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
        const copied = await page.evaluate<string>('navigator.clipboard.readText()');
        expect(copied).toBe(saved.embedHtml);
        await expectAccessible(page, 'form-builder-saved');

        // The copied snippet on the customer's site: a visitor fills it in and submits.
        site.show(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Messe</title></head><body><h1>Jetzt anmelden</h1>${copied}</body></html>`);
        const visitor = await context.newPage();
        await visitor.goto(`${site.origin}/anmelden?utm_source=messe&utm_medium=qr`);
        const email = `visitor-${suffix}@example.de`;
        await visitor.getByLabel('E-Mail *').fill(email);
        await visitor.getByLabel('Firma *').fill(`Beispiel ${suffix} GmbH`);
        await visitor.getByLabel('Vorname').fill('Vera');
        await visitor.getByLabel(topic.consentText).check();
        await visitor.getByRole('button', { name: 'Absenden' }).click();
        await visitor.getByRole('heading', { name: 'Fast geschafft' }).waitFor();

        const [mail] = await until(
          'the confirmation mail',
          () => mailsTo(email),
          (mails) => mails.length > 0,
        );
        await visitor.goto(confirmLinkIn(mail));
        await visitor.getByRole('heading', { name: 'Anmeldung bestätigt' }).waitFor();

        const found = await api.adminJson<{
          items: Array<{ company?: string; firstName?: string; consents: Record<string, { status: string; formId?: string }> }>;
        }>(`/v1/contacts?email=${encodeURIComponent(email)}`);
        expect(found.items[0]?.consents[topic.id]).toMatchObject({ status: 'granted', formId });
        expect(found.items[0]).toMatchObject({ company: `Beispiel ${suffix} GmbH`, firstName: 'Vera' });
      } finally {
        await context.close();
        await site.close();
      }
    },
    SLOW,
  );

  it(
    'sends a test submission from the preview panel and links to the contact it made',
    async () => {
      const suffix = Date.now().toString(36);
      const { topic } = await aTopicAndCampaign(suffix);
      // No console origin in the list: the product's own origin is always accepted for test submissions.
      const form = await api.adminJson<{ id: string }>('/v1/forms', {
        name: `Test panel ${suffix}`,
        topics: [topic.id],
        allowedOrigins: ['https://www.example.de'],
        fields: [{ name: 'firstName' }, { name: 'phone' }],
      });
      const { context, page } = await signedIn(browser);
      await openScreen(page, `/forms/${form.id}`, `Form “Test panel ${suffix}”`);
      const panel = page.getByRole('region', { name: 'Test submission' });
      await panel.getByLabel('Email').fill('not an address');
      await panel.getByLabel('Phone').fill('call me');
      await panel.getByRole('button', { name: 'Send test submission' }).click();
      await expect.poll(() => panel.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
      await panel.getByText('must be an email address').waitFor();
      await panel.getByText('must be a phone number').waitFor();
      await expectAccessible(page, 'form-test-submission-error');

      const email = `panel-${suffix}@example.de`;
      await panel.getByLabel('Email').fill(email);
      await panel.getByLabel('Phone').fill('+49 511 1234567');
      await panel.getByLabel('First name').fill('Paula');
      await panel.getByRole('checkbox', { name: topic.name }).check();
      await panel.getByRole('button', { name: 'Send test submission' }).click();
      await panel.getByText('The API answered: confirmation pending (a confirmation mail was sent).').waitFor();
      const link = panel.getByRole('link', { name: 'Open the contact' });
      const contactId = (await link.getAttribute('href'))?.split('/').at(-1) ?? '';
      const found = await api.adminJson<{ items: Array<{ id: string; firstName?: string; consents: Record<string, { status: string }> }> }>(
        `/v1/contacts?email=${encodeURIComponent(email)}`,
      );
      expect(found.items[0]).toMatchObject({ id: contactId, firstName: 'Paula', consents: { [topic.id]: { status: 'pending' } } });
      await screenshot(page, 'form-builder');
      await expectAccessible(page, 'form-builder');
      await context.close();
    },
    SLOW,
  );

  it(
    'speaks German and previews unsaved changes while the snippet stays the saved one',
    async () => {
      const suffix = Date.now().toString(36);
      const { topic } = await aTopicAndCampaign(suffix);
      const form = await api.adminJson<{ id: string; embedHtml: string }>('/v1/forms', {
        name: `Fußzeile ${suffix}`,
        topics: [topic.id],
        allowedOrigins: ['https://www.example.de'],
      });
      const { context, page } = await signedIn(browser, 'de-DE');
      await openScreen(page, `/forms/${form.id}`, `Formular „Fußzeile ${suffix}“`);
      await page.getByLabel('Telefon aufnehmen', { exact: true }).check();
      await page.getByLabel('Beschriftung für Telefon', { exact: true }).fill('Rückrufnummer');
      await page.getByText('Sie haben ungespeicherte Änderungen').waitFor();
      await page.frameLocator('iframe[title="Vorschau des Formulars"]').getByLabel('Rückrufnummer').waitFor();
      expect(await page.locator('pre.snippet').textContent()).toBe(form.embedHtml);
      await screenshot(page, 'form-builder-de');
      await expectAccessible(page, 'form-builder-de');

      // Saving (PATCH) brings the snippet up to date.
      await page.getByRole('button', { name: 'Speichern' }).click();
      await page.getByRole('status').filter({ hasText: 'Das Formular wurde gespeichert.' }).waitFor();
      await page.locator('pre.snippet').getByText('Rückrufnummer').first().waitFor();
      expect(await page.getByText('Sie haben ungespeicherte Änderungen').count()).toBe(0);
      const saved = await api.adminJson<{ fields: unknown[] }>(`/v1/forms/${form.id}`);
      expect(saved.fields).toEqual([
        { name: 'firstName', required: false },
        { name: 'lastName', required: false },
        { name: 'phone', required: false, label: 'Rückrufnummer' },
      ]);
      await context.close();
    },
    SLOW,
  );

  it(
    'archives a form after asking, hides it from the list and says so when it is opened',
    async () => {
      const suffix = Date.now().toString(36);
      const form = await api.adminJson<{ id: string }>('/v1/forms', { name: `Old ${suffix}`, allowedOrigins: ['https://www.example.de'] });
      const { context, page } = await signedIn(browser);
      await openScreen(page, `/forms/${form.id}`, `Form “Old ${suffix}”`);
      let asked = '';
      page.once('dialog', (dialog) => {
        asked = dialog.message();
        void dialog.accept();
      });
      await page.getByRole('button', { name: 'Archive' }).click();
      await page.getByRole('heading', { level: 1, name: 'Forms' }).waitFor();
      expect(asked).toContain(`Archive the form “Old ${suffix}”?`);
      await page.getByRole('status').filter({ hasText: 'The form was archived.' }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.getByRole('link', { name: `Old ${suffix}` }).count()).toBe(0);
      const archived = await api.adminJson<{ archivedAt?: string }>(`/v1/forms/${form.id}`);
      expect(archived.archivedAt).toBeDefined();
      await openScreen(page, `/forms/${form.id}`, `Form “Old ${suffix}”`);
      await page.getByText('This form was archived on').waitFor();
      expect(await page.getByRole('button', { name: 'Archive' }).count()).toBe(0);
      await context.close();
    },
    SLOW,
  );
});
