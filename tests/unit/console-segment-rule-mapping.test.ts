import { describe, expect, it } from 'vitest';
import type { RuleNode } from '#shared/domain/segment-rule';
import { ruleIssues } from '#shared/domain/segment-rule';
import {
  type BuilderGroup,
  builderOperators,
  mayAddGroup,
  placeIssues,
  queryFromRule,
  ruleFromQuery,
} from '../../console/src/screens/segments/segment-rule-mapping';

const roundTrip = (rule: RuleNode) => ruleFromQuery(queryFromRule(rule)).rule;

/** Gives every group and condition an id, as react-querybuilder does. */
function withIds(group: BuilderGroup, prefix = 'g'): BuilderGroup {
  return {
    ...group,
    id: prefix,
    rules: group.rules.map((item, index) => ('rules' in item ? withIds(item, `${prefix}.${index}`) : { ...item, id: `${prefix}.${index}r` })),
  };
}

const NO_ORDER_FOR_A_YEAR: RuleNode = {
  all: [
    { field: 'orders.count', op: 'gt', value: 0 },
    { any: [{ field: 'orders.lastAt', op: 'before', value: { daysAgo: 365 } }, { not: { field: 'orders.lastAt', op: 'exists' } }] },
  ],
};

describe('mapping the rule builder’s query and the product’s rule tree', () => {
  it.each<[string, RuleNode]>([
    ['a lone condition', { field: 'company', op: 'eq', value: 'Acme GmbH' }],
    ['"no order for a year" (nested any in all, a negated exists, daysAgo)', NO_ORDER_FOR_A_YEAR],
    [
      'a negated group',
      {
        not: {
          any: [
            { field: 'country', op: 'eq', value: 'DE' },
            { field: 'country', op: 'eq', value: 'AT' },
          ],
        },
      },
    ],
    [
      'a negated condition inside any',
      { any: [{ field: 'tags', op: 'contains', value: 'vip' }, { not: { field: 'consent.newsletter', op: 'eq', value: 'withdrawn' } }] },
    ],
    [
      'in lists of text, numbers and consent states',
      {
        all: [
          { field: 'source', op: 'in', value: ['fair', 'web'] },
          { field: 'score', op: 'in', value: [1, 2.5, -3] },
          { field: 'consent.news', op: 'in', value: ['pending', 'granted'] },
        ],
      },
    ],
    [
      'times: less than N days ago and absolute dates',
      {
        all: [
          { field: 'createdAt', op: 'after', value: { daysAgo: 7 } },
          { field: 'orders.firstAt', op: 'before', value: '2026-01-01T00:00:00Z' },
          { field: 'activity.lastAt', op: 'after', value: '2026-03-01T12:00:00+01:00' },
        ],
      },
    ],
    [
      'groups nested several levels, any inside all inside any',
      {
        any: [
          {
            all: [
              {
                any: [
                  { field: 'locale', op: 'eq', value: 'de' },
                  {
                    not: {
                      all: [
                        { field: 'orders.totalMinor', op: 'gte', value: 100000 },
                        { field: 'email', op: 'contains', value: '@example.de' },
                      ],
                    },
                  },
                ],
              },
              { field: 'lastTouch.campaign', op: 'neq', value: 'messe-2026' },
            ],
          },
          { field: 'score', op: 'lt', value: 10 },
        ],
      },
    ],
    ['a double negation', { not: { not: { field: 'company', op: 'exists' } } }],
    ['an any of one', { any: [{ field: 'firstTouch.medium', op: 'eq', value: 'cpc' }] }],
  ])('keeps %s as it was through the builder and back', (_name, rule) => {
    expect(roundTrip(rule)).toEqual(rule);
    expect(ruleIssues(roundTrip(rule))).toEqual([]);
  });

  it('shows an and-group of one at the root as that condition (they mean the same)', () => {
    expect(roundTrip({ all: [{ field: 'company', op: 'exists' }] })).toEqual({ field: 'company', op: 'exists' });
  });

  it('puts a lone condition into a root group, and a negated one into a negated group', () => {
    expect(queryFromRule({ field: 'company', op: 'exists' })).toEqual({ combinator: 'and', rules: [{ field: 'company', operator: 'exists' }] });
    expect(queryFromRule({ not: { field: 'company', op: 'exists' } })).toEqual({
      combinator: 'and',
      not: true,
      rules: [{ field: 'company', operator: 'exists' }],
    });
  });

  it('edits times as "more / less than N days ago" or a date, and lists one value per line', () => {
    const query = queryFromRule(NO_ORDER_FOR_A_YEAR);
    expect(query.rules[1]).toEqual({
      combinator: 'or',
      rules: [
        { field: 'orders.lastAt', operator: 'moreThanDaysAgo', value: '365' },
        { combinator: 'and', not: true, rules: [{ field: 'orders.lastAt', operator: 'exists' }] },
      ],
    });
    expect(queryFromRule({ field: 'source', op: 'in', value: ['fair', 'web'] }).rules[0]).toEqual({ field: 'source', operator: 'in', value: 'fair\nweb' });
  });

  it('reads what a person typed: numbers as numbers, blank lines of a list dropped, text trimmed', () => {
    const query: BuilderGroup = {
      combinator: 'and',
      rules: [
        { field: 'orders.count', operator: 'gte', value: ' 3 ' },
        { field: 'score', operator: 'in', value: '1\n\n 2 \n' },
        { field: 'company', operator: 'eq', value: '  Acme ' },
        { field: 'createdAt', operator: 'lessThanDaysAgo', value: '14' },
      ],
    };
    expect(ruleFromQuery(query).rule).toEqual({
      all: [
        { field: 'orders.count', op: 'gte', value: 3 },
        { field: 'score', op: 'in', value: [1, 2] },
        { field: 'company', op: 'eq', value: 'Acme' },
        { field: 'createdAt', op: 'after', value: { daysAgo: 14 } },
      ],
    });
  });

  it('sends what is not a valid value as typed, so the API names the node', () => {
    const { rule } = ruleFromQuery({
      combinator: 'and',
      rules: [
        { field: 'company', operator: 'exists' },
        { field: 'orders.count', operator: 'gt', value: 'many' },
        { field: 'createdAt', operator: 'moreThanDaysAgo', value: 'a year' },
      ],
    });
    expect(ruleIssues(rule).map((issue) => issue.path)).toEqual(['rule.all.1.value', 'rule.all.2.value']);
  });

  it('says where each condition and group of the builder sits in the product’s tree, as the API names it', () => {
    const query = withIds(
      queryFromRule({
        all: [
          { field: 'company', op: 'exists' },
          {
            not: {
              any: [
                { field: 'score', op: 'gt', value: 1 },
                { field: 'score', op: 'lt', value: -1 },
              ],
            },
          },
          { not: { field: 'tags', op: 'exists' } },
        ],
      }),
    );
    const { paths } = ruleFromQuery(query);
    expect(Object.fromEntries(paths)).toEqual({
      g: 'rule',
      'g.0r': 'rule.all.0',
      'g.1': 'rule.all.1',
      'g.1.0r': 'rule.all.1.not.any.0',
      'g.1.1r': 'rule.all.1.not.any.1',
      'g.2': 'rule.all.2',
      'g.2.0r': 'rule.all.2.not',
    });
  });

  it('names a root condition "rule" when it is the only one', () => {
    expect(Object.fromEntries(ruleFromQuery(withIds(queryFromRule({ field: 'company', op: 'exists' }))).paths)).toEqual({ g: 'rule', 'g.0r': 'rule' });
  });

  it('offers relative and absolute time operators for times, and the API’s operators for the rest', () => {
    expect(builderOperators('time')).toEqual(['moreThanDaysAgo', 'lessThanDaysAgo', 'before', 'after', 'exists']);
    expect(builderOperators('consent')).toEqual(['eq', 'neq', 'in', 'exists']);
    expect(builderOperators('number')).toEqual(['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'exists']);
  });

  it('lets groups nest only as deep as the API accepts conditions', () => {
    let rule: RuleNode = { field: 'company', op: 'exists' };
    let level = 0;
    while (mayAddGroup(level)) {
      level += 1;
      rule = { all: [rule, { field: 'score', op: 'gt', value: level }] };
    }
    // level groups below the root, each wrapping the next: the innermost condition is as deep as allowed.
    expect(ruleIssues({ all: [rule] })).toEqual([]);
    expect(ruleIssues({ all: [{ all: [rule] }] }).map((issue) => issue.message)).toContain('is nested deeper than 8 levels');
  });
});

describe('placing the API’s messages on the builder', () => {
  it('puts a message about a condition’s value next to that condition, and one about a group or the rule at the top', () => {
    const query = withIds({
      combinator: 'and',
      rules: [
        { field: 'company', operator: 'exists' },
        { field: 'orders.count', operator: 'gt', value: 'many' },
        { combinator: 'or', rules: [] },
      ],
    });
    const { paths } = ruleFromQuery(query);
    const placed = placeIssues(query, paths, [
      { path: 'rule.all.1.value', message: 'must be a number' },
      { path: 'rule.all.2.any', message: 'must be a non-empty list of conditions or trees' },
      { path: 'rule', message: 'reads consent.gone, but there is no topic "gone"' },
    ]);
    expect(Object.fromEntries(placed.byRule)).toEqual({ 'g.1r': 'must be a number' });
    expect(placed.other.map((issue) => issue.path)).toEqual(['rule.all.2.any', 'rule']);
  });
});
