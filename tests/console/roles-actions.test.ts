import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

let browser: Browser;
const suffix = randomUUID().slice(0, 8);
const topicId = `rollen-${suffix}`;
const campaignName = `Rollenmesse ${suffix}`;
const segmentName = `Rollensegment ${suffix}`;
const journeyName = `Rollenreise ${suffix}`;
const mailingName = `Rollenbrief ${suffix}`;
const taskTitle = `Rollenrückruf ${suffix}`;
let campaignId: string;
let segmentId: string;
let journeyId: string;
let mailingId: string;
let contactId: string;
let templateId: string;
let formId: string;
const templateName = `Rollenvorlage ${suffix}`;
const formName = `Rollenformular ${suffix}`;
const READ_ONLY = 'You can read this. Changing it needs the role admin or marketer.';

/** How many buttons (or links, with `role`) of each name the page's main area shows. */
async function countsOf(page: Page, names: readonly string[], role: 'button' | 'link' = 'button'): Promise<Record<string, number>> {
  const main = page.locator('main');
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = await main.getByRole(role, { name, exact: true }).count();
  return counts;
}
const none = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, 0]));

const SEGMENT_WRITES = ['Save', 'Archive', 'Run now'];
/** The rule builder's add and remove buttons (named after the group or condition they belong to). */
const ruleButtons = (page: Page) => page.locator('main .rqb-add:visible, main .rqb-remove:visible').count();
const JOURNEY_WRITES = ['Save journey', 'Publish', 'Archive', 'Run forecast'];
const MAILING_WRITES = ['Send…'];

