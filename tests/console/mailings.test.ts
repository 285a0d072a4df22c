import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { api, mailsTo, until } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 8);
const company = `Postwerk ${suffix} AG`;
const topicId = `post-${suffix}`;
const mailingName = `Postbrief ${suffix}`;
const email = (who: string) => `${who}-${suffix}@example.de`;

let browser: Browser;
let segmentId = '';
let campaignName = '';
let templateName = '';
let segmentName = '';
const segmentRule = { field: 'company', op: 'eq', value: company };

beforeAll(async () => {
  browser = await launchBrowser();
  await api.adminJson('/v1/topics', { id: topicId, name: `Postbrief-Thema ${suffix}`, consentText: 'Ja, schickt mir den Postbrief.' });
  campaignName = `Postkampagne ${suffix}`;
  await api.adminJson('/v1/campaigns', { name: campaignName, channel: 'email' });
  templateName = `Postvorlage ${suffix}`;
  await api.adminJson('/v1/templates', {
    name: templateName,
    subject: `${mailingName} für {{firstName|Sie}}`,
    html: '<p>Hallo {{firstName|zusammen}},</p><p><a href="{{unsubscribeUrl}}">Abmelden</a></p>',
  });
  const form = await api.adminJson<{ id: string }>('/v1/forms', {
    name: `Post ${suffix}`,
    topics: [topicId],
    doubleOptIn: false,
    allowedOrigins: ['https://www.example.de'],
    fields: [{ name: 'company' }, { name: 'firstName' }],
  });
  for (const [who, consent] of [
    ['granted', [topicId]],
    ['second', [topicId]],
    ['never', []],
    ['suppressed', [topicId]],
  ] as const) {
    const response = await api.submit(form.id, JSON.stringify({ email: email(who), firstName: who, company, consent }));
    expect(response.status).toBe(202);
  }
  expect((await api.admin('/v1/suppressions', { method: 'POST', body: JSON.stringify({ email: email('suppressed'), reason: 'manual' }) })).status).toBe(201);
  segmentName = `Postwerk ${suffix}`;
  segmentId = (await api.adminJson<{ id: string }>('/v1/segments', { name: segmentName, rule: segmentRule, schedule: 'off' })).id;
  await api.adminJson(`/v1/segments/${segmentId}/evaluate`, {});
  await until(
    'the segment to hold all four',
    () => api.adminJson<{ memberCount: number; evaluatedAt?: string }>(`/v1/segments/${segmentId}`),
    (body) => body.memberCount === 4 && body.evaluatedAt !== undefined,
  );
});

afterAll(async () => {
  await browser?.close();
});

