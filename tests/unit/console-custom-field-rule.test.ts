import { describe, expect, it } from 'vitest';
import { queryFromRule, ruleFromQuery } from '../../console/src/screens/segments/segment-rule-mapping';

const types = new Map([
  ['mitarbeiter', 'number' as const],
  ['messe', 'boolean' as const],
  ['seit', 'date' as const],
  ['branche', 'select' as const],
]);

describe('the rule builder on custom fields', () => {
  it('sends numbers as numbers, yes/no as booleans, dates and options as typed', () => {
    const { rule } = ruleFromQuery(
      {
        combinator: 'and',
        rules: [
          { field: 'fields.mitarbeiter', operator: 'gte', value: '250' },
          { field: 'fields.messe', operator: 'eq', value: 'true' },
          { field: 'fields.seit', operator: 'before', value: '2020-01-01' },
          { field: 'fields.branche', operator: 'in', value: 'it\nMaschinenbau' },
          { field: 'fields.mitarbeiter', operator: 'lt', value: 'viele' },
        ],
      },
      types,
    );
    expect(rule).toEqual({
      all: [
        { field: 'fields.mitarbeiter', op: 'gte', value: 250 },
        { field: 'fields.messe', op: 'eq', value: true },
        { field: 'fields.seit', op: 'before', value: '2020-01-01' },
        { field: 'fields.branche', op: 'in', value: ['it', 'Maschinenbau'] },
        { field: 'fields.mitarbeiter', op: 'lt', value: 'viele' },
      ],
    });
  });

  it('round-trips a stored rule on custom fields', () => {
    const stored = {
      all: [
        { field: 'fields.messe', op: 'eq' as const, value: false },
        { field: 'fields.seit', op: 'after' as const, value: '2019-04-01' },
      ],
    };
    expect(ruleFromQuery(queryFromRule(stored), types).rule).toEqual(stored);
  });
});
