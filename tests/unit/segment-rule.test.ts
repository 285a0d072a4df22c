import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDue, membershipDelta, newSegment, patchSegment, previewSegmentSchema } from '#shared/domain/segment';
import {
  compileRule,
  factAttributes,
  FACTS_INDEX_ATTRIBUTES,
  previousQuarterMonths,
  type RuleNode,
  ruleIssues,
  type SegmentFacts,
} from '#shared/domain/segment-rule';
import { parseWith } from '#shared/http/validate';
import { tableDefinition } from '#infra/table';
import { referenceMatches } from '#tests/helpers/segment-reference';

const NOW = new Date('2026-11-24T10:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (days: number, extraMs = 0) => new Date(NOW.getTime() - days * DAY + extraMs).toISOString();

const facts = (overrides: Partial<SegmentFacts> = {}): SegmentFacts => ({
  id: 'c1',
  version: 1,
  createdAt: daysAgo(800),
  orders: { count: 0, totalMinor: 0 },
  ...overrides,
});
const customer = (lastAt: string | undefined, count = 1): SegmentFacts =>
  facts({ orders: { count, totalMinor: 1000 * count, ...(lastAt ? { lastAt, firstAt: lastAt } : {}) } });

/** API.md's "No order for a year", restricted to past customers. */
const NO_ORDER_FOR_A_YEAR: RuleNode = {
  all: [
    { field: 'orders.count', op: 'gt', value: 0 },
    { any: [{ field: 'orders.lastAt', op: 'before', value: { daysAgo: 365 } }, { not: { field: 'orders.lastAt', op: 'exists' } }] },
  ],
};

describe('segment rules: "no order for a year"', () => {
  const matches = compileRule(NO_ORDER_FOR_A_YEAR, NOW);
  it.each([
    ['364 days ago', daysAgo(364), false],
    ['exactly 365 days ago (not before the cut-off)', daysAgo(365), false],
    ['365 days and 1 ms ago', daysAgo(365, -1), true],
    ['366 days ago', daysAgo(366), true],
    ['ordered once, long ago', daysAgo(3000), true],
  ])('last order %s → %s', (_, lastAt, expected) => {
    expect(matches(customer(lastAt))).toBe(expected);
    expect(referenceMatches(NO_ORDER_FOR_A_YEAR, customer(lastAt), NOW)).toBe(expected);
  });

  it('leaves out people who never ordered (orders.count gt 0), but the bare "any" part takes them', () => {
    expect(matches(customer(undefined, 0))).toBe(false);
    const anyPart = (NO_ORDER_FOR_A_YEAR as { all: RuleNode[] }).all[1]!;
    expect(compileRule(anyPart, NOW)(customer(undefined, 0))).toBe(true);
  });

  it('reads a time stored with an offset as the instant it names', () => {
    // 2025-11-24T11:00:00+02:00 is 09:00Z: one hour before the 365-day cut-off (10:00Z).
    expect(matches(customer('2025-11-24T11:00:00+02:00'))).toBe(true);
    expect(matches(customer('2025-11-24T13:00:00+02:00'))).toBe(false);
  });

  it('compares an ISO value with an offset as an instant, not as text', () => {
    const rule: RuleNode = { field: 'createdAt', op: 'after', value: '2026-01-01T01:00:00+01:00' };
    expect(compileRule(rule, NOW)(facts({ createdAt: '2026-01-01T00:00:00.001Z' }))).toBe(true);
    expect(compileRule(rule, NOW)(facts({ createdAt: '2026-01-01T00:00:00.000Z' }))).toBe(false);
  });
});

describe('segment rules: fields and operators', () => {
  it('matches text case-insensitively, by campaign code or id, and tags as whole tags', () => {
    const contact = facts({
      company: 'Müller GmbH',
      tags: ['VIP', 'b2b-gold'],
      firstTouch: { at: daysAgo(10), channel: 'fair', source: 'hannover', campaignId: 'cmp-1', campaignCode: 'hannover-messe-2026' },
    });
    const check = (rule: RuleNode) => compileRule(rule, NOW)(contact);
    expect(check({ field: 'company', op: 'contains', value: 'müller' })).toBe(true);
    expect(check({ field: 'firstTouch.campaign', op: 'eq', value: 'hannover-messe-2026' })).toBe(true);
    expect(check({ field: 'firstTouch.campaign', op: 'eq', value: 'cmp-1' })).toBe(true);
    expect(check({ field: 'lastTouch.campaign', op: 'exists' })).toBe(false);
    expect(check({ field: 'tags', op: 'contains', value: 'vip' })).toBe(true);
    expect(check({ field: 'tags', op: 'contains', value: 'b2b' })).toBe(false);
    expect(check({ field: 'tags', op: 'in', value: ['x', 'B2B-GOLD'] })).toBe(true);
  });

  it('reads consent status per topic; an unasked topic has no status', () => {
    const contact = facts({ consents: { newsletter: { status: 'granted', at: daysAgo(1) } } });
    expect(compileRule({ field: 'consent.newsletter', op: 'eq', value: 'granted' }, NOW)(contact)).toBe(true);
    expect(compileRule({ field: 'consent.events', op: 'neq', value: 'granted' }, NOW)(contact)).toBe(true);
    expect(compileRule({ field: 'consent.events', op: 'exists' }, NOW)(contact)).toBe(false);
  });

  it('sums the order value of the previous calendar quarter (UTC)', () => {
    expect(previousQuarterMonths(NOW)).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(previousQuarterMonths(new Date('2026-02-01T00:00:00Z'))).toEqual(['2025-10', '2025-11', '2025-12']);
    const contact = facts({ orders: { count: 3, totalMinor: 900, byMonth: { '2026-06': 100, '2026-07': 200, '2026-09': 300, '2026-10': 400 } } });
    expect(compileRule({ field: 'orders.lastQuarterMinor', op: 'eq', value: 500 }, NOW)(contact)).toBe(true);
  });

  it('projects exactly the attributes the rules read, all of them in the facts index', () => {
    expect(factAttributes([{ field: 'consent.newsletter', op: 'exists' }]).sort()).toEqual(['consents', 'id', 'segments', 'version']);
    const facts = tableDefinition.globalIndexes.find((index) => index.name === 'facts')!;
    expect(facts.include).toEqual(FACTS_INDEX_ATTRIBUTES);
  });
});

describe('segment rules: validation names the bad part', () => {
  const issues = (rule: unknown) => ruleIssues(rule);
  it.each<[string, unknown, string, RegExp]>([
    ['unknown field', { field: 'orders.sum', op: 'gt', value: 1 }, 'rule.field', /must be one of/],
    ['operator not allowed for the field', { field: 'orders.lastAt', op: 'gt', value: 3 }, 'rule.op', /before, after, exists/],
    ['wrong value type', { all: [{ field: 'score', op: 'gt', value: '10' }] }, 'rule.all.0.value', /number/],
    ['bad relative time', { any: [{ field: 'createdAt', op: 'before', value: { daysAgo: -1 } }] }, 'rule.any.0.value', /daysAgo/],
    ['time without zone', { field: 'createdAt', op: 'after', value: '2026-01-01T00:00:00' }, 'rule.value', /zone/],
    ['empty group', { all: [] }, 'rule.all', /non-empty/],
    ['value given to exists', { field: 'tags', op: 'exists', value: 'x' }, 'rule.value', /absent/],
    ['bad consent status', { not: { field: 'consent.newsletter', op: 'eq', value: 'yes' } }, 'rule.not.value', /granted/],
    ['consent topic with odd characters', { field: 'consent.News Letter', op: 'exists' }, 'rule.field', /must be one of/],
    ['two kinds of node in one', { all: [{ field: 'score', op: 'exists' }], any: [] }, 'rule', /only "all"/],
    ['not an object', ['score'], 'rule', /must be an object/],
    ['injection string as field', { field: "x' OR 1=1 --", op: 'eq', value: 'a' }, 'rule.field', /must be one of/],
  ])('%s', (_, rule, path, message) => {
    const found = issues(rule);
    expect(found.map((issue) => issue.path)).toContain(path);
    expect(found.find((issue) => issue.path === path)!.message).toMatch(message);
  });

  it('refuses rules that are too deep or too large', () => {
    let deep: RuleNode = { field: 'score', op: 'exists' };
    for (let level = 0; level < 10; level += 1) deep = { not: deep };
    expect(issues(deep).some((issue) => /nested deeper/.test(issue.message))).toBe(true);
    const wide = { any: Array.from({ length: 300 }, () => ({ field: 'score', op: 'exists' })) };
    expect(issues(wide)).toEqual([{ path: 'rule', message: 'must have at most 200 nodes' }]);
  });

  it('reports the paths through the request schema', () => {
    expect(() => parseWith(previewSegmentSchema, { rule: { all: [{ field: 'score', op: 'lt' }] } }, 'preview')).toThrow(
      expect.objectContaining({ issues: [{ path: 'rule.all.0.value', message: 'is required' }] }),
    );
  });

  it('accepts every rule the generator below builds (the property test checks only valid rules)', () => {
    fc.assert(fc.property(ruleArbitrary, (rule) => issues(rule).length === 0));
  });
});

// ---------------------------------------------------------------------------------------------------
// Property: the compiled evaluator agrees with the reference on random rules and contacts.

/** Times near the interesting edges (exactly n days, ±1 ms) and some random ones, some with an offset. */
const edgeDays = [0, 1, 30, 90, 364, 365, 366, 730];
const instantArbitrary = fc.oneof(
  fc.constantFrom(...edgeDays).chain((days) => fc.constantFrom(-1, 0, 1).map((ms) => NOW.getTime() - days * DAY + ms)),
  fc.integer({ min: NOW.getTime() - 3 * 365 * DAY, max: NOW.getTime() + 30 * DAY }),
);
function withOffset(ms: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return new Date(ms).toISOString();
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
const offsetArbitrary = fc.constantFrom(0, 0, 0, 60, 120, -300, 330, -60 * 12);
/** Stored times are mostly `toISOString()`; some older data carries an offset. */
const storedTimeArbitrary = fc.tuple(instantArbitrary, offsetArbitrary).map(([ms, offset]) => withOffset(ms, offset));
const ruleTimeArbitrary = fc.oneof(
  fc.constantFrom(...edgeDays, 0, 7, 180).map((days) => ({ daysAgo: days })),
  fc.tuple(instantArbitrary, offsetArbitrary).map(([ms, offset]) => withOffset(ms, offset)),
);

const texts = ['Müller GmbH', 'ACME', 'acme', 'web', 'fair', 'de', 'DE', 'hannover', 'news'];
const statuses = ['pending', 'granted', 'withdrawn'] as const;
const months = ['2026-05', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];

const factsArbitrary: fc.Arbitrary<SegmentFacts> = fc.record(
  {
    id: fc.constant('c'),
    version: fc.constant(1),
    createdAt: storedTimeArbitrary,
    emailNormalised: fc.constantFrom('a@example.de', 'news@acme.com'),
    company: fc.constantFrom(...texts),
    source: fc.constantFrom('web', 'fair', 'import'),
    locale: fc.constantFrom('de', 'en'),
    country: fc.constantFrom('DE', 'AT'),
    tags: fc.subarray(['vip', 'VIP', 'b2b', 'trade-fair']),
    consents: fc.dictionary(fc.constantFrom('newsletter', 'events'), fc.record({ status: fc.constantFrom(...statuses), at: fc.constant(NOW.toISOString()) })),
    orders: fc.record(
      {
        count: fc.integer({ min: 0, max: 3 }),
        totalMinor: fc.integer({ min: 0, max: 10_000 }),
        firstAt: storedTimeArbitrary,
        lastAt: storedTimeArbitrary,
        byMonth: fc.dictionary(fc.constantFrom(...months), fc.integer({ min: 0, max: 5000 })),
      },
      { requiredKeys: ['count', 'totalMinor'] },
    ),
    activity: fc.record({ lastAt: storedTimeArbitrary }, { requiredKeys: [] }),
    score: fc.integer({ min: -5, max: 100 }),
    firstTouch: fc.record(
      {
        at: storedTimeArbitrary,
        channel: fc.constant('web'),
        source: fc.constantFrom(...texts),
        medium: fc.constantFrom('cpc', 'email'),
        campaignCode: fc.constantFrom('spring', 'hannover'),
        campaignId: fc.constantFrom('c1', 'c2'),
      },
      { requiredKeys: ['at', 'channel', 'source'] },
    ),
    lastTouch: fc.record(
      { at: storedTimeArbitrary, channel: fc.constant('web'), source: fc.constantFrom(...texts), campaignCode: fc.constantFrom('spring', 'hannover') },
      { requiredKeys: ['at', 'channel', 'source'] },
    ),
  },
  { requiredKeys: ['id', 'version', 'createdAt'] },
);

const conditionArbitrary: fc.Arbitrary<RuleNode> = fc.oneof(
  fc.record({
    field: fc.constantFrom(
      'email',
      'company',
      'source',
      'locale',
      'country',
      'firstTouch.campaign',
      'lastTouch.campaign',
      'firstTouch.source',
      'firstTouch.medium',
      'tags',
    ),
    op: fc.constantFrom('eq', 'neq', 'contains'),
    value: fc.constantFrom(...texts, 'vip', 'spring', 'c1', 'cpc', 'a@example.de', 'acme.com'),
  }),
  fc.record({
    field: fc.constantFrom('company', 'tags', 'lastTouch.campaign'),
    op: fc.constant('in'),
    value: fc.subarray([...texts, 'vip', 'spring'], { minLength: 1 }),
  }),
  fc.record({
    field: fc.constantFrom('company', 'tags', 'firstTouch.medium', 'score', 'orders.lastAt', 'activity.lastAt', 'consent.events'),
    op: fc.constant('exists'),
  }),
  fc.record({ field: fc.constantFrom('consent.newsletter', 'consent.events'), op: fc.constantFrom('eq', 'neq'), value: fc.constantFrom(...statuses) }),
  fc.record({ field: fc.constant('consent.newsletter'), op: fc.constant('in'), value: fc.subarray([...statuses], { minLength: 1 }) }),
  fc.record({
    field: fc.constantFrom('orders.count', 'orders.totalMinor', 'orders.lastQuarterMinor', 'score'),
    op: fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte'),
    value: fc.integer({ min: -1, max: 6000 }),
  }),
  fc.record({
    field: fc.constantFrom('orders.count', 'score'),
    op: fc.constant('in'),
    value: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    field: fc.constantFrom('orders.firstAt', 'orders.lastAt', 'activity.lastAt', 'createdAt'),
    op: fc.constantFrom('before', 'after'),
    value: ruleTimeArbitrary,
  }),
) as fc.Arbitrary<RuleNode>;

const ruleArbitrary: fc.Arbitrary<RuleNode> = fc
  .letrec<{ node: RuleNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      conditionArbitrary,
      fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 4 }) }),
      fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 4 }) }),
      fc.record({ not: tie('node') }),
    ),
  }))
  .node.filter((rule) => ruleIssues(rule).length === 0);