describe('a mailing through the console', () => {
  it('creates a draft, reviews the reach the API reports, sends after confirming and shows the progress to sent', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/mailings/new', 'New mailing');
    await expectAccessible(page, 'mailing-new');

    // A bad sender first: the API's message stands beside the field.
    await page.getByLabel('Name', { exact: true }).fill(mailingName);
    await page.getByLabel('Campaign').selectOption({ label: campaignName });
    await page.getByLabel('Segment', { exact: true }).selectOption({ label: segmentName });
    await page.getByLabel('Topic').selectOption({ label: `Postbrief-Thema ${suffix}` });
    await page.getByLabel('Template').selectOption({ label: templateName });
    await page.getByLabel('From').fill('Postwerk <news@not-our-domain.example>');
    await page.getByRole('button', { name: 'Create draft' }).click();
    const from = page.getByLabel('From');
    await expect.poll(() => from.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'mailing-new-with-error');
    await from.fill('Postwerk <news@leadflow.local>');
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.getByRole('heading', { level: 1, name: mailingName }).waitFor();

    const preview = await api.adminJson<{ reach: { reachable: number; suppressed: number; noConsent: number } }>('/v1/segments/preview', {
      rule: segmentRule,
      topic: topicId,
    });
    expect(preview.reach).toMatchObject({ reachable: 2, suppressed: 1, noConsent: 1 });
    await expect.poll(() => page.getByTestId('review-reachable').textContent()).toBe(String(preview.reach.reachable));
    await page.getByText(`Left out: 1 suppressed and 1 without consent for “Postbrief-Thema ${suffix}”.`).waitFor();
    expect(await page.getByTestId('review-subject').textContent()).toMatch(new RegExp(`^${mailingName} für `));
    await expectAccessible(page, 'mailing-review');
    await screenshot(page, 'mailing-review');

    // The confirmation: a modal dialog that takes the focus, and Escape leaves without sending.
    await page.getByRole('button', { name: 'Send…' }).click();
    const dialog = page.getByRole('dialog', { name: `Send “${mailingName}”?` });
    await dialog.waitFor();
    expect(await dialog.locator(':focus').count()).toBe(1);
    await expectAccessible(page, 'mailing-confirm-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await api.adminJson<{ status: string }>(`/v1/mailings/${new URL(page.url()).pathname.split('/').pop()}`)).status).toBe('draft');

    await page.getByRole('button', { name: 'Send…' }).click();
    await dialog.getByRole('button', { name: 'Yes, send' }).click();
    await page.getByRole('heading', { name: 'Progress' }).waitFor();
    await expect.poll(() => page.getByTestId('count-sent').textContent(), { timeout: 30_000 }).toBe('2');
    await page.getByText('Sent', { exact: true }).first().waitFor();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('count-recipients').textContent()).toBe('4');
    expect(await page.getByTestId('count-skippedNoConsent').textContent()).toBe('1');
    expect(await page.getByTestId('count-suppressed').textContent()).toBe('1');
    expect(await page.getByRole('progressbar', { name: 'Sending progress' }).getAttribute('value')).toBe('4');
    const [mail] = (await mailsTo(email('granted'))).filter((sent) => sent.subject.startsWith(mailingName));
    expect(mail).toBeDefined();
    expect((await mailsTo(email('second'))).filter((sent) => sent.subject.startsWith(mailingName))).toHaveLength(1);
    expect((await mailsTo(email('suppressed'))).filter((mail) => mail.subject.startsWith(mailingName))).toHaveLength(0);
    // SES reports an open: the funnel shows it.
    const mailingId = new URL(page.url()).pathname.split('/').pop();
    expect(
      (
        await fetch(`${inject('eventsUrl')}/ses/events`, {
          method: 'POST',
          body: JSON.stringify({ messageId: mail?.messageId, eventType: 'Open', at: new Date().toISOString() }),
        })
      ).status,
    ).toBe(200);
    await until(
      'the open to be counted',
      () => api.adminJson<{ counts: { opened: number } }>(`/v1/mailings/${mailingId}`),
      (body) => body.counts.opened === 1,
    );
    await page.reload();
    await expect.poll(() => page.getByTestId('funnel-opened').textContent()).toMatch(/^1\b/);
    await expectAccessible(page, 'mailing-sent');
    await screenshot(page, 'mailing-progress');
    await context.close();
  }, 120_000);

  it('lists the mailing with its status and counts', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/mailings', 'Mailings');
    const row = page.getByRole('row', { name: new RegExp(mailingName) });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['Sent', '4', '2']);
    await expectAccessible(page, 'mailings');
    await screenshot(page, 'mailings');
    await context.close();
  });

  it('cancels a scheduled mailing after confirming, in German', async () => {
    const campaign = (await api.adminJson<{ items: Array<{ id: string; name: string }> }>('/v1/campaigns?limit=500')).items.find(
      (item) => item.name === campaignName,
    );
    const template = (await api.adminJson<{ items: Array<{ id: string; name: string }> }>('/v1/templates?limit=500')).items.find(
      (item) => item.name === templateName,
    );
    const scheduled = await api.adminJson<{ id: string }>('/v1/mailings', {
      name: `${mailingName} später`,
      campaignId: campaign?.id,
      segmentId,
      topic: topicId,
      templateId: template?.id,
      from: 'Postwerk <news@leadflow.local>',
      scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect((await api.admin(`/v1/mailings/${scheduled.id}/send`, { method: 'POST' })).status).toBe(202);
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, `/mailings/${scheduled.id}`, `${mailingName} später`);
    await page.getByText('Geplant', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Mailing abbrechen …' }).click();
    const dialog = page.getByRole('dialog', { name: `„${mailingName} später“ abbrechen?` });
    await dialog.waitFor();
    await expectAccessible(page, 'mailing-cancel-dialog-de');
    await dialog.getByRole('button', { name: 'Ja, abbrechen' }).click();
    await page.getByText('Abgebrochen', { exact: true }).first().waitFor();
    expect((await api.adminJson<{ status: string }>(`/v1/mailings/${scheduled.id}`)).status).toBe('cancelled');
    await context.close();
  });
});
