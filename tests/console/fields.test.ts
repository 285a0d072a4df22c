import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 8);
const branche = `branche_${suffix}`;
const mitarbeiter = `mitarbeiter_${suffix}`;

let browser: Browser;
let contactId: string;
beforeAll(async () => {
  browser = await launchBrowser();
  await api.adminJson('/v1/fields', { key: mitarbeiter, label: { de: 'Mitarbeiterzahl', en: 'Employees' }, type: 'number', appliesTo: 'contact' });
  const setup = await aCaptureSetup(`ui-fields-${suffix}`, { doubleOptIn: false });
  const captured = (await (await api.submit(setup.form.id, JSON.stringify({ email: `ui-fields-${suffix}@example.de`, firstName: 'Anna' }))).json()) as {
    contactId: string;
  };
  contactId = captured.contactId;
});
afterAll(async () => {
  await browser?.close();
});

const definition = async (key: string) => (await api.adminJson<{ items: Array<Record<string, unknown>> }>('/v1/fields')).items.find((item) => item.key === key);
const focusedId = (page: Page) => page.evaluate<string>("document.activeElement?.id ?? ''");

describe('the custom-field manager', () => {
  it('shows the API’s error beside the field, creates a select with options edited by keyboard, and shows why a used field cannot be deleted', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/fields', 'Custom fields');

    await page.getByRole('button', { name: 'Add a field' }).click();
    const key = page.getByLabel('Key');
    await expect.poll(() => key.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'fields-with-error');

    await key.fill(branche);
    await page.getByLabel('Label (German)').fill('Branche');
    await page.getByLabel('Label (English)').fill('Industry');
    await page.getByLabel('Type').selectOption('select');
    await page.getByLabel('Value of option 1').fill('Maschinenbau');
    await page.getByLabel('English label of option 1').fill('Mechanical engineering');

    // Keyboard only: Tab to "Add option", Enter adds a row and puts the focus in its value.
    await page.getByRole('button', { name: 'Remove option 1' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('option-1-value');
    await page.keyboard.type('it');
    await page.keyboard.press('Tab');
    await page.keyboard.type('IT-Dienstleister');
    await page.keyboard.press('Tab');
    await page.keyboard.type('IT services');
    // A third row, removed again with Space: the focus goes back to the row before.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('option-2-value');
    await page.keyboard.type('weg');
    await page.getByRole('button', { name: 'Remove option 3' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => focusedId(page)).toBe('option-1-value');
    await page.getByRole('status').getByText('weg removed.').waitFor();
    await expectAccessible(page, 'fields-options-editor');
    await screenshot(page, 'fields-create-select');

    await page.getByRole('button', { name: 'Add a field' }).click();
    await page.getByRole('status').getByText(`The field ${branche} was added.`).waitFor();
    await page.getByRole('rowheader', { name: branche }).waitFor();
    expect(await definition(branche)).toMatchObject({
      type: 'select',
      appliesTo: 'contact',
      label: { de: 'Branche', en: 'Industry' },
      options: [
        { value: 'Maschinenbau', label: { de: 'Maschinenbau', en: 'Mechanical engineering' } },
        { value: 'it', label: { de: 'IT-Dienstleister', en: 'IT services' } },
      ],
    });
    await expectAccessible(page, 'fields');
    await screenshot(page, 'fields');

    const segment = await api.adminJson<{ id: string }>('/v1/segments', {
      name: `Bau ${suffix}`,
      rule: { field: `fields.${branche}`, op: 'eq', value: 'it' },
      schedule: 'off',
    });
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `Delete the field ${branche}` }).click();
    await page.getByRole('status').getByText(`The field ${branche} was not deleted`).waitFor();
    await page.getByRole('status').getByText(`segment "Bau ${suffix}" (${segment.id})`).waitFor();
    expect(await definition(branche)).toBeDefined();
    await expectAccessible(page, 'fields-delete-refused');
    await context.close();
  });

  it('speaks German', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, '/fields', 'Eigene Felder');
    await page.getByLabel('Typ').selectOption('select');
    await page.getByLabel('Wert von Option 1').waitFor();
    await expectAccessible(page, 'fields-de');
    await screenshot(page, 'fields-de');
    await context.close();
  });
});

describe('custom fields on the 360° page', () => {
  it('shows the values with their labels and edits them with an input per type', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/contacts/${contactId}`, /Anna/);
    const card = page.getByRole('region', { name: 'Custom fields' });
    await card.getByText('Employees', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Edit' }).click();
    await expectAccessible(page, 'contact-custom-fields-editing');
    await card.getByLabel('Employees').fill('250');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('250', { exact: true }).waitFor();
    const view = await api.adminJson<{ contact: { fields?: Record<string, unknown> } }>(`/v1/contacts/${contactId}`);
    expect(view.contact.fields?.[mitarbeiter]).toBe(250);
    await expectAccessible(page, 'contact-custom-fields');
    await screenshot(page, 'contact-custom-fields');
    await context.close();
  });

  it('speaks German', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, `/contacts/${contactId}`, /Anna/);
    const card = page.getByRole('region', { name: 'Eigene Felder' });
    await card.getByText('Mitarbeiterzahl', { exact: true }).waitFor();
    await expectAccessible(page, 'contact-custom-fields-de');
    await screenshot(page, 'contact-custom-fields-de');
    await context.close();
  });
});

describe('custom fields in the segment rule builder', () => {
  it('offers a custom field with its type’s operators and a number input, and counts what the API counts', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/segments/new', 'New segment');
    await page.getByRole('button', { name: 'Add a condition to the rule' }).click();
    await page.getByLabel('Field of condition 1').selectOption(`fields.${mitarbeiter}`);
    const operators = await page
      .getByLabel('Comparison of condition 1')
      .locator('option')
      .evaluateAll((options) => options.map((option) => option.getAttribute('value')));
    expect(operators).toEqual(['eq', 'gt', 'gte', 'lt', 'lte', 'exists']);
    await page.getByLabel('Comparison of condition 1').selectOption('gte');
    const value = page.getByLabel('Value of condition 1');
    expect(await value.getAttribute('type')).toBe('number');
    await value.fill('250');
    const expected = (await api.adminJson<{ count: number }>('/v1/segments/preview', { rule: { field: `fields.${mitarbeiter}`, op: 'gte', value: 250 } }))
      .count;
    expect(expected).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.getByTestId('live-count').textContent()).toContain(`${expected} contact`);
    await expectAccessible(page, 'segment-builder-custom-field');
    await screenshot(page, 'segment-builder-custom-field');
    await context.close();
  });
});

describe('custom fields in the form builder', () => {
  it('lists the custom fields of contacts as fields a form may ask for, and saves them as fields.<key>', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/forms/new', 'New form');
    await page.getByLabel('Include Employees').check();
    await page.getByLabel('Employees required').check();
    await expectAccessible(page, 'form-builder-custom-field');
    const [request] = await Promise.all([
      page.waitForRequest((candidate) => candidate.method() === 'POST' && candidate.url().endsWith('/v1/forms')),
      page.getByRole('button', { name: 'Create form' }).click(),
    ]);
    const body = JSON.parse(request.postData() ?? '{}') as { fields?: Array<{ name: string; required: boolean }> };
    expect(body.fields).toContainEqual({ name: `fields.${mitarbeiter}`, required: true });
    await context.close();
  });
});
