import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { consoleUrl, expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('signing in to the console', () => {
  it('signs in with the printed console link and removes the token from the address bar', async () => {
    const { context, page } = await signedIn(browser);
    expect(page.url()).not.toContain('token');
    await expect.poll(() => page.evaluate("sessionStorage.getItem('leadflow.token')")).toBe(inject('adminToken'));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(page, 'dashboard');
    await context.close();
  });

  it('shows the sign-in page without a token, accessible, and signs in with a pasted token', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(consoleUrl('/contacts'));
    await page.getByRole('heading', { name: 'Sign in to leadflow' }).waitFor();
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await page.getByLabel('Admin token').fill(inject('adminToken'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/contacts');
    await context.close();
  });

  it('says the session expired when the API refuses the token, and signs in again', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(consoleUrl('/topics#token=not-the-admin-token-at-all'));
    await page.getByRole('heading', { name: 'Your session has expired' }).waitFor();
    await expectAccessible(page, 'session-expired');
    await page.getByLabel('Admin token').fill(inject('adminToken'));
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await page.getByRole('heading', { level: 1, name: 'Topics' }).waitFor();
    await context.close();
  });

  it('signs out to a page that says so, and the token is gone', async () => {
    const { context, page } = await signedIn(browser);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
    expect(await page.evaluate("sessionStorage.getItem('leadflow.token')")).toBeNull();
    expect(new URL(page.url()).pathname).toBe('/signed-out');
    await context.close();
  });
});

describe('languages', () => {
  it('speaks German to a German browser and switches to English on request', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await expect.poll(() => page.evaluate('document.documentElement.lang')).toBe('de');
    await page.getByRole('link', { name: 'Kontakte' }).waitFor();
    await page.getByLabel('Sprache').selectOption('en');
    await page.getByRole('link', { name: 'Contacts' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    await context.close();
  });
});

describe('topics', () => {
  it('adds a topic, shows the API’s message next to a bad field, and lists it', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/topics', 'Topics');
    const key = `news-${Date.now().toString(36)}`;
    await page.getByLabel('Key').fill('Not A Key!');
    await page.getByLabel('Name', { exact: true }).fill('Newsletter');
    await page.getByRole('button', { name: 'Add a topic' }).click();
    const keyField = page.getByLabel('Key');
    await expect.poll(() => keyField.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'topics-with-error');
    await keyField.fill(key);
    await page.getByLabel('Consent text').fill('Ja, ich möchte den Newsletter erhalten.');
    await page.getByRole('button', { name: 'Add a topic' }).click();
    await page.getByRole('cell', { name: key }).waitFor();
    await expectAccessible(page, 'topics');
    await screenshot(page, 'topics');
    await context.close();
  });
});

describe('deep links and the host', () => {
  it('answers deep links with the console and keeps the API under /v1/', async () => {
    const deep = await fetch(consoleUrl('/contacts/some-id'));
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toContain('text/html');
    expect(deep.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    const config = (await (await fetch(consoleUrl('/console-config.json'))).json()) as { auth: { kind: string } };
    expect(config.auth.kind).toBe('token');
    const api = await fetch(consoleUrl('/v1/contacts/some-id'));
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
    const missingAsset = await fetch(consoleUrl('/assets/nothing-here.js'));
    expect(missingAsset.status).toBe(404);
  });
});
