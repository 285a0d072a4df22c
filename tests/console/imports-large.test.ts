import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '#tests/helpers/api';
import { expectAccessible, launchBrowser, openScreen, screenshot, signedIn } from '#tests/helpers/browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * A file above the wizard's 5 MB: 150 people, each with a 40 KB note from the badge scanner (a column
 * nobody imports), row 3 without a valid address. German Excel: semicolons, CRLF, Windows-1252.
 */
function largeFairFile(suffix: string): { bytes: Buffer; rows: number; lastEmail: string } {
  const note = 'Gesprächsnotiz '.repeat(2700);
  const lines = ['E-Mail;Vorname;Nachname;Notiz'];
  for (let index = 0; index < 150; index += 1)
    lines.push(index === 1 ? `keine-adresse;Anna;Ölmann;${note}` : `gast-${index}-${suffix}@messe.example;Jürgen;Groß ${index};${note}`);
  return { bytes: Buffer.from(lines.join('\r\n'), 'latin1'), rows: 150, lastEmail: `gast-149-${suffix}@messe.example` };
}

describe('the import wizard with a large file', () => {
  it('checks the head of a file above 5 MB, uploads it whole to the bucket and follows the import running in the background to its report', async () => {
    const suffix = Date.now().toString(36);
    const file = largeFairFile(suffix);
    expect(file.bytes.length).toBeGreaterThan(5 * 1024 * 1024);
    const fileName = `gross-${suffix}.csv`;
    const { context, page } = await signedIn(browser);

    await openScreen(page, '/imports/new', 'New import');
    const dryRuns: number[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/v1/imports?')) dryRuns.push(request.postDataBuffer()?.length ?? 0);
    });
    await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: file.bytes });

    // Check: the head was read, and the page says so
    await page.getByRole('heading', { name: 'Check what was detected' }).waitFor();
    const notice = page.getByText(/This file is large \(\d[.,]\d MB\): the checks and the dry run read its first \d+ rows\./);
    await notice.waitFor();
    // Only the head went to the API: whole lines within 1 MB.
    expect(dryRuns.every((size) => size <= 1024 * 1024)).toBe(true);
    expect(await page.locator('dl.facts').innerText()).toContain('Windows-1252');
    await expectAccessible(page, 'import-large-check');
    await page.getByRole('button', { name: 'Next: Map columns' }).click();
    await page.getByRole('heading', { name: 'Map the columns' }).waitFor();
    await page.getByRole('button', { name: 'Next: Options' }).click();
    await page.getByRole('heading', { name: 'Options' }).waitFor();
    await page.getByRole('button', { name: 'Check the import (dry run)' }).click();

    // Dry run of the head; the import uploads the whole file
    await page.getByRole('heading', { name: 'Dry run result' }).waitFor();
    expect(await page.locator('dl.kpis').innerText()).toContain('Would be rejected\n1');
    await expectAccessible(page, 'import-large-dry-run');
    await screenshot(page, 'import-large-dry-run');
    const uploaded = page.waitForResponse((response) => response.request().method() === 'PUT' && response.url().includes('/uploads/'));
    const handedOut = page.waitForResponse((response) => response.request().method() === 'POST' && new URL(response.url()).pathname === '/v1/imports/uploads');
    await page.getByRole('button', { name: 'Upload and import the whole file' }).click();
    const upload = (await (await handedOut).json()) as { importId: string; uploadUrl: string };
    // Straight to the bucket (the S3 stand-in), not through the API.
    expect(new URL(upload.uploadUrl).origin).not.toBe(new URL(api.url('/')).origin);
    const put = await uploaded;
    expect(put.status()).toBe(200);

    await page.getByRole('heading', { name: 'Importing' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /Status: (Queued|Running|Done)/ })
      .waitFor({ timeout: 60_000 });
    await expectAccessible(page, 'import-large-running');
    await screenshot(page, 'import-large-running');

    // The report opens when the background import is done
    await page.getByRole('heading', { level: 1, name: `Import report: ${fileName}` }).waitFor({ timeout: 120_000 });
    expect(new URL(page.url()).pathname).toBe(`/imports/${upload.importId}`);
    // All 150 rows: the whole file arrived, not the head the checks read.
    expect(await api.adminJson<{ rows: number; processed: number }>(`/v1/imports/${upload.importId}`)).toMatchObject({ rows: file.rows, processed: file.rows });
    const counts = await page.locator('dl.kpis').innerText();
    expect(counts).toContain(`Created\n${file.rows - 1}`);
    expect(counts).toContain('Rejected\n1');
    await page.getByRole('row', { name: /^3 email: / }).waitFor();
    await expectAccessible(page, 'import-large-report');
    await screenshot(page, 'import-large-report');
    const [contact] = (await api.adminJson<{ items: Array<{ lastName?: string }> }>(`/v1/contacts?email=${encodeURIComponent(file.lastEmail)}`)).items;
    expect(contact?.lastName).toBe('Groß 149');
    await context.close();
  });
});
