import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, mailsTo, until } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

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

/** A contact with a first name, made the way contacts are made: a form submission. */
async function aContact(suffix: string, firstName: string) {
  const { form } = await aCaptureSetup(`tpl-${suffix}`);
  const email = `${firstName.toLowerCase()}-${suffix}@example.de`;
  const answer = await api.submit(form.id, JSON.stringify({ email, firstName, lastName: `Lindqvist${suffix}` }));
  expect(answer.status).toBe(202);
  const { contactId } = (await answer.json()) as { contactId: string };
  return { contactId, email, lastName: `Lindqvist${suffix}` };
}

/** What has the keyboard focus: its tag and the id of what labels it. */
const focused = (page: Page) =>
  page.evaluate<{ tag: string; labelledBy: string | null }>(
    "({ tag: document.activeElement?.tagName ?? '', labelledBy: document.activeElement?.getAttribute('aria-labelledby') ?? null })",
  );

describe('the templates list', () => {
  it(
    'says how to start when there is no template, and lists templates with their subject',
    async () => {
      const { context, page } = await signedIn(browser);
      const existing = await api.adminJson<{ items: unknown[] }>('/v1/templates');
      if (existing.items.length === 0) {
        await openScreen(page, '/templates', 'Templates');
        await page.getByRole('heading', { name: 'No templates yet' }).waitFor();
        await expectAccessible(page, 'templates-empty');
      }
      const suffix = Date.now().toString(36);
      await api.adminJson('/v1/templates', {
        name: `November ${suffix}`,
        subject: 'Neues für {{firstName|Sie}}',
        html: '<p>Hallo</p><a href="{{unsubscribeUrl}}">Abmelden</a>',
      });
      await openScreen(page, '/templates', 'Templates');
      const row = page.getByRole('row', { name: new RegExp(`November ${suffix}`) });
      await expect.poll(() => row.textContent()).toContain('Neues für {{firstName|Sie}}');
      await expectAccessible(page, 'templates');
      await screenshot(page, 'templates');
      await context.close();
    },
    SLOW,
  );
});

