import { describe, expect, it } from 'vitest';
import { CONSENT_STATUSES, OPERATORS, ruleIssues, SEGMENT_FIELD_CATALOG, SEGMENT_FIELDS } from '#shared/domain/segment-rule';

/** A value each kind accepts for an operator (absent for exists, a list for in). */
function valueFor(kind: (typeof SEGMENT_FIELD_CATALOG)[number]['kind'], op: string): unknown {
  if (op === 'exists') return undefined;
  const one = { text: 'acme', tags: 'vip', consent: CONSENT_STATUSES[1], number: 3, time: { daysAgo: 30 }, choice: 'A' }[kind];
  return op === 'in' ? [one] : one;
}

const concrete = (field: string) => field.replace('<topic>', 'newsletter');

describe('the segment field catalog', () => {
  it('lists exactly the fields validation knows, consent as one entry per topic', () => {
    expect(SEGMENT_FIELD_CATALOG.map((entry) => entry.field)).toEqual(SEGMENT_FIELDS);
    expect(SEGMENT_FIELD_CATALOG.find((entry) => entry.field === 'consent.<topic>')).toEqual({
      field: 'consent.<topic>',
      kind: 'consent',
      operators: ['eq', 'neq', 'in', 'exists'],
    });
  });

  it('offers for each field every operator validation accepts for it', () => {
    for (const { field, kind, operators } of SEGMENT_FIELD_CATALOG) {
      for (const op of operators) {
        const value = valueFor(kind, op);
        expect(ruleIssues({ field: concrete(field), op, ...(value === undefined ? {} : { value }) }), `${field} ${op}`).toEqual([]);
      }
    }
  });

  it('offers no operator that validation refuses for the field', () => {
    for (const { field, kind, operators } of SEGMENT_FIELD_CATALOG) {
      for (const op of OPERATORS.filter((candidate) => !operators.includes(candidate))) {
        const issues = ruleIssues({ field: concrete(field), op, value: valueFor(kind, 'eq') });
        expect(
          issues.map((issue) => issue.path),
          `${field} ${op}`,
        ).toEqual(['rule.op']);
      }
    }
  });

  it('knows the kinds the rule builder edits differently: times, numbers and consent', () => {
    const kindOf = (field: string) => SEGMENT_FIELD_CATALOG.find((entry) => entry.field === field)?.kind;
    expect([kindOf('orders.lastAt'), kindOf('orders.count'), kindOf('tags'), kindOf('firstTouch.campaign')]).toEqual(['time', 'number', 'tags', 'text']);
  });
});
