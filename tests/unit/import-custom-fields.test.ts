import { describe, expect, it } from 'vitest';
import type { CustomFieldDefinition } from '#shared/domain/custom-field';
import { ValidationError } from '#shared/domain/errors';
import { resolveColumns, unknownCustomFields } from '#shared/domain/import-columns';
import { importQuery, importUploadBody } from '#shared/domain/import-query';
import { parseImportRow } from '#shared/domain/import-row';
import { parseWith } from '#shared/http/validate';

const at = '2026-01-01T00:00:00.000Z';
const FIELDS: CustomFieldDefinition[] = [
  {
    key: 'branche',
    label: { de: 'Branche', en: 'Industry' },
    type: 'select',
    options: [
      { value: 'it', label: { de: 'IT-Dienstleister', en: 'IT services' } },
      { value: 'Maschinenbau', label: { de: 'Maschinenbau', en: 'Maschinenbau' } },
    ],
    appliesTo: 'contact',
    createdAt: at,
  },
  { key: 'mitarbeiter', label: { de: 'Mitarbeiterzahl', en: 'Employees' }, type: 'number', appliesTo: 'contact', createdAt: at },
  { key: 'messe_besuch', label: { de: 'Messebesuch', en: 'Fair visit' }, type: 'date', appliesTo: 'contact', createdAt: at },
  { key: 'rabatt', label: { de: 'Rabatt', en: 'Discount' }, type: 'boolean', appliesTo: 'contact', createdAt: at },
  { key: 'umsatz', label: { de: 'Umsatz', en: 'Revenue' }, type: 'number', appliesTo: 'company', createdAt: at },
];

function issuesOf(call: () => unknown): Array<{ path: string; message: string }> {
  try {
    call();
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('matching columns to custom fields', () => {
  it('matches a header equal to a field key or its German or English label, folded', () => {
    const { mapping } = resolveColumns(['E-Mail', 'branche', 'Employees', 'MESSEBESUCH', 'Notiz'], undefined, FIELDS);
    expect(mapping).toEqual({ 'E-Mail': 'email', branche: 'fields.branche', Employees: 'fields.mitarbeiter', MESSEBESUCH: 'fields.messe_besuch', Notiz: null });
  });

  it('does not match fields of companies, and without definitions matches no custom field', () => {
    expect(resolveColumns(['E-Mail', 'Umsatz'], undefined, FIELDS).mapping).toEqual({ 'E-Mail': 'email', Umsatz: null });
    expect(resolveColumns(['E-Mail', 'Branche']).mapping).toEqual({ 'E-Mail': 'email', Branche: null });
  });

  it('reads a column into the custom field the map names, over the header match', () => {
    const { mapping } = resolveColumns(['Mail', 'Sektor', 'Branche'], { Mail: 'email', Sektor: 'fields.branche' }, FIELDS);
    expect(mapping).toEqual({ Mail: 'email', Sektor: 'fields.branche', Branche: null });
  });

  it('refuses a map naming an unknown key or a field of companies, naming the header', () => {
    const issues = issuesOf(() => resolveColumns(['Mail', 'Farbe', 'Umsatz'], { Mail: 'email', Farbe: 'fields.farbe', Umsatz: 'fields.umsatz' }, FIELDS));
    expect(issues.map((issue) => issue.path)).toEqual(['query.map.Farbe', 'query.map.Umsatz']);
    expect(issues[0]?.message).toContain('fields.farbe is not a custom field of contacts');
    expect(unknownCustomFields({ Farbe: 'fields.farbe', Mail: 'email' }, FIELDS, 'map')).toEqual([expect.objectContaining({ path: 'map.Farbe' })]);
  });

  it('accepts fields.<key> targets in the query and the upload body, and refuses malformed ones', () => {
    const query = parseWith(importQuery, { map: JSON.stringify({ Sektor: 'fields.branche' }) }, 'query');
    expect(query.map).toEqual({ Sektor: 'fields.branche' });
    expect(parseWith(importUploadBody, { fileName: 'a.csv', map: { Sektor: 'fields.branche' } }, 'body').map).toEqual({ Sektor: 'fields.branche' });
    const issues = issuesOf(() => parseWith(importQuery, { map: JSON.stringify({ Sektor: 'fields.Not Valid' }) }, 'query'));
    expect(issues[0]?.path).toBe('map.Sektor');
    expect(issues[0]?.message).toContain('fields.<key>');
  });
});

describe('reading custom values of a row', () => {
  it('reads each value in its field type', () => {
    const parsed = parseImportRow(
      { email: 'anna@example.de', 'fields.branche': 'IT services', 'fields.mitarbeiter': '1.250', 'fields.messe_besuch': '21.04.2026', 'fields.rabatt': 'ja' },
      FIELDS,
    );
    expect(parsed).toEqual({
      ok: true,
      data: expect.objectContaining({ fields: { branche: 'it', mitarbeiter: 1250, messe_besuch: '2026-04-21', rabatt: true }, profile: {} }),
    });
  });

  it('leaves empty cells out', () => {
    const parsed = parseImportRow({ email: 'anna@example.de', 'fields.mitarbeiter': '  ' }, FIELDS);
    expect(parsed.ok && parsed.data.fields).toBe(undefined);
  });

  it('rejects a row whose value does not fit, naming fields.<key> and not the value', () => {
    const parsed = parseImportRow({ email: 'anna@example.de', 'fields.mitarbeiter': 'viele', 'fields.branche': 'Bäckerei' }, FIELDS);
    expect(parsed.ok).toBe(false);
    const reason = parsed.ok ? '' : parsed.reason;
    expect(reason).toContain('fields.mitarbeiter: must be a number');
    expect(reason).toContain('fields.branche: must be one of it, Maschinenbau');
    expect(reason).not.toContain('viele');
  });

  it('names a bad email and a bad custom value together', () => {
    const parsed = parseImportRow({ email: 'kein-at', 'fields.messe_besuch': '31.02.2026' }, FIELDS);
    expect(parsed.ok ? '' : parsed.reason).toMatch(/^email: .*; fields\.messe_besuch: must be a date YYYY-MM-DD$/);
  });

  it('rejects a value of a field that no longer exists', () => {
    const parsed = parseImportRow({ email: 'anna@example.de', 'fields.farbe': 'rot' }, FIELDS);
    expect(parsed.ok ? '' : parsed.reason).toBe('fields.farbe: is not a custom field of contacts (any more)');
  });
});
