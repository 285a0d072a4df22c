import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_FIELDS } from '#shared/domain/import-columns';
import { api } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const HEADER = 'E-Mail;Vorname;Nachname;Firma;Wohnort';
/** Past the API's first progress write (every 200 rows), so the bar moves while the POST is still open. */
const FILLER_ROWS = 500;

/** German Excel's CSV: semicolons, CRLF, Windows-1252 (Latin-1 covers the umlauts used here). */
function germanExcel(lines: string[]): Buffer {
  return Buffer.from([HEADER, ...lines].join('\r\n'), 'latin1');
}

/**
 * A fair's file: Jürgen (row 2), a bad address (row 3), Jürgen again (row 4, merged into row 2),
 * then filler rows. `Wohnort` is not a header the importer knows: the wizard maps it to the city.
 */
function fairFile(suffix: string, filler = FILLER_ROWS): { bytes: Buffer; email: string; rows: number } {
  const email = `juergen.mueller-${suffix}@messe.example`;
  const lines = [
    `${email};Jürgen;Müller;Bäckerei Groß GmbH;München`,
    'keine-adresse;Anna;Schmidt;Firma Ölmühle;Köln',
    `${email};Jürgen;Müller;Bäckerei Groß GmbH;München`,
  ];
  for (let index = 0; index < filler; index += 1) lines.push(`gast-${index}-${suffix}@messe.example;Gast;Nummer ${index};Stand ${index % 40};Hannover`);
  return { bytes: germanExcel(lines), email, rows: lines.length };
}

// Tests run without the DOM library: browser-side code is passed as expressions.
const focusedText = (page: Page) => page.evaluate<string>("document.activeElement?.textContent ?? ''");
const focusedId = (page: Page) => page.evaluate<string>("document.activeElement?.id ?? ''");
/** Runs in the page (a function, not a string: the console's CSP refuses eval). */
const progressMoved = () =>
  ((globalThis as unknown as { document: { querySelector(selector: string): { value: number } | null } }).document.querySelector('progress')?.value ?? 0) > 0;
const focusedValue = (page: Page) => page.evaluate<string>("document.activeElement?.value ?? ''");

async function fixtures(suffix: string) {
  const topicId = `messe-${suffix}`;
  await api.adminJson('/v1/topics', { id: topicId, name: `Messe-News ${suffix}`, consentText: 'Ja, informiert mich über Messen.' });
  const campaign = await api.adminJson<{ id: string; name: string }>('/v1/campaigns', { name: `Hannover Messe ${suffix}`, channel: 'fair' });
  return { topicId, campaign };
}

describe('the import history', () => {
  it('says what to do while there is no import yet', async () => {
    const { context, page } = await signedIn(browser);
    // The history of this stack fills up as the other tests import; the empty answer is the API's shape.
    await page.route(/\/v1\/imports\?/, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items: [] }) }));
    await openScreen(page, '/imports', 'Imports');
    await page.getByRole('heading', { name: 'No imports yet' }).waitFor();
    expect(await page.getByRole('link', { name: 'New import' }).count()).toBe(2);
    await expectAccessible(page, 'imports-empty');
    await context.close();
  });
});

