import { describe, expect, it } from 'vitest';
import { decodeCsv, detectDelimiter, mapColumns, parseImportDate } from '#shared/domain/import-columns';

describe('mapColumns', () => {
  it('maps German and English headers and lists the ones it ignores', () => {
    const { fields, ignored } = mapColumns(['E-Mail', 'Vorname', 'Nachname', 'Firma', 'Telefon', 'Position', 'PLZ', 'Ort', 'Land', 'Lieblingsfarbe']);
    expect(fields).toEqual(['email', 'firstName', 'lastName', 'company', 'phone', 'jobTitle', 'postalCode', 'city', 'country', undefined]);
    expect(ignored).toEqual(['Lieblingsfarbe']);
    expect(mapColumns(['Email Address', 'First Name', 'Company Name']).fields).toEqual(['email', 'firstName', 'company']);
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
  it('reads valid UTF-8 as UTF-8 and anything else as Windows-1252', () => {
    expect(decodeCsv(Buffer.from('Weiß', 'utf8'))).toEqual({ text: 'Weiß', encoding: 'utf-8' });
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