beforeAll(async () => {
  browser = await launchBrowser();
  await api.adminJson('/v1/topics', { id: topicId, name: `Rollenbrief ${suffix}`, consentText: 'Ja, schickt mir den Rollenbrief.' });
  campaignId = (await api.adminJson<{ id: string }>('/v1/campaigns', { name: campaignName, channel: 'email' })).id;
  templateId = (
    await api.adminJson<{ id: string }>('/v1/templates', {
      name: templateName,
      subject: `Hallo {{firstName|Sie}} ${suffix}`,
      html: '<p>Hallo {{firstName|zusammen}},</p><p><a href="{{unsubscribeUrl}}">Abmelden</a></p>',
    })
  ).id;
  segmentId = (
    await api.adminJson<{ id: string }>('/v1/segments', { name: segmentName, rule: { field: 'tags', op: 'eq', value: `rolle-${suffix}` }, schedule: 'off' })
  ).id;
  journeyId = (
    await api.adminJson<{ id: string }>('/v1/journeys', {
      name: journeyName,
      trigger: { type: 'consent_granted', topic: topicId },
      steps: [
        { id: 'welcome', type: 'send_email', templateId, topic: topicId, from: 'Rollen <news@leadflow.local>', next: 'done' },
        { id: 'done', type: 'exit' },
      ],
    })
  ).id;
  mailingId = (
    await api.adminJson<{ id: string }>('/v1/mailings', {
      name: mailingName,
      campaignId,
      segmentId,
      topic: topicId,
      templateId,
      from: 'Rollen <news@leadflow.local>',
    })
  ).id;
  formId = (
    await api.adminJson<{ id: string }>('/v1/forms', {
      name: formName,
      topics: [topicId],
      doubleOptIn: false,
      allowedOrigins: ['https://www.example.de'],
      fields: [{ name: 'firstName' }],
    })
  ).id;
  const setup = await aCaptureSetup(`roles-actions-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }] });
  const submitted = await api.submit(setup.form.id, JSON.stringify({ email: `aufgabe.${suffix}@example.de`, firstName: 'Toni', lastName: `Aufgabe${suffix}` }));
  contactId = ((await submitted.json()) as { contactId: string }).contactId;
  // A likely duplicate of Toni: the same name and phone under another address.
  const twin = await api.submit(setup.form.id, JSON.stringify({ email: `t.aufgabe.${suffix}@example.de`, firstName: 'Toni', lastName: `Aufgabe${suffix}` }));
  const twinId = ((await twin.json()) as { contactId: string }).contactId;
  for (const id of [contactId, twinId])
    expect((await api.admin(`/v1/contacts/${id}`, { method: 'PATCH', body: JSON.stringify({ phone: '+49 40 5550123' }) })).status).toBe(200);
  await api.adminJson('/v1/tasks', { contactId, title: taskTitle, dueAt: '2030-06-01T08:00:00Z' });
});
afterAll(async () => {
  await browser?.close();
});

describe('the detail screens as a role that may only read them', () => {
  it('shows an analyst a campaign, a segment, a journey and a mailing without their write actions', async () => {
    const { context, page } = await signedIn(browser, 'en-GB', 'analyst');
    await openScreen(page, `/campaigns/${campaignId}`, campaignName);
    await page.getByRole('button', { name: 'Download CSV' }).waitFor();
    expect(await countsOf(page, ['Edit'], 'link')).toEqual(none(['Edit']));
    await expectAccessible(page, 'campaign-analyst');

    await openScreen(page, `/segments/${segmentId}`, segmentName);
    await page.getByText('You can read this. Changing it needs the role admin or marketer.').waitFor();
    expect(await page.getByLabel('Name').inputValue()).toBe(segmentName);
    expect(await page.getByLabel('Name').isDisabled()).toBe(true);
    await page.getByRole('region', { name: /Members/ }).waitFor();
    expect(await countsOf(page, SEGMENT_WRITES)).toEqual(none(SEGMENT_WRITES));
    expect(await page.locator('#print-export').count()).toBe(0);
    expect(await ruleButtons(page)).toBe(0);
    await expectAccessible(page, 'segment-analyst');
    await screenshot(page, 'roles-segment-analyst-en');

    await openScreen(page, `/journeys/${journeyId}`, journeyName);
    await page.getByText('You can read this. Changing it needs the role admin or marketer.').waitFor();
    expect(await page.getByLabel('Name').isDisabled()).toBe(true);
    expect(await countsOf(page, JOURNEY_WRITES)).toEqual(none(JOURNEY_WRITES));
    await expectAccessible(page, 'journey-analyst');

    await openScreen(page, `/mailings/${mailingId}`, mailingName);
    await page.getByText('You can read this. Changing it needs the role admin or marketer.').waitFor();
    expect(await countsOf(page, MAILING_WRITES)).toEqual(none(MAILING_WRITES));
    expect(await page.locator('main').innerText()).not.toContain('This needs the role');
    await expectAccessible(page, 'mailing-analyst');
    await context.close();
  });

  it('shows an analyst a template, a form and the scoring rules read-only', async () => {
    const { context, page } = await signedIn(browser, 'en-GB', 'analyst');
    await openScreen(page, `/templates/${templateId}`, `Template “${templateName}”`);
    await page.getByText(READ_ONLY).waitFor();
    expect(await page.getByLabel('Subject').isDisabled()).toBe(true);
    expect(await page.locator('.cm-content').getAttribute('contenteditable')).toBe('false');
    expect(await countsOf(page, ['Save', 'Archive'])).toEqual(none(['Save', 'Archive']));
    for (const card of ['#template-preview', '#template-test', '.template-editor-side']) expect(await page.locator(card).count(), card).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain('This needs the role');
    await expectAccessible(page, 'template-analyst');
    await screenshot(page, 'roles-template-analyst-en');

    await openScreen(page, `/forms/${formId}`, `Form “${formName}”`);
    await page.getByText(READ_ONLY).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    expect(await countsOf(page, ['Save', 'Archive'])).toEqual(none(['Save', 'Archive']));
    expect(await page.locator('#form-test').count()).toBe(0);
    await page.locator('#form-preview').waitFor();
    await expectAccessible(page, 'form-analyst');

    await openScreen(page, '/scoring', 'Lead scoring');
    await page.getByText(READ_ONLY).waitFor();
    expect(await countsOf(page, ['Save and recompute all scores', 'Preview'])).toEqual(none(['Save and recompute all scores', 'Preview']));
    await expectAccessible(page, 'scoring-analyst');
    await context.close();
  });

  it('shows the read-only segment in German', async () => {
    const { context, page } = await signedIn(browser, 'de-DE', 'analyst');
    await openScreen(page, `/segments/${segmentId}`, segmentName);
    await page.getByText('Sie können dies lesen. Ändern darf es nur, wer die Rolle Admin oder Marketing hat.').waitFor();
    expect(await countsOf(page, ['Speichern', 'Archivieren', 'Jetzt berechnen'])).toEqual(none(['Speichern', 'Archivieren', 'Jetzt berechnen']));
    await expectAccessible(page, 'segment-analyst-de');
    await screenshot(page, 'roles-segment-analyst-de');
    await context.close();
  });

  it('shows a sales user a campaign without its edit link', async () => {
    const { context, page } = await signedIn(browser, 'en-GB', 'sales');
    await openScreen(page, `/campaigns/${campaignId}`, campaignName);
    await page.getByRole('button', { name: 'Download CSV' }).waitFor();
    expect(await countsOf(page, ['Edit'], 'link')).toEqual(none(['Edit']));
    await context.close();
  });

  it('shows a marketer the tasks without complete, postpone or new-task controls', async () => {
    const { context, page } = await signedIn(browser, 'en-GB', 'marketer');
    await openScreen(page, `/contacts/${contactId}`, /Toni/);
    const tasks = page.getByRole('region', { name: 'Tasks' });
    await tasks.getByText(taskTitle).waitFor();
    expect(await tasks.getByRole('button').count()).toBe(0);
    expect(await tasks.getByRole('columnheader').allInnerTexts()).toEqual(['Task', 'Due', 'Assigned to']);
    await openScreen(page, '/contacts/duplicates', 'Duplicates');
    const pair = page.getByRole('row').filter({ hasText: `Toni Aufgabe${suffix}` });
    await pair.first().waitFor();
    await pair
      .first()
      .getByRole('button', { name: /^Compare/ })
      .waitFor();
    expect(
      await pair
        .first()
        .getByRole('button', { name: /are not the same person/ })
        .count(),
    ).toBe(0);
    await openScreen(page, '/tasks', /Tasks/);
    await page.getByRole('heading', { name: 'Add a task' }).waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: /^Complete/ }).count()).toBe(0);
    await expectAccessible(page, 'tasks-marketer');
    await context.close();
  });
});

describe('the same screens as an admin', () => {
  it('shows every write action', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/campaigns/${campaignId}`, campaignName);
    await page.locator('main').getByRole('link', { name: 'Edit', exact: true }).waitFor();
    await openScreen(page, `/segments/${segmentId}`, segmentName);
    await page.locator('#print-export').waitFor();
    expect(await countsOf(page, SEGMENT_WRITES)).toEqual(Object.fromEntries(SEGMENT_WRITES.map((name) => [name, 1])));
    expect(await page.getByLabel('Name').isDisabled()).toBe(false);
    expect(await ruleButtons(page)).toBeGreaterThan(0);
    expect(await page.getByText('You can read this.').count()).toBe(0);
    await openScreen(page, `/journeys/${journeyId}`, journeyName);
    await page.getByRole('button', { name: 'Run forecast' }).waitFor();
    expect(await countsOf(page, JOURNEY_WRITES)).toEqual(Object.fromEntries(JOURNEY_WRITES.map((name) => [name, 1])));
    await openScreen(page, `/mailings/${mailingId}`, mailingName);
    await page.getByRole('button', { name: 'Send…' }).waitFor();
    await openScreen(page, `/templates/${templateId}`, `Template “${templateName}”`);
    await page.locator('#template-test').waitFor();
    await page.locator('#template-preview').waitFor();
    expect(await page.locator('.cm-content').getAttribute('contenteditable')).toBe('true');
    await openScreen(page, `/forms/${formId}`, `Form “${formName}”`);
    await page.locator('#form-test').waitFor();
    expect(await countsOf(page, ['Save', 'Archive'])).toEqual({ Save: 1, Archive: 1 });
    await openScreen(page, `/contacts/${contactId}`, /Toni/);
    const tasks = page.getByRole('region', { name: 'Tasks' });
    await tasks.getByRole('button', { name: `Complete: ${taskTitle}` }).waitFor();
    await tasks.getByRole('button', { name: `Postpone or reassign: ${taskTitle}` }).waitFor();
    await openScreen(page, '/contacts/duplicates', 'Duplicates');
    await page
      .getByRole('row')
      .filter({ hasText: `Toni Aufgabe${suffix}` })
      .first()
      .getByRole('button', { name: /are not the same person/ })
      .waitFor();
    await context.close();
  });
});