describe('the import wizard', () => {
  it('imports a German Excel file: checks it, maps a column, predicts by dry run, imports with progress and reports the rejected row', async () => {
    const suffix = Date.now().toString(36);
    const { topicId, campaign } = await fixtures(suffix);
    const file = fairFile(suffix);
    const fileName = `hannover-${suffix}.csv`;
    const { context, page } = await signedIn(browser);

    // Upload
    await openScreen(page, '/imports/new', 'New import');
    expect(await page.locator('.steps [aria-current="step"]').textContent()).toBe('1. Upload');
    await expectAccessible(page, 'import-upload');
    await screenshot(page, 'import-upload');
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: file.bytes });

    // Check: what the API detected, and the first rows
    await page.getByRole('heading', { name: 'Check what was detected' }).waitFor();
    expect(await focusedText(page)).toBe('Check what was detected');
    expect(await page.locator('.steps [aria-current="step"]').textContent()).toBe('2. Check');
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).toContain('Windows-1252');
    expect(facts).toContain('Semicolon (;)');
    expect(facts).toContain('Wohnort');
    await page.getByRole('cell', { name: 'Bäckerei Groß GmbH' }).first().waitFor();
    await expectAccessible(page, 'import-check');
    await page.getByRole('button', { name: 'Next: Map columns' }).click();

    // Map: Wohnort is not recognised; map it to the city
    await page.getByRole('heading', { name: 'Map the columns' }).waitFor();
    expect(await page.getByLabel('Vorname').inputValue()).toBe('firstName');
    expect(await page.getByLabel('Wohnort').inputValue()).toBe('ignore');
    await page.getByLabel('Wohnort').selectOption('city');
    await page.getByRole('cell', { name: 'München' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'The mapping fits the file.' }).waitFor();

    // A second column into the same field: the API's 400 is shown at the column it names
    await page.getByLabel('Nachname').selectOption('city');
    const nachname = page.getByLabel('Nachname');
    await expect.poll(() => nachname.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.mapping-table .field-error').innerText()).toContain('Wohnort');
    expect(await page.getByRole('button', { name: 'Next: Options' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'import-mapping-error');
    await nachname.selectOption('lastName');
    await expect.poll(() => nachname.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('status').filter({ hasText: 'The mapping fits the file.' }).waitFor();
    await expectAccessible(page, 'import-mapping');
    await screenshot(page, 'import-mapping');
    await page.getByRole('button', { name: 'Next: Options' }).click();

    // Options: a topic without a consent source is refused beside the field
    await page.getByRole('heading', { name: 'Options' }).waitFor();
    await page.getByLabel('Campaign').selectOption(campaign.id);
    await page.getByLabel(`Messe-News ${suffix} (${topicId})`).check();
    expect(await page.getByLabel('File name').inputValue()).toBe(fileName);
    await page.getByRole('button', { name: 'Check the import (dry run)' }).click();
    const consentSource = page.getByLabel(/^Consent source/);
    await expect.poll(() => consentSource.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'import-options-error');
    await consentSource.fill('Hannover Messe 2026, Stand B12, unterschriebene Anmeldekarte');
    const dryRunAnswer = page.waitForResponse((response) => response.request().method() === 'POST' && response.url().includes('dryRun=true'));
    await page.getByRole('button', { name: 'Check the import (dry run)' }).click();
    const dryRun = (await (await dryRunAnswer).json()) as { importId: string };

    // Dry run: the prediction, and nothing written yet
    await page.getByRole('heading', { name: 'Dry run result' }).waitFor();
    expect(await focusedText(page)).toBe('Dry run result');
    const predicted = await page.locator('dl.kpis').innerText();
    expect(predicted).toContain(`Would be created\n${(file.rows - 2).toLocaleString('en-GB')}`);
    expect(predicted).toContain('Would be merged\n1');
    expect(predicted).toContain('Would be rejected\n1');
    await page.getByRole('cell', { name: /email: / }).waitFor();
    expect(await page.getByRole('row', { name: /^3 email/ }).count()).toBe(1);
    expect(await page.getByText('Nothing has been written yet').count()).toBe(1);
    expect((await api.adminJson<{ items: unknown[] }>(`/v1/contacts?email=${encodeURIComponent(file.email)}`)).items).toEqual([]);
    expect((await api.admin(`/v1/imports/${dryRun.importId}`)).status).toBe(404);
    await expectAccessible(page, 'import-dry-run');
    await screenshot(page, 'import-dry-run');

    // Import: the bar is fed by polling the record while the POST is still open
    const progress: Array<{ status: string; processed: number }> = [];
    let postAnswered = false;
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (response.request().method() === 'POST' && url.pathname === '/v1/imports') postAnswered = true;
      if (response.request().method() === 'GET' && url.pathname === `/v1/imports/${dryRun.importId}` && response.ok() && !postAnswered) {
        void response.json().then((record: { status: string; processed: number }) => progress.push(record));
      }
    });
    await page.getByRole('button', { name: `Import ${file.rows.toLocaleString('en-GB')} rows now` }).click();
    await page.getByRole('heading', { name: 'Importing' }).waitFor();
    await page.waitForFunction(progressMoved, undefined, { timeout: 90_000 });
    await expectAccessible(page, 'import-running');

    // Report
    await page.getByRole('heading', { level: 1, name: `Import report: ${fileName}` }).waitFor({ timeout: 150_000 });
    expect(new URL(page.url()).pathname).toBe(`/imports/${dryRun.importId}`);
    expect(progress.some((record) => record.status === 'running' && record.processed > 0)).toBe(true);
    const counts = await page.locator('dl.kpis').innerText();
    expect(counts).toContain(`Created\n${(file.rows - 2).toLocaleString('en-GB')}`);
    expect(counts).toContain('Merged\n1');
    expect(counts).toContain('Rejected\n1');
    await page.getByRole('link', { name: campaign.name }).waitFor();
    const rejectedRow = page.getByRole('row', { name: /^3 email: / });
    await rejectedRow.waitFor();
    await expectAccessible(page, 'import-report');
    await screenshot(page, 'import-report');

    // The rejected rows as a CSV file
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download rejected rows (CSV)' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const rows = parse(await readFile(await download.path()), { bom: true, columns: true }) as Array<{ row: string; reason: string }>;
    expect(rows).toEqual([{ row: '3', reason: expect.stringContaining('email') }]);
    await page.getByRole('status').filter({ hasText: 'downloaded' }).waitFor();

    // What was written: the mapped city; and the history lists the import
    const [contact] = (await api.adminJson<{ items: Array<{ city?: string; firstName?: string }> }>(`/v1/contacts?email=${encodeURIComponent(file.email)}`))
      .items;
    expect(contact).toMatchObject({ city: 'München', firstName: 'Jürgen' });
    await openScreen(page, '/imports', 'Imports');
    const listed = page.getByRole('row', { name: new RegExp(fileName) });
    await listed.waitFor();
    expect(await listed.innerText()).toContain('Done');
    expect(await listed.innerText()).toContain(campaign.name);
    await expectAccessible(page, 'imports');
    await screenshot(page, 'imports');
    await listed.getByRole('link', { name: new RegExp(fileName) }).click();
    await page.getByRole('heading', { level: 1, name: `Import report: ${fileName}` }).waitFor();
    await context.close();
  }, 300_000);

  it('takes a file dropped on the drop zone (UTF-8 with byte-order mark)', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/imports/new', 'New import');
    const text = `\uFEFFEmail,First name,Last name\nzoë-${Date.now().toString(36)}@drop.example,Zoë,Ängström\n`;
    const dataTransfer = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([${JSON.stringify(text)}], 'dropped.csv', { type: 'text/csv' }));
      return transfer;
    })()`);
    await page.getByTestId('dropzone').dispatchEvent('dragover', { dataTransfer });
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
    await page.getByRole('heading', { name: 'Check what was detected' }).waitFor();
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).toContain('dropped.csv');
    expect(facts).toContain('UTF-8 with byte-order mark');
    expect(facts).toContain('Comma (,)');
    await page.getByRole('cell', { name: 'Ängström' }).waitFor();
    await context.close();
  });

  it('refuses a file that is not a CSV, and one without an email column, at the file input', async () => {
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/imports/new', 'New import');
    const input = page.getByLabel('CSV file', { exact: true });
    await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
    await expect.poll(() => input.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-error').innerText()).toContain('photo.png');
    await input.setInputFiles({ name: 'names.csv', mimeType: 'text/csv', buffer: Buffer.from('Vorname;Nachname\nAnna;Schmidt\n') });
    await page.getByRole('alert').filter({ hasText: 'This file cannot be imported' }).waitFor();
    expect(await page.locator('.field-error').innerText()).toContain('email');
    await expectAccessible(page, 'import-upload-error');
    await context.close();
  });

  it('is usable by keyboard alone once the file is chosen', async () => {
    const suffix = `k${Date.now().toString(36)}`;
    const { campaign } = await fixtures(suffix);
    const file = fairFile(suffix, 3);
    const { context, page } = await signedIn(browser);
    await openScreen(page, '/imports/new', 'New import');
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: `keyboard-${suffix}.csv`, mimeType: 'text/csv', buffer: file.bytes });

    // Check → Map: Tab past "Back" to "Next", Enter
    await page.getByRole('heading', { name: 'Check what was detected' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Next: Map columns');
    await page.keyboard.press('Enter');

    // Map: the fifth select is Wohnort's; the arrow keys choose its field
    await page.getByRole('heading', { name: 'Map the columns' }).waitFor();
    expect(await focusedText(page)).toBe('Map the columns');
    for (let index = 0; index < 5; index += 1) await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe(await page.getByLabel('Wohnort').getAttribute('id'));
    // Home goes to the first field (E-mail), the down arrow from there to City: the custom fields other tests
    // defined come after the built-in ones, so counting from the top stays right whatever they are.
    await page.keyboard.press('Home');
    for (let index = 0; index < IMPORT_FIELDS.indexOf('city'); index += 1) await page.keyboard.press('ArrowDown');
    await page.getByRole('cell', { name: 'München' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'The mapping fits the file.' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Next: Options');
    await page.keyboard.press('Enter');

    // Options: campaign by arrow keys, no topics, submit with Enter in the file name field
    await page.getByRole('heading', { name: 'Options' }).waitFor();
    await expect.poll(() => page.getByLabel('Campaign').isEnabled()).toBe(true);
    await page.keyboard.press('Tab');
    // Type-ahead on the focused select picks the campaign by its (unique) name.
    await page.keyboard.type(campaign.name);
    expect(await page.getByLabel('Campaign').inputValue()).toBe(campaign.id);
    await page.keyboard.press('Tab');
    expect(await focusedValue(page)).toBe(`keyboard-${suffix}.csv`);
    await page.keyboard.press('Enter');

    // Dry run → import by Tab and Space
    await page.getByRole('heading', { name: 'Dry run result' }).waitFor();
    expect(await focusedText(page)).toBe('Dry run result');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedText(page)).toBe('Import 6 rows now');
    await page.keyboard.press('Space');
    await page.getByRole('heading', { level: 1, name: `Import report: keyboard-${suffix}.csv` }).waitFor({ timeout: 30_000 });
    expect(await page.locator('dl.kpis').innerText()).toContain('Created\n4');
    expect(await page.locator('dl.facts').innerText()).toContain(campaign.name);
    await context.close();
  });

  it('speaks German in the mapping step', async () => {
    const { context, page } = await signedIn(browser, 'de-DE');
    await openScreen(page, '/imports/new', 'Neuer Import');
    await page
      .getByLabel('CSV-Datei', { exact: true })
      .setInputFiles({ name: 'messe.csv', mimeType: 'text/csv', buffer: fairFile(`de${Date.now().toString(36)}`, 3).bytes });
    await page.getByRole('heading', { name: 'Erkanntes prüfen' }).waitFor();
    expect(await page.locator('dl.facts').innerText()).toContain('Semikolon (;)');
    await page.getByRole('button', { name: 'Weiter: Spalten zuordnen' }).click();
    await page.getByRole('heading', { name: 'Spalten zuordnen' }).waitFor();
    expect(await page.getByLabel('Wohnort').locator('option:checked').innerText()).toBe('Spalte ignorieren');
    expect(await page.getByLabel('Firma').locator('option:checked').innerText()).toBe('Firma');
    await expectAccessible(page, 'import-mapping-de');
    await screenshot(page, 'import-mapping-de');
    await context.close();
  });
});
