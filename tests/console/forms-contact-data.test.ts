import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

/** Chromium, axe and the stack share two cores with other work: a generous time-out per test. */
const SLOW = 180_000;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the form builder offers channel boxes and the address', () => {
  it(
    'adds a post box with its own text and the address fields, previews them, and a test submission with the box ticked allows post',
    async () => {
      const suffix = Date.now().toString(36);
      const form = await api.adminJson<{ id: string }>('/v1/forms', {
        name: `Katalog ${suffix}`,
        allowedOrigins: ['https://www.example.de'],
        doubleOptIn: false,
      });
      const { context, page } = await signedIn(browser);
      await openScreen(page, `/forms/${form.id}`, `Form “Katalog ${suffix}”`);
      await page.getByLabel('Include Opt-in box: post').check();
      // A channel choice is voluntary: the builder offers no "required" for it.
      expect(await page.getByLabel('Opt-in box: post required').count()).toBe(0);
      await page.getByLabel('Label for Opt-in box: post').fill(`Send me the catalogue by post ${suffix}.`);
      for (const name of ['Street and number', 'Postal code', 'City', 'Country']) await page.getByLabel(`Include ${name}`, { exact: true }).check();
      const preview = page.frameLocator('iframe[title="Preview of the form"]');
      await preview.getByLabel(`Send me the catalogue by post ${suffix}.`).waitFor();
      await preview.getByLabel('PLZ').waitFor();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'The form was saved.' }).waitFor();
      const saved = await api.adminJson<{ fields: Array<{ name: string; label?: string }> }>(`/v1/forms/${form.id}`);
      expect(saved.fields.map((field) => field.name)).toEqual(['firstName', 'lastName', 'street', 'postalCode', 'city', 'country', 'channel.post']);
      await screenshot(page, 'form-builder-channels');
      await expectAccessible(page, 'form-builder-channels');

      const panel = page.getByRole('region', { name: 'Test submission' });
      const email = `katalog-${suffix}@example.de`;
      await panel.getByLabel('Email').fill(email);
      await panel.getByLabel('Street and number').fill('Hauptstraße 5');
      await panel.getByLabel('Postal code').fill('30159');
      await panel.getByLabel('City').fill('Hannover');
      await panel.getByLabel('Country').fill('DE');
      await panel.getByRole('checkbox', { name: `Send me the catalogue by post ${suffix}.` }).check();
      await panel.getByRole('button', { name: 'Send test submission' }).click();
      await panel.getByRole('link', { name: 'Open the contact' }).waitFor();
      const found = await api.adminJson<{ items: Array<{ id: string }> }>(`/v1/contacts?email=${encodeURIComponent(email)}`);
      const view = await api.adminJson<{ contact: { address?: unknown }; effectiveChannels: Record<string, { reason: string }> }>(
        `/v1/contacts/${found.items[0]?.id}`,
      );
      expect(view.contact.address).toEqual({ street: 'Hauptstraße 5', postalCode: '30159', city: 'Hannover', country: 'DE' });
      expect(view.effectiveChannels.post).toEqual({ status: 'allowed', reason: 'contact' });
      await context.close();
    },
    SLOW,
  );
});
