import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '#shared/domain/user';
import { aCaptureSetup, api } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

let browser: Browser;
let contactId: string;
const suffix = randomUUID().slice(0, 8);
const email = `rolle.${suffix}@example.de`;
const STREET = `Rollenweg ${suffix}`;

const MARKETING = ['Campaigns', 'Forms', 'Imports', 'Segments', 'Templates', 'Mailings', 'Journeys'];
const AUDIENCE = ['Contacts', 'Duplicates', 'Companies'];
const MENUS: Record<Role, string[]> = {
  admin: ['Dashboard', 'Tasks', ...MARKETING, ...AUDIENCE, 'Topics', 'Suppressions', 'Custom fields', 'Lead scoring', 'Audit trail'],
  marketer: ['Dashboard', 'Tasks', ...MARKETING, ...AUDIENCE, 'Topics', 'Custom fields', 'Lead scoring'],
  analyst: ['Dashboard', 'Tasks', ...MARKETING, ...AUDIENCE],
  sales: ['Dashboard', 'Tasks', 'Campaigns', ...AUDIENCE],
};

async function menuOf(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: /Main|Hauptmenü/ });
  await nav.getByRole('link', { name: /Tasks|Aufgaben/ }).waitFor();
  return nav.getByRole('link').allInnerTexts();
}

beforeAll(async () => {
  browser = await launchBrowser();
  const setup = await aCaptureSetup(`roles-ui-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }] });
  const response = await api.submit(setup.form.id, JSON.stringify({ email, firstName: 'Rita', lastName: `Rolle${suffix}` }));
  contactId = ((await response.json()) as { contactId: string }).contactId;
  const patched = await api.admin(`/v1/contacts/${contactId}`, {
    method: 'PATCH',
    body: JSON.stringify({ phone: '+49 511 987654', address: { street: STREET, postalCode: '30159', city: 'Hannover', country: 'DE' } }),
  });
  expect(patched.status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
});

describe('the console as each role', () => {
  it.each(['admin', 'marketer', 'analyst', 'sales'] as const)('shows %s only the screens the role may use', async (role) => {
    const { context, page } = await signedIn(browser, 'en-GB', role);
    expect(await menuOf(page)).toEqual(MENUS[role]);
    await expectAccessible(page, `start-${role}`);
    await context.close();
  });

  it('lets an admin erase and export a person', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/contacts/${contactId}`, /Rita/);
    await page.getByRole('button', { name: 'Erase this person…' }).waitFor();
    await page.getByRole('button', { name: 'Download data export' }).waitFor();
    await page.getByRole('button', { name: 'Save profile' }).waitFor();
    await context.close();
  });

  it('shows a marketer the person to read, without erase, export or profile changes, and the New buttons of marketing', async () => {
    const { context, page } = await signedIn(browser, 'en-GB', 'marketer');
    await openScreen(page, `/contacts/${contactId}`, /Rita/);
    await page.getByText(email).first().waitFor();
    expect(await page.getByRole('button', { name: 'Erase this person…' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save profile' }).count()).toBe(0);
    await openScreen(page, '/campaigns', 'Campaigns');
    await page.getByRole('link', { name: 'New campaign' }).first().waitFor();
    await context.close();
  });

  it('shows an analyst the person masked and read-only, and no New buttons', async () => {
    const { context, page } = await signedIn(browser, 'en-GB', 'analyst');
    await openScreen(page, `/contacts/${contactId}`, /Rita/);
    await page.getByText('r•••@example.de').first().waitFor();
    const text = await page.locator('main').innerText();
    expect(text).not.toContain(email);
    expect(text).not.toContain(STREET);
    expect(await page.getByLabel('Phone').inputValue()).toBe('•••54');
    expect(await page.getByLabel('Phone').getAttribute('readonly')).not.toBeNull();
    for (const name of ['Save profile', 'Save channels', 'Edit address', 'Add a task', 'Erase this person…', 'Download data export'])
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    await page.getByRole('region', { name: 'Tasks' }).waitFor();
    await expectAccessible(page, 'contact-analyst');
    await screenshot(page, 'roles-contact-analyst-en');
    await openScreen(page, '/campaigns', 'Campaigns');
    expect(await page.getByRole('link', { name: 'New campaign' }).count()).toBe(0);
    await context.close();
  });

  it('starts a sales user on their tasks, lets them change the person but not erase or export', async () => {
    const title = `Rückruf ${suffix}`;
    const task = await api.admin('/v1/tasks', {
      method: 'POST',
      body: JSON.stringify({ contactId, title, dueAt: '2020-06-01T08:00:00Z', assigneeId: 'sales-anna' }),
    });
    expect(task.status).toBe(201);
    const { context, page } = await signedIn(browser, 'en-GB', 'sales');
    await openScreen(page, '/', 'My tasks');
    await page.getByText(title).first().waitFor();
    await screenshot(page, 'roles-start-sales-en');
    await openScreen(page, `/contacts/${contactId}`, /Rita/);
    await page.getByRole('button', { name: 'Save profile' }).waitFor();
    await page.getByRole('button', { name: 'Add a task' }).waitFor();
    expect(await page.getByRole('button', { name: 'Erase this person…' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Download data export' }).count()).toBe(0);
    await expectAccessible(page, 'contact-sales');
    await context.close();
  });

  it('shows the menus in German too', async () => {
    const { context, page } = await signedIn(browser, 'de-DE', 'analyst');
    expect(await menuOf(page)).toEqual([
      'Übersicht',
      'Aufgaben',
      'Kampagnen',
      'Formulare',
      'Importe',
      'Segmente',
      'Vorlagen',
      'Mailings',
      'Journeys',
      'Kontakte',
      'Dubletten',
      'Firmen',
    ]);
    await openScreen(page, `/contacts/${contactId}`, /Rita/);
    await expectAccessible(page, 'contact-analyst-de');
    await screenshot(page, 'roles-contact-analyst-de');
    await context.close();
    const sales = await signedIn(browser, 'de-DE', 'sales');
    await sales.page.getByRole('heading', { level: 1 }).waitFor();
    await screenshot(sales.page, 'roles-start-sales-de');
    await sales.context.close();
  });
});
