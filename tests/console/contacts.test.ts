import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, confirmLinkIn, mailsTo, until } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 6);
let browser: Browser;
let setup: Awaited<ReturnType<typeof aCaptureSetup>>;
let muellerId: string;
const muellerEmail = `juergen.mueller-${suffix}@example.de`;

beforeAll(async () => {
  browser = await launchBrowser();
  setup = await aCaptureSetup(`ui360-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }, { name: 'company' }] });
  const response = await api.submit(
    setup.form.id,
    JSON.stringify({ email: muellerEmail, firstName: 'Jürgen', lastName: `Müller${suffix}`, company: `Weiß${suffix} GmbH`, consent: [setup.topicId] }),
    { 'user-agent': 'Mozilla/5.0 (Console test)' },
  );
  expect(response.status).toBe(202);
  muellerId = ((await response.json()) as { contactId: string }).contactId;
  // The double opt-in mail's link confirms the consent, as the person would.
  const mail = await until(
    'the confirmation mail',
    () => mailsTo(muellerEmail),
    (mails) => mails.length > 0,
  );
  expect((await fetch(confirmLinkIn(mail[0]))).status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
});

describe('finding a person', () => {
  it('finds Müller by typing “mueller”, umlaut-insensitive, and opens the 360° page', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/contacts', 'Contacts');
    await page.getByLabel('Search by name, email or company').fill(`mueller${suffix}`);
    const link = page.getByRole('link', { name: `Jürgen Müller${suffix}` });
    await link.waitFor();
    await expectAccessible(page, 'contacts-search');
    await screenshot(page, 'contacts');
    await link.click();
    await page.getByRole('heading', { level: 1, name: `Jürgen Müller${suffix}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/contacts/${muellerId}`);
    await context.close();
  });

  it('lists the newest contacts when nothing is typed, and finds people through their company', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/contacts', 'Contacts');
    await page.getByRole('heading', { name: 'Newest contacts' }).waitFor();
    await page.getByRole('link', { name: `Jürgen Müller${suffix}` }).waitFor();
    await page.getByLabel('Search by name, email or company').fill(`weiss${suffix}`);
    await page.getByRole('heading', { name: 'Search results' }).waitFor();
    await page.getByRole('link', { name: `Jürgen Müller${suffix}` }).waitFor();
    await page
      .getByRole('link', { name: `Weiß${suffix} GmbH` })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: `Weiß${suffix} GmbH` }).waitFor();
    await page.getByRole('link', { name: `Jürgen Müller${suffix}` }).waitFor();
    await expectAccessible(page, 'company');
    await screenshot(page, 'company');
    await context.close();
  });

  it('asks for the newest contacts while the menu link is being pressed, and only once', async () => {
    const { context, page } = await signedIn(browser);
    await page.locator('main h1').waitFor();
    await page.waitForLoadState('networkidle');
    const asked: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/v1/contacts') asked.push(request.url());
    });
    await page.getByRole('link', { name: 'Contacts', exact: true }).hover();
    await page.mouse.down();
    // Pressed, not yet clicked: the list is already on its way, the screen not yet shown.
    await expect.poll(() => asked.length).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.mouse.up();
    await page.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();
    await page.locator('main tbody tr').first().waitFor();
    await page.waitForLoadState('networkidle');
    // The screen showed the answer the press asked for, without asking again.
    expect(asked).toHaveLength(1);
    await context.close();
  });

  it('follows a tag from a contact to everyone tagged so, and back to all contacts', async () => {
    const tag = `Messe${suffix}`;
    expect((await api.admin(`/v1/contacts/${muellerId}`, { method: 'PATCH', body: JSON.stringify({ tags: [tag] }) })).status).toBe(200);
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/contacts', 'Contacts');
    await page.getByLabel('Search by name, email or company').fill(`müller${suffix}`);
    await page.getByRole('heading', { name: 'Search results' }).waitFor();
    await page.getByRole('link', { name: `Everyone tagged “${tag}”` }).click();
    await page.getByRole('heading', { name: `Tagged “${tag}”, newest first` }).waitFor();
    expect(new URL(page.url()).search).toBe(`?tag=${tag}`);
    await page.getByRole('link', { name: `Jürgen Müller${suffix}` }).waitFor();
    expect(await page.locator('main tbody tr').count()).toBe(1);
    await expectAccessible(page, 'contacts by tag');
    await screenshot(page, 'contacts-by-tag');
    await page.getByRole('link', { name: 'Show all contacts' }).click();
    await page.getByRole('heading', { name: 'Newest contacts' }).waitFor();
    // A tag nobody has says so, not what an empty search says.
    await openScreen(page, `/contacts?tag=niemand-${suffix}`, 'Contacts');
    await page.getByText(`Nobody is tagged “niemand-${suffix}”.`).waitFor();
    await context.close();
  });

  it('says so when nobody matches, with a hint how search works', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, '/contacts', 'Kontakte');
    await page.getByLabel('Nach Name, E-Mail oder Firma suchen').fill(`zzqx${suffix}`);
    await page.getByRole('heading', { name: `Niemand passt zu „zzqx${suffix}“.` }).waitFor();
    await expectAccessible(page, 'contacts-no-result');
    await context.close();
  });
});

describe('the 360° page', () => {
  it('shows the granted consent with its proof: time, method, source, IP, browser, wording', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/contacts/${muellerId}`, `Jürgen Müller${suffix}`);
    const consents = page.getByRole('region', { name: 'Consents' });
    await consents.getByText('granted').first().waitFor();
    await consents.getByText('double opt-in').first().waitFor();
    await consents.getByText('Mozilla/5.0 (Console test)').first().waitFor();
    await consents.getByText(`form:${setup.form.id}`).first().waitFor();
    await consents.getByText('Ja, schickt mir den Newsletter.').first().waitFor();
    await page.getByRole('region', { name: 'Campaign touches' }).getByRole('link', { name: setup.campaign.code }).first().waitFor();
    await expectAccessible(page, 'contact-360');
    await screenshot(page, 'contact-360');
    await context.close();
  });

  it('edits the profile, showing the API’s message beside a bad phone number', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/contacts/${muellerId}`, `Jürgen Müller${suffix}`);
    await page.getByLabel('Phone').fill('call me maybe');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => page.getByLabel('Phone').getAttribute('aria-invalid')).toBe('true');
    await page.getByText('must be a phone number').waitFor();
    await page.getByLabel('Phone').fill('+49 511 123456');
    await page.getByLabel('Job title').fill('Einkaufsleiter');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('The profile was saved.').waitFor();
    const view = await api.adminJson<{ contact: { phone?: string; jobTitle?: string } }>(`/v1/contacts/${muellerId}`);
    expect(view.contact).toMatchObject({ phone: '+49 511 123456', jobTitle: 'Einkaufsleiter' });
    await context.close();
  });

  it('logs a call that appears in the timeline, which lists everything newest first', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/contacts/${muellerId}`, `Jürgen Müller${suffix}`);
    const card = page.getByRole('region', { name: 'Log a call, meeting, visit or note' });
    await card.getByLabel('Type').selectOption('call');
    await card.getByLabel('What happened').fill('Angebot für 20 Plätze besprochen');
    await card.getByRole('button', { name: 'Log it' }).click();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Call: Angebot für 20 Plätze besprochen').waitFor();
    const times = await timeline.locator('time').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime') ?? ''));
    expect(times.length).toBeGreaterThanOrEqual(3);
    expect([...times].sort().reverse()).toEqual(times);
    await context.close();
  });

  it('downloads the GDPR export and erases the person after the typed confirmation', async () => {
    const email = `erase-${suffix}@example.de`;
    const response = await api.submit(setup.form.id, JSON.stringify({ email, firstName: 'Erika', lastName: `Löschmich${suffix}` }));
    const { contactId } = (await response.json()) as { contactId: string };
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/contacts/${contactId}`, `Erika Löschmich${suffix}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download data export' }).click()]);
    const exported = JSON.parse(await readFile((await download.path()) ?? '', 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(exported)).toContain(email);
    await page.getByRole('button', { name: 'Erase this person…' }).click();
    const dialog = page.getByRole('dialog', { name: `Erase Erika Löschmich${suffix}?` });
    await dialog.waitFor();
    await expectAccessible(page, 'erase-dialog');
    const confirm = dialog.getByRole('button', { name: 'Erase for good' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type the email address to confirm').fill('someone-else@example.de');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Type the email address to confirm').fill(email.toUpperCase());
    await confirm.click();
    await page.getByText('This person was erased. Nothing about them is stored any more.').waitFor();
    expect((await api.admin(`/v1/contacts/${contactId}`)).status).toBe(404);
    await page.reload();
    await page.getByText('This contact does not exist, or was erased.').waitFor();
    await context.close();
  });
});
