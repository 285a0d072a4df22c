import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

const suffix = randomUUID().slice(0, 8);
let browser: Browser;
let contactId: string;
let companyId: string;
const email = `tasks-ui-${suffix}@example.de`;
const overdueTitle = `Angebot nachfassen ${suffix}`;
const annaTitle = `Anna ruft an ${suffix}`;
const teamTitle = `Team-Rückruf ${suffix}`;

async function post(path: string, body: unknown, method = 'POST') {
  return api.adminJson<{ id: string }>(path, body, method);
}

beforeAll(async () => {
  browser = await launchBrowser();
  const setup = await aCaptureSetup(`tasks-ui-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }, { name: 'company' }] });
  const response = await api.submit(
    setup.form.id,
    JSON.stringify({ email, firstName: 'Erika', lastName: `Aufgabe${suffix}`, company: `Aufgaben${suffix} GmbH` }),
  );
  contactId = ((await response.json()) as { contactId: string }).contactId;
  companyId = (await api.adminJson<{ contact: { companyId: string } }>(`/v1/contacts/${contactId}`)).contact.companyId;
  await post('/v1/tasks', { contactId, title: overdueTitle, dueAt: '2020-06-01T08:00:00Z', note: 'Preisliste beilegen' });
  await post('/v1/tasks', { companyId, title: teamTitle, dueAt: '2020-06-02T08:00:00Z', team: 'sales-north' });
  await post('/v1/tasks', { contactId, title: `Später ${suffix}`, dueAt: '2099-06-01T08:00:00Z' });
});
afterAll(async () => {
  await browser?.close();
});

const row = (page: Page, title: string) => page.getByRole('row').filter({ hasText: title });

describe('the tasks screen', () => {
  it('lists my open tasks and my team’s, overdue first, each linked to its contact or company, accessible', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/tasks', 'Tasks');
    const titles = await page.getByRole('region', { name: 'Open' }).getByRole('row').allInnerTexts();
    const overdueAt = titles.findIndex((text) => text.includes(overdueTitle));
    expect(overdueAt).toBeGreaterThanOrEqual(0);
    expect(overdueAt).toBeLessThan(titles.findIndex((text) => text.includes(`Später ${suffix}`)));
    await expect.poll(() => row(page, overdueTitle).getByText('overdue').count()).toBe(1);
    await expect.poll(() => row(page, teamTitle).getByRole('cell', { name: 'Team sales-north' }).count()).toBe(1);
    expect(
      await row(page, teamTitle)
        .getByRole('link', { name: `Aufgaben${suffix} GmbH` })
        .getAttribute('href'),
    ).toBe(`/companies/${companyId}`);
    await expectAccessible(page, 'tasks');
    await screenshot(page, 'tasks-en');
    await context.close();
  });

  it('completes, shows done, and reopens a task with the keyboard alone', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/tasks', 'Tasks');
    await row(page, overdueTitle)
      .getByRole('button', { name: `Complete: ${overdueTitle}` })
      .focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Task “${overdueTitle}” completed.` })
      .waitFor();
    await expect.poll(() => row(page, overdueTitle).count()).toBe(0);

    await page.getByRole('radio', { name: 'Open' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Done' }).isChecked()).toBe(true);
    await row(page, overdueTitle).waitFor();
    await expectAccessible(page, 'tasks-done');
    await row(page, overdueTitle)
      .getByRole('button', { name: `Reopen: ${overdueTitle}` })
      .focus();
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: 'reopened' }).waitFor();
    expect((await api.adminJson<{ items: Array<{ title: string }> }>('/v1/tasks?limit=200')).items.map((task) => task.title)).toContain(overdueTitle);
    await context.close();
  });

  it('postpones and reassigns a task with the date and assignee pickers, by keyboard', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/tasks', 'Tasks');
    const toggle = row(page, teamTitle).getByRole('button', { name: `Postpone or reassign: ${teamTitle}` });
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(
      await row(page, teamTitle)
        .getByRole('button', { name: `Close: ${teamTitle}` })
        .getAttribute('aria-expanded'),
    ).toBe('true');
    const form = page.getByRole('form', { name: `Postpone or reassign: ${teamTitle}` });
    await expectAccessible(page, 'tasks-change');
    await form.getByLabel('New due date').fill('2031-02-03');
    await form.getByLabel('Assign to').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    const chosen = await form.getByLabel('Assign to').inputValue();
    expect(chosen).toMatch(/^user:/);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Task “${teamTitle}” saved.` })
      .waitFor();
    const tasks = await api.adminJson<{ items: Array<{ title: string; dueAt: string; assigneeId?: string }> }>(`/v1/tasks?companyId=${companyId}`);
    const saved = tasks.items.find((task) => task.title === teamTitle);
    expect(saved?.assigneeId).toBe(chosen.slice('user:'.length));
    expect(saved?.dueAt.slice(0, 10)).toBe('2031-02-03');
    await context.close();
  });

  it('adds a task for a contact by address, and names the field of a bad one', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/tasks', 'Tasks');
    const form = page.getByRole('form', { name: 'Add a task' });
    await form.getByLabel('Contact (email address)').fill(`nobody-${suffix}@example.de`);
    await form.getByLabel('Title').fill(`Neu ${suffix}`);
    await form.getByRole('button', { name: 'Add a task' }).click();
    await form.getByText('No contact has this address.').first().waitFor();
    await expectAccessible(page, 'tasks-add-error');
    await form.getByLabel('Contact (email address)').fill(email);
    await form.getByLabel('Title').press('Enter');
    await form
      .getByRole('status')
      .filter({ hasText: `Task “Neu ${suffix}” added.` })
      .waitFor();
    await row(page, `Neu ${suffix}`).waitFor();
    await context.close();
  });

  it('is the start page of a sales user who is no admin (the local sales token signs in as Anna Vertrieb)', async () => {
    await post('/v1/tasks', { contactId, title: annaTitle, dueAt: '2020-06-03T08:00:00Z', assigneeId: 'sales-anna' });
    const { context, page } = await signedIn(browser, 'en-GB', 'sales');
    await openScreen(page, '/', 'My tasks');
    await row(page, annaTitle).waitFor();
    await context.close();
    const admin = await signedIn(browser);
    await openScreen(admin.page, '/', 'Dashboard');
    await admin.context.close();
  });
});

describe('owners and tasks on the 360° and company pages', () => {
  it('picks the company’s owner, shows it inherited on the person, lists the person by owner, and shows their tasks', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, `/companies/${companyId}`, `Aufgaben${suffix} GmbH`);
    const companyOwner = page.getByRole('form', { name: 'Owner of the account' });
    await companyOwner.getByLabel('Owner of the account').selectOption('sales-ben');
    await companyOwner.getByRole('button', { name: 'Save owner' }).click();
    await companyOwner.getByRole('status').filter({ hasText: 'Owner saved.' }).waitFor();
    await page.getByRole('region', { name: 'Tasks' }).getByText(teamTitle).waitFor();
    await expectAccessible(page, 'company-sales');
    await screenshot(page, 'company-tasks-en');

    await openScreen(page, `/contacts/${contactId}`, /Erika/);
    const owner = page.getByRole('form', { name: 'Owner' });
    await owner.getByText('Inherited from the company: Ben Nord').waitFor();
    await page.getByRole('region', { name: 'Tasks' }).getByText(overdueTitle).waitFor();
    await page.getByRole('region', { name: 'Timeline' }).getByText(`${overdueTitle} (created)`).waitFor();
    await expectAccessible(page, 'contact-sales');
    await screenshot(page, 'contact-tasks-en');
    await owner.getByLabel('Owner').focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await owner.getByRole('status').filter({ hasText: 'Owner saved.' }).waitFor();
    const ownerId = (await api.adminJson<{ contact: { ownerId?: string } }>(`/v1/contacts/${contactId}`)).contact.ownerId;
    expect(ownerId).toEqual(expect.any(String));

    await openScreen(page, '/contacts', 'Contacts');
    await page.getByLabel('Owner').selectOption(ownerId ?? '');
    await page.getByRole('main').getByText(email).waitFor();
    expect(new URL(page.url()).searchParams.get('ownerId')).toBe(ownerId);
    await expectAccessible(page, 'contacts-by-owner');
    await context.close();
  });

  it('shows the tasks screen and the 360° page’s tasks in German', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, '/tasks', 'Aufgaben');
    await row(page, overdueTitle)
      .getByRole('button', { name: `Erledigen: ${overdueTitle}` })
      .waitFor();
    await expectAccessible(page, 'tasks-de');
    await screenshot(page, 'tasks-de');
    await openScreen(page, `/contacts/${contactId}`, /Erika/);
    await page.getByRole('region', { name: 'Aufgaben' }).getByText(overdueTitle).waitFor();
    await expectAccessible(page, 'contact-sales-de');
    await screenshot(page, 'contact-tasks-de');
    await context.close();
  });
});
