import { describe, expect, it } from 'vitest';
import {
  applyCustomFields,
  createCustomFieldSchema,
  type CustomFieldDefinition,
  customFieldsIssues,
  customValueFromText,
  customValueIssue,
} from '#shared/domain/custom-field';
import { customFieldRuleIssues } from '#shared/domain/custom-field-rule';
import { customFieldUses } from '#shared/domain/custom-field-uses';
import { compileRule, ruleIssues } from '#shared/domain/segment-rule';
import { createTemplateSchema, renderTemplate } from '#shared/domain/template';
import { customMergeValues } from '#shared/use-cases/compose-mail';

const at = '2026-12-01T00:00:00.000Z';
const label = { de: 'X', en: 'X' };
const field = (key: string, type: CustomFieldDefinition['type'], extra: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition => ({
  key,
  label,
  type,
  appliesTo: 'contact',
  createdAt: at,
  ...extra,
});
const select = field('branche', 'select', { options: [{ value: 'Maschinenbau', label: { de: 'Maschinenbau', en: 'Mechanical engineering' } }] });
const DEFINITIONS = [
  select,
  field('mitarbeiter', 'number'),
  field('seit', 'date'),
  field('messe', 'boolean'),
  field('notiz', 'text'),
  field('umsatz', 'number', { appliesTo: 'company' }),
];

describe('a custom field definition', () => {
  it('turns plain-string options into options labelled with the string', () => {
    const parsed = createCustomFieldSchema.parse({ key: 'branche', label, type: 'select', options: ['Bau'], appliesTo: 'contact' });
    expect(parsed.options).toEqual([{ value: 'Bau', label: { de: 'Bau', en: 'Bau' } }]);
  });

  it('needs at least one option for a select, and options only for a select', () => {
    expect(createCustomFieldSchema.safeParse({ key: 'a', label, type: 'select', appliesTo: 'contact' }).success).toBe(false);
    expect(createCustomFieldSchema.safeParse({ key: 'a', label, type: 'number', options: ['1'], appliesTo: 'contact' }).success).toBe(false);
  });
});

describe('a custom value', () => {
  it('must fit its type', () => {
    expect(customValueIssue(field('t', 'text'), 'Hallo')).toBeUndefined();
    expect(customValueIssue(field('t', 'text'), 3)).toBe('must be a text');
    expect(customValueIssue(field('n', 'number'), 2.5)).toBeUndefined();
    expect(customValueIssue(field('n', 'number'), '2.5')).toBe('must be a number');
    expect(customValueIssue(field('n', 'number'), Number.NaN)).toBe('must be a number');
    expect(customValueIssue(field('d', 'date'), '2024-02-29')).toBeUndefined();
    expect(customValueIssue(field('d', 'date'), '2026-02-29')).toBe('must be a date YYYY-MM-DD');
    expect(customValueIssue(field('d', 'date'), '2026-12-01T10:00:00Z')).toBe('must be a date YYYY-MM-DD');
    expect(customValueIssue(field('b', 'boolean'), false)).toBeUndefined();
    expect(customValueIssue(field('b', 'boolean'), 'false')).toBe('must be true or false');
    expect(customValueIssue(select, 'Maschinenbau')).toBeUndefined();
    expect(customValueIssue(select, 'maschinenbau')).toBe('must be one of Maschinenbau');
  });

  it('is read from form and import text in its type', () => {
    expect(customValueFromText(field('n', 'number'), '1.250,5')).toBe(1250.5);
    expect(customValueFromText(field('n', 'number'), '12,5')).toBe(12.5);
    expect(customValueFromText(field('n', 'number'), 'zwölf')).toBeUndefined();
    expect(customValueFromText(field('d', 'date'), '1.4.2019')).toBe('2019-04-01');
    expect(customValueFromText(field('d', 'date'), '31.02.2019')).toBeUndefined();
    expect(customValueFromText(field('b', 'boolean'), 'Ja')).toBe(true);
    expect(customValueFromText(field('b', 'boolean'), 'nein')).toBe(false);
    expect(customValueFromText(select, 'mechanical engineering')).toBe('Maschinenbau');
  });

  it('changes are checked per key, naming fields.<key>, and null or "" clears', () => {
    expect(customFieldsIssues({ branche: 'Maschinenbau', mitarbeiter: null, notiz: '' }, DEFINITIONS, 'contact')).toEqual([]);
    expect(customFieldsIssues({ nope: 1, umsatz: 3, mitarbeiter: 'x' }, DEFINITIONS, 'contact')).toEqual([
      { path: 'fields.nope', message: expect.stringContaining('is not a custom field') },
      { path: 'fields.umsatz', message: 'is a field of companies, not of contacts' },
      { path: 'fields.mitarbeiter', message: 'must be a number' },
    ]);
    expect(applyCustomFields({ a: 1, b: 'x' }, { a: null, b: '', c: ' y ' })).toEqual({ c: 'y' });
    expect(applyCustomFields({ a: 1 }, { a: null })).toBeUndefined();
  });
});

describe('a segment rule on custom fields', () => {
  it('passes the static check with any scalar and is checked against the definitions', () => {
    expect(ruleIssues({ field: 'fields.mitarbeiter', op: 'gt', value: 'viele' })).toEqual([]);
    expect(ruleIssues({ field: 'fields.Mitarbeiter', op: 'gt', value: 1 }).map((issue) => issue.path)).toEqual(['rule.field']);
    expect(customFieldRuleIssues({ field: 'fields.mitarbeiter', op: 'gt', value: 'viele' }, DEFINITIONS)).toEqual([
      { path: 'rule.value', message: 'must be a number' },
    ]);
    expect(customFieldRuleIssues({ any: [{ field: 'fields.seit', op: 'gt', value: '2020-01-01' }] }, DEFINITIONS)).toEqual([
      { path: 'rule.any.0.op', message: 'must be one of before, after, eq, exists for a date field' },
    ]);
    expect(customFieldRuleIssues({ not: { field: 'fields.umsatz', op: 'exists' } }, DEFINITIONS).map((issue) => issue.path)).toEqual(['rule.not.field']);
    expect(customFieldRuleIssues({ field: 'fields.branche', op: 'in', value: ['Maschinenbau', 'Bau'] }, DEFINITIONS).map((issue) => issue.path)).toEqual([
      'rule.value.1',
    ]);
    expect(customFieldRuleIssues({ field: 'fields.messe', op: 'eq', value: true }, DEFINITIONS)).toEqual([]);
  });

  it('compares by type: folded texts, dates as dates, numbers, booleans, absent values never match a comparison', () => {
    const now = new Date(at);
    const facts = {
      id: 'c',
      version: 1,
      createdAt: at,
      fields: { branche: 'Maschinenbau', mitarbeiter: 250, seit: '2019-04-01', messe: false, notiz: 'Ruft zurück' },
    };
    const matches = (rule: Parameters<typeof compileRule>[0]) => compileRule(rule, now)(facts);
    expect(matches({ field: 'fields.branche', op: 'eq', value: 'maschinenbau' })).toBe(true);
    expect(matches({ field: 'fields.branche', op: 'neq', value: 'Maschinenbau' })).toBe(false);
    expect(matches({ field: 'fields.mitarbeiter', op: 'gte', value: 250 })).toBe(true);
    expect(matches({ field: 'fields.mitarbeiter', op: 'gt', value: 250 })).toBe(false);
    expect(matches({ field: 'fields.seit', op: 'before', value: '2019-04-02' })).toBe(true);
    expect(matches({ field: 'fields.seit', op: 'after', value: '2019-04-01' })).toBe(false);
    expect(matches({ field: 'fields.messe', op: 'eq', value: false })).toBe(true);
    expect(matches({ field: 'fields.notiz', op: 'contains', value: 'RUFT' })).toBe(true);
    expect(matches({ field: 'fields.fehlt', op: 'exists' })).toBe(false);
    expect(matches({ field: 'fields.fehlt', op: 'lt', value: 1 })).toBe(false);
  });
});

describe('templates with custom fields', () => {
  it('accept {{fields.<key>}} and merge it escaped in HTML, as it is in text', () => {
    expect(createTemplateSchema.safeParse({ name: 'T', subject: '{{fields.branche}}', html: '{{fields.notiz}} {{unsubscribeUrl}}' }).success).toBe(true);
    expect(createTemplateSchema.safeParse({ name: 'T', subject: '{{fields.Branche}}', html: '{{unsubscribeUrl}}' }).success).toBe(false);
    const values = customMergeValues({ locale: 'de', fields: { notiz: '<script>"x" & y</script>', messe: true } });
    const mail = renderTemplate({ subject: 'Messe: {{fields.messe}}', html: '<p>{{fields.notiz}}</p>{{fields.leer|–}}', text: '{{fields.notiz}}' }, values);
    expect(mail.subject).toBe('Messe: ja');
    expect(mail.html).toBe('<p>&lt;script&gt;&quot;x&quot; &amp; y&lt;/script&gt;</p>–');
    expect(mail.text).toBe('<script>"x" & y</script>');
    expect(customMergeValues({ locale: 'en-GB', fields: { messe: false } })).toEqual({ 'fields.messe': 'no' });
  });
});

describe('what uses a custom field', () => {
  it('are the segments, forms and templates naming it', () => {
    const uses = customFieldUses('branche', {
      segments: [
        { id: 's1', name: 'Bau', rule: { all: [{ field: 'score', op: 'gt', value: 1 }, { not: { field: 'fields.branche', op: 'exists' } }] } },
        { id: 's2', name: 'Other', rule: { field: 'fields.branche2', op: 'exists' } },
      ],
      forms: [{ id: 'f1', name: 'Messe', fields: [{ name: 'fields.branche', required: true }] }],
      templates: [
        { id: 't1', name: 'Hallo', subject: 'x', html: '{{ fields.branche | Ihre Branche }}' },
        { id: 't2', name: 'Nein', subject: 'x', html: 'fields.branche' },
      ],
    });
    expect(uses).toEqual([
      { kind: 'segment', id: 's1', name: 'Bau' },
      { kind: 'form', id: 'f1', name: 'Messe' },
      { kind: 'template', id: 't1', name: 'Hallo' },
    ]);
  });
});
