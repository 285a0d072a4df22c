import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { Role } from '#shared/domain/user';
import './provided';

export { CHROMIUM, launchBrowser } from './chromium';
const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'console', 'screenshots');

export const consoleUrl = (pathname = '/') => `${inject('apiUrl')}${pathname}`;

/** A browser context in one language, signed in the way `npm start` says: its printed console link (the admin's, or `as` another role's). */
export async function signedIn(browser: Browser, locale: 'en-GB' | 'de-DE' = 'en-GB', as: Role = 'admin'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale, viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw new Error(`the console threw: ${error.message}`);
  });
  await page.goto(consoleUrl(`/#token=${inject('roleTokens')[as]}`));
  await page.getByRole('navigation').waitFor();
  return { context, page };
}

/**
 * axe-core over the whole page: no serious or critical WCAG 2.1 A/AA violation. The message lists
 * each rule with the first offending element, so a failure says what to fix. Legacy mode runs axe in
 * the page only: its frame mode waits forever for sandboxed previews (`sandbox=""`, no script runs
 * there), whose content is the marketer's own mail or snippet HTML, not the console.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).setLegacyMode(true).analyze();
  const bad = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(bad.map((violation) => `${screen}: ${violation.id} (${violation.impact}) at ${violation.nodes[0]?.target.join(' ')}: ${violation.help}`)).toEqual([]);
}

/** Writes tests/console/screenshots/<name>.png (git-ignored) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A screen ready for a person: its heading shown and no request of it still loading. */
export async function openScreen(page: Page, pathname: string, heading: string | RegExp): Promise<void> {
  await page.goto(consoleUrl(pathname));
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.waitForLoadState('networkidle');
}