describe('segment rules: compiled evaluator agrees with the reference', () => {
  it('on random rules and contacts, at the edges of relative times and across time zones', () => {
    fc.assert(
      fc.property(ruleArbitrary, fc.array(factsArbitrary, { minLength: 1, maxLength: 8 }), (rule, contacts) => {
        const compiled = compileRule(rule, NOW);
        for (const contact of contacts) expect(compiled(contact)).toBe(referenceMatches(rule, contact, NOW));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same answer whatever "now" is, for the same rule compiled at that instant', () => {
    fc.assert(
      fc.property(ruleArbitrary, factsArbitrary, fc.integer({ min: -400, max: 400 }), (rule, contact, shiftDays) => {
        const now = new Date(NOW.getTime() + shiftDays * DAY);
        expect(compileRule(rule, now)(contact)).toBe(referenceMatches(rule, contact, now));
      }),
      { numRuns: 500 },
    );
  });
});

describe('segments: schedule and membership deltas', () => {
  const base = newSegment({ name: 'S', rule: { field: 'score', op: 'gt', value: 1 }, schedule: 'daily' }, 's1', NOW);

  it('is due when never evaluated, or once its interval has (nearly) passed; never when off', () => {
    expect(isDue(base, NOW)).toBe(true);
    expect(isDue({ ...base, evaluatedAt: new Date(NOW.getTime() - 23 * 3_600_000).toISOString() }, NOW)).toBe(false);
    expect(isDue({ ...base, evaluatedAt: new Date(NOW.getTime() - 24 * 3_600_000 + 60_000).toISOString() }, NOW)).toBe(true);
    expect(isDue({ ...base, schedule: 'hourly', evaluatedAt: new Date(NOW.getTime() - 30 * 60_000).toISOString() }, NOW)).toBe(false);
    expect(isDue({ ...base, schedule: 'hourly', evaluatedAt: new Date(NOW.getTime() - 58 * 60_000).toISOString() }, NOW)).toBe(true);
    expect(isDue({ ...base, schedule: 'off' }, NOW)).toBe(false);
  });

  it('forgets the last evaluation when the rule changes, not when only the name does', () => {
    const evaluated = { ...base, evaluatedAt: NOW.toISOString() };
    expect(patchSegment(evaluated, { name: 'T' }, NOW).evaluatedAt).toBe(NOW.toISOString());
    expect(patchSegment(evaluated, { rule: { field: 'score', op: 'gt', value: 2 } }, NOW).evaluatedAt).toBeUndefined();
  });

  it('enters, exits and keeps memberships, and leaves segments not evaluated alone', () => {
    const segments = [
      { id: 'a', matches: () => true },
      { id: 'b', matches: () => false },
      { id: 'c', matches: () => true },
    ];
    const delta = membershipDelta(facts({ segments: { b: daysAgo(3), c: daysAgo(2), other: daysAgo(1) } }), segments);
    expect(delta).toEqual({ matched: ['a', 'c'], entered: ['a'], exited: ['b'] });
  });
});