describe('the template editor', () => {
  it(
    'writes a template with the keyboard and previews it for the sample person and for a chosen contact',
    async () => {
      const suffix = Date.now().toString(36);
      const greta = await aContact(suffix, 'Greta');
      const { context, page } = await signedIn(browser);
      await openScreen(page, '/templates/new', 'New template');

      await page.getByLabel('Name', { exact: true }).focus();
      await page.keyboard.type(`Welcome ${suffix}`);
      await page.keyboard.press('Tab');
      await page.keyboard.type('Willkommen, ');
      // The merge-field button inserts at the subject's cursor, the part last used.
      await page.getByRole('button', { name: 'Insert {{firstName|Kundin, Kunde}}' }).click();
      await expect.poll(() => page.getByLabel('Subject').inputValue()).toBe('Willkommen, {{firstName|Kundin, Kunde}}');

      // Tab leads into the HTML editor and on out of it again: the editor is no keyboard trap.
      await page.getByLabel('Subject').focus();
      await page.keyboard.press('Tab');
      expect(await focused(page)).toEqual({ tag: 'DIV', labelledBy: 'template-html-label' });
      await page.keyboard.type('<p>Hallo {{firstName}}, schön, dass Sie da sind.');
      await page.keyboard.press('Tab');
      expect((await focused(page)).tag).toBe('TEXTAREA');

      // Without {{unsubscribeUrl}} the API refuses, and says so beside the HTML editor.
      await page.getByRole('button', { name: 'Create template' }).click();
      await page.getByText('must contain {{unsubscribeUrl}}').waitFor();
      await expect.poll(() => page.getByRole('textbox', { name: 'HTML', exact: true }).getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'template-editor-with-error');

      // Back in the editor the cursor is where the typing stopped, inside the paragraph.
      await page.getByRole('textbox', { name: 'HTML', exact: true }).focus();
      await page.keyboard.type(' <a href="');
      await page.getByRole('button', { name: 'Insert {{unsubscribeUrl}}' }).click();
      await page.keyboard.type('">Abmelden</a></p>');
      await page.getByRole('button', { name: 'Create template' }).click();
      await page.getByRole('status').filter({ hasText: 'The template was created.' }).waitFor();
      const templateId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
      const saved = await api.adminJson<{ subject: string; html: string }>(`/v1/templates/${templateId}`);
      expect(saved.subject).toBe('Willkommen, {{firstName|Kundin, Kunde}}');
      expect(saved.html).toBe('<p>Hallo {{firstName}}, schön, dass Sie da sind. <a href="{{unsubscribeUrl}}">Abmelden</a></p>');

      // The preview renders the sample person first, then the chosen contact.
      const mail = page.frameLocator('iframe[title="Preview of the mail"]');
      await mail.getByText('Hallo Erika, schön, dass Sie da sind.').waitFor();
      await page.getByLabel('Render for a contact').fill(greta.lastName);
      await page.getByRole('button', { name: `Use Greta ${greta.lastName} <${greta.email}>` }).click();
      await mail.getByText('Hallo Greta, schön, dass Sie da sind.').waitFor();
      await page.locator('.preview-subject').getByText('Willkommen, Greta').waitFor();
      await page.locator('pre.preview-text').getByText('Hallo Greta').waitFor();
      await screenshot(page, 'template-editor');
      await expectAccessible(page, 'template-editor');

      await context.close();
    },
    SLOW,
  );

  it(
    'sends a test mail for a chosen contact that arrives with [Test] before the subject, naming a bad address beside the field',
    async () => {
      const suffix = Date.now().toString(36);
      const greta = await aContact(suffix, 'Greta');
      const template = await api.adminJson<{ id: string }>('/v1/templates', {
        name: `Test ${suffix}`,
        subject: 'Hallo {{firstName|Sie}}',
        html: '<p>Hallo {{firstName}}</p><a href="{{unsubscribeUrl}}">Abmelden</a>',
      });
      const { context, page } = await signedIn(browser);
      await openScreen(page, `/templates/${template.id}`, `Template “Test ${suffix}”`);
      await page.getByLabel('Render for a contact').fill(greta.lastName);
      await page.getByRole('button', { name: `Use Greta ${greta.lastName} <${greta.email}>` }).click();
      await page.frameLocator('iframe[title="Preview of the mail"]').getByText('Hallo Greta').waitFor();

      const to = page.getByLabel('Send to');
      await to.fill('qa-team@example.de, not-an-address');
      await page.getByRole('button', { name: 'Send test mail' }).click();
      await page.getByText('not-an-address: must be an email address').waitFor();
      expect(await to.getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'template-test-send-error');

      const inbox = `qa-${suffix}@example.de`;
      await to.fill(inbox);
      await page.getByRole('button', { name: 'Send test mail' }).click();
      await page.getByRole('status').filter({ hasText: 'The test mail was sent to 1 address(es).' }).waitFor();
      const [sent] = await until(
        'the test mail',
        () => mailsTo(inbox),
        (mails) => mails.length > 0,
      );
      expect(sent?.subject).toBe('[Test] Hallo Greta');
      expect(sent?.body.html).toContain('Hallo Greta');
      await context.close();
    },
    SLOW,
  );

  it(
    'speaks German and says the preview shows the saved template while changes are unsaved',
    async () => {
      const suffix = Date.now().toString(36);
      const template = await api.adminJson<{ id: string }>('/v1/templates', {
        name: `Dezember ${suffix}`,
        subject: 'Grüße',
        html: '<p>Hallo {{firstName|zusammen}}</p><a href="{{unsubscribeUrl}}">Abmelden</a>',
      });
      const { context, page } = await signedIn(browser, 'de-DE');
      await openScreen(page, `/templates/${template.id}`, `Vorlage „Dezember ${suffix}“`);
      await page.frameLocator('iframe[title="Vorschau der E-Mail"]').getByText('Hallo Erika').waitFor();
      await page.getByLabel('Betreff').fill('Frohe Feiertage');
      await page.getByText('Sie haben ungespeicherte Änderungen').waitFor();
      expect(await page.locator('.preview-subject').textContent()).toBe('Grüße');
      await screenshot(page, 'template-editor-de');
      await expectAccessible(page, 'template-editor-de');

      // Saving (PATCH) renders the preview again.
      await page.getByRole('button', { name: 'Speichern' }).click();
      await page.getByRole('status').filter({ hasText: 'Die Vorlage wurde gespeichert.' }).waitFor();
      await page.locator('.preview-subject').getByText('Frohe Feiertage').waitFor();
      expect((await api.adminJson<{ subject: string }>(`/v1/templates/${template.id}`)).subject).toBe('Frohe Feiertage');
      await context.close();
    },
    SLOW,
  );
});
