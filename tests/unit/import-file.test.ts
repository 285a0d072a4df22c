import { webcrypto } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readImportFile } from '#shared/domain/import-file';
import { importIdOf } from '#shared/domain/import-record';
import { importRejectionsCsv } from '#shared/domain/import-rejections-csv';
import { csv } from '#tests/helpers/csv-fixtures';

describe('readImportFile', () => {
  it('detects German Excel: Windows-1252, semicolons, German headers, umlauts in the preview', async () => {
    const file = await readImportFile(
      csv.germanExcel([{ email: 'weiss@example.de', firstName: 'Jürgen', lastName: 'Weiß', company: 'Müller GmbH', city: 'Köln' }]),
    );
    expect(file.detected).toEqual({
      encoding: 'windows-1252',
      delimiter: ';',
      headers: ['E-Mail', 'Vorname', 'Nachname', 'Firma', 'Telefon', 'Position', 'PLZ', 'Ort', 'Land'],
      mapping: {
        'E-Mail': 'email',
        Vorname: 'firstName',
        Nachname: 'lastName',
        Firma: 'company',
        Telefon: 'phone',
        Position: 'jobTitle',
        PLZ: 'postalCode',
        Ort: 'city',
        Land: 'country',
      },
      ignoredColumns: [],
    });
    expect(file.preview).toEqual([
      { row: 2, values: { email: 'weiss@example.de', firstName: 'Jürgen', lastName: 'Weiß', company: 'Müller GmbH', city: 'Köln' } },
    ]);
  });

  it('detects UTF-8 with BOM and tabs, and lists unknown columns as ignored', async () => {
    const file = await readImportFile(csv.utf8WithBom(['Email\tFirst Name\tLieblingsfarbe', 'a@example.com\tChloé\tblau']));
    expect(file.detected).toMatchObject({
      encoding: 'utf-8-bom',
      delimiter: '\t',
      headers: ['Email', 'First Name', 'Lieblingsfarbe'],
      ignoredColumns: ['Lieblingsfarbe'],
    });
    expect(file.detected.mapping).toEqual({ Email: 'email', 'First Name': 'firstName', Lieblingsfarbe: null });
  });

  it('previews the first ten data rows after mapping and counts all of them', async () => {
    const file = await readImportFile(csv.large(25, 'p'), { 'Last name': 'ignore' });
    expect(file.rows).toBe(25);
    expect(file.preview).toHaveLength(10);
    expect(file.preview[0]).toEqual({ row: 2, values: { email: 'p-0@fair.example', firstName: 'Vor0', company: 'Firma 0' } });
    let streamed = 0;
    for await (const row of file.records()) streamed = row.row;
    expect(streamed).toBe(26);
  });

  it('reads a quote inside an unquoted cell as written, as spreadsheets do', async () => {
    const file = await readImportFile(Buffer.from('email,company\na@example.de,=HYPERLINK("x")\n'));
    expect(file.preview[0]?.values.company).toBe('=HYPERLINK("x")');
  });

  it('refuses a file the parser cannot read before anything is imported, naming the body and the line', async () => {
    await expect(readImportFile(Buffer.from('email,company\na@example.de,"Acme\nb@example.de,Beta\n'))).rejects.toMatchObject({
      issues: [{ path: 'body', message: expect.stringMatching(/^line \d+ cannot be read/) }],
    });
  });

  it('refuses an empty file, naming the body', async () => {
    await expect(readImportFile(Buffer.from(''))).rejects.toMatchObject({ issues: [{ path: 'body' }] });
  });
});

describe('importIdOf', () => {
  it('is what a browser computes with crypto.subtle as the README says', async () => {
    const bytes = csv.germanExcel([{ email: 'a@example.de' }]);
    const identity = { campaignId: 'c-1', topics: ['newsletter'], consentSource: 'Stand B12', map: { 'E-Mail': 'email' as const } };
    // The README's recipe: SHA-256 over the raw bytes followed by the UTF-8 JSON of the query, base64url, 24 characters.
    const query = new TextEncoder().encode(JSON.stringify([identity.campaignId, identity.topics, identity.consentSource, identity.map]));
    const digest = new Uint8Array(await webcrypto.subtle.digest('SHA-256', new Uint8Array([...bytes, ...query])));
    const browserId = btoa(String.fromCharCode(...digest))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .slice(0, 24);
    expect(importIdOf(bytes, identity)).toBe(browserId);
  });

  it('differs for another campaign, other topics or another map, and ignores absent ones as null', async () => {
    const bytes = Buffer.from('email\na@b.de\n');
    const plain = importIdOf(bytes, { topics: [] });
    expect(plain).toBe(importIdOf(bytes, { topics: [] }));
    expect(
      new Set([
        plain,
        importIdOf(bytes, { campaignId: 'c', topics: [] }),
        importIdOf(bytes, { topics: ['n'], consentSource: 'x' }),
        importIdOf(bytes, { topics: [], map: { email: 'email' } }),
      ]).size,
    ).toBe(4);
  });
});

describe('importRejectionsCsv', () => {
  it('lists row and reason, and defuses a reason a spreadsheet would run as a formula', () => {
    const text = importRejectionsCsv([
      { row: 3, reason: 'email: is not an email address' },
      { row: 7, reason: '=HYPERLINK("http://evil")' },
    ]);
    expect(parse(text, { columns: true })).toEqual([
      { row: '3', reason: 'email: is not an email address' },
      { row: '7', reason: `'=HYPERLINK("http://evil")` },
    ]);
  });
});
