import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors';
import { decodeCsv, detectDelimiter, IMPORT_FIELDS, mapColumns, parseImportDate, resolveColumns } from '#shared/domain/import-columns';
import { importQuery } from '#shared/domain/import-query';
import { parseWith } from '#shared/http/validate';

/** The issues a call throws as a ValidationError. */
function issuesOf(call: () => unknown): Array<{ path: string; message: string }> {
  try {
    call();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('mapColumns', () => {
  it('maps German and English headers and lists the ones it ignores', () => {
    const { fields, ignored } = mapColumns(['E-Mail', 'Vorname', 'Nachname', 'Firma', 'Telefon', 'Position', 'PLZ', 'Ort', 'Land', 'Lieblingsfarbe']);
    expect(fields).toEqual(['email', 'firstName', 'lastName', 'company', 'phone', 'jobTitle', 'postalCode', 'city', 'country', undefined]);
    expect(ignored).toEqual(['Lieblingsfarbe']);
    expect(mapColumns(['Email Address', 'First Name', 'Company Name']).fields).toEqual(['email', 'firstName', 'company']);
  });
});

describe('resolveColumns', () => {
  it('says which field each header was matched to, null for the ignored ones', () => {
    expect(resolveColumns(['E-Mail', 'Vorname', 'Datum', 'Notiz']).mapping).toEqual({ 'E-Mail': 'email', Vorname: 'firstName', Datum: 'date', Notiz: null });
  });

  it('lets a map override the headers it names and leaves the others auto-matched', () => {
    const resolved = resolveColumns(['Kontakt', 'Name', 'Vorname', 'Notiz'], { Kontakt: 'email', Name: 'company' });
    expect(resolved.fields).toEqual(['email', 'company', 'firstName', undefined]);
    expect(resolved.ignored).toEqual(['Notiz']);
  });

  it('takes a field mapped explicitly away from the column auto-matching gave it to', () => {
    const resolved = resolveColumns(['E-Mail', 'Geschäftlich'], { Geschäftlich: 'email' });
    expect(resolved.mapping).toEqual({ 'E-Mail': null, Geschäftlich: 'email' });
  });

  it('drops a column the map says to ignore, even one that would be matched', () => {
    expect(resolveColumns(['E-Mail', 'Firma'], { Firma: 'ignore' }).mapping).toEqual({ 'E-Mail': 'email', Firma: null });
  });

  it('names the header of a map that does not fit the file', () => {
    expect(issuesOf(() => resolveColumns(['E-Mail', 'Vorname'], { Mail: 'email' }))).toEqual([
      { path: 'query.map.Mail', message: expect.stringContaining('not a column header') },
    ]);
    expect(issuesOf(() => resolveColumns(['Work', 'Private'], { Work: 'email', Private: 'email' }))).toEqual([
      { path: 'query.map.Private', message: expect.stringContaining('like "Work"') },
    ]);
    expect(issuesOf(() => resolveColumns(['E-Mail', 'Vorname'], { 'E-Mail': 'ignore' }))).toEqual([
      { path: 'query.map', message: 'no column is mapped to email' },
    ]);
  });

  it('names the header line when a file without a map has no email column', () => {
    expect(issuesOf(() => resolveColumns(['Vorname', 'Nachname']))).toEqual([{ path: 'header', message: expect.stringContaining('email column') }]);
  });

  it('treats headers such as __proto__ and constructor as plain headers', () => {
    const resolved = resolveColumns(['email', '__proto__', 'constructor'], JSON.parse('{"__proto__":"company"}'));
    expect(resolved.fields).toEqual(['email', 'company', undefined]);
    expect(Object.keys(resolved.mapping)).toEqual(['email', '__proto__', 'constructor']);
  });
});

describe('the map query parameter', () => {
  const parseMap = (map: string) => parseWith(importQuery, { map }, 'query string', 'query');

  it('reads a URL-decoded JSON object of header → field', () => {
    expect(parseMap('{"Mail":"email","Notiz":"ignore"}').map).toEqual({ Mail: 'email', Notiz: 'ignore' });
  });

  it.each([
    ['not JSON', '{Mail: email}', 'query.map'],
    ['an array', '["email"]', 'query.map'],
    ['an unknown field', '{"Mail":"email","Lieblingsfarbe":"colour"}', 'query.map.Lieblingsfarbe'],
  ])('refuses %s, naming %s', (_what, map, path) => {
    expect(issuesOf(() => parseMap(map))).toEqual([{ path, message: expect.any(String) }]);
  });

  it('offers every import field and ignore', () => {
    const message = issuesOf(() => parseMap('{"a":"colour"}'))[0]?.message;
    for (const field of [...IMPORT_FIELDS, 'ignore']) expect(message).toContain(field);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['E-Mail;Vorname;Nachname', ';'],
    ['email,first name', ','],
    ['email\tname', '\t'],
    ['email', ','],
  ])('reads %j as %j', (line, delimiter) => expect(detectDelimiter(line)).toBe(delimiter));
});

describe('decodeCsv', () => {
  it('reads valid UTF-8 as UTF-8, with or without BOM, and anything else as Windows-1252', () => {
    expect(decodeCsv(Buffer.from('Weiß', 'utf8'))).toEqual({ text: 'Weiß', encoding: 'utf-8' });
    expect(decodeCsv(Buffer.from('\uFEFFWeiß', 'utf8'))).toEqual({ text: 'Weiß', encoding: 'utf-8-bom' });
    expect(decodeCsv(Buffer.from([0x57, 0x65, 0x69, 0xdf]))).toEqual({ text: 'Weiß', encoding: 'windows-1252' });
  });
});

describe('parseImportDate', () => {
  it('reads ISO and German dates and ignores the unreadable', () => {
    expect(parseImportDate('2026-04-21T10:00:00Z')).toBe('2026-04-21T10:00:00.000Z');
    expect(parseImportDate('21.04.2026')).toBe('2026-04-21T12:00:00.000Z');
    expect(parseImportDate('gestern')).toBeUndefined();
  });
});
