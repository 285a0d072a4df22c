import { describe, expect, it } from 'vitest';
import { abcPeriodMonths, classifyAccounts, DEFAULT_ABC_THRESHOLDS, periodRevenue } from '#shared/domain/abc-classification';
import { compileRule, ruleIssues } from '#shared/domain/segment-rule';
import { settingsSchema } from '#shared/domain/settings';

const eur = (account: string, revenueMinor: number) => ({ account, currency: 'EUR', revenueMinor });
const classes = (result: ReturnType<typeof classifyAccounts>) => Object.fromEntries([...result.classOf].sort());

describe('ABC classification', () => {
  it('makes the account that crosses 80 % an A, the one that crosses 95 % a B, the rest C', () => {
    // 75 % before the third, which crosses 80 %: A. 94 % before the fifth, which crosses 95 %: B. 98 % before the last: C.
    const result = classifyAccounts([eur('a', 50), eur('b', 25), eur('c', 10), eur('d', 9), eur('e', 4), eur('f', 2)], DEFAULT_ABC_THRESHOLDS);
    expect(classes(result)).toEqual({ a: 'A', b: 'A', c: 'A', d: 'B', e: 'B', f: 'C' });
    expect(result.currencies).toEqual([
      { currency: 'EUR', classes: { A: { accounts: 3, revenueMinor: 85 }, B: { accounts: 2, revenueMinor: 13 }, C: { accounts: 1, revenueMinor: 2 } } },
    ]);
  });

  it('gives accounts with equal revenue the same class, whatever order they are read in', () => {
    const forward = classifyAccounts([eur('big', 70), eur('x', 10), eur('y', 10), eur('z', 10)], DEFAULT_ABC_THRESHOLDS);
    const backward = classifyAccounts([eur('z', 10), eur('y', 10), eur('x', 10), eur('big', 70)], DEFAULT_ABC_THRESHOLDS);
    // 70 % before the first of the three tens: all three are A, though the last starts at 90 %.
    expect(classes(forward)).toEqual({ big: 'A', x: 'A', y: 'A', z: 'A' });
    expect(classes(backward)).toEqual(classes(forward));
  });

  it('classifies each currency on its own and keeps an account best class across currencies', () => {
    const result = classifyAccounts(
      [
        eur('eu-big', 900),
        eur('eu-small', 100),
        { account: 'ch-only', currency: 'CHF', revenueMinor: 5 },
        { account: 'eu-small', currency: 'CHF', revenueMinor: 500 },
      ],
      DEFAULT_ABC_THRESHOLDS,
    );
    expect(classes(result)).toEqual({ 'ch-only': 'C', 'eu-big': 'A', 'eu-small': 'A' });
    expect(result.currencies.map((entry) => entry.currency)).toEqual(['CHF', 'EUR']);
  });

  it('adds up the entries of one account (its people) and leaves accounts without revenue out (none)', () => {
    const result = classifyAccounts([eur('co', 30), eur('co', 30), eur('solo', 40), eur('refunded', -5), eur('zero', 0)], { a: 0.5, b: 0.9 });
    expect(classes(result)).toEqual({ co: 'A', solo: 'B' });
  });

  it('reads the month of the run and the eleven before it', () => {
    expect(abcPeriodMonths(new Date('2026-12-01T00:30:00Z'))).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    const months = abcPeriodMonths(new Date('2026-03-15T00:00:00Z'));
    expect([months[0], months[11]]).toEqual(['2025-04', '2026-03']);
    expect(periodRevenue({ '2025-03': 1000, '2025-04': 10, '2026-03': 5 }, months)).toBe(15);
  });
});

describe('the ABC thresholds in the settings', () => {
  it('accept 0 < a < b ≤ 1', () => {
    expect(settingsSchema.safeParse({ abc: { a: 0.7, b: 1 } }).success).toBe(true);
  });

  it.each([
    [{ a: 0, b: 0.9 }, 'abc.a'],
    [{ a: 0.9, b: 0.8 }, 'abc.b'],
    [{ a: 0.8, b: 1.2 }, 'abc.b'],
    [{ a: 0.8 }, 'abc.b'],
  ])('refuse %o naming %s', (abc, path) => {
    const parsed = settingsSchema.safeParse({ abc });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual([path]);
  });
});

describe('the segment field abc', () => {
  it('takes eq and in with the classes, nothing else', () => {
    expect(ruleIssues({ field: 'abc', op: 'in', value: ['A', 'B'] })).toEqual([]);
    expect(ruleIssues({ field: 'abc', op: 'eq', value: 'D' }).map((issue) => issue.path)).toEqual(['rule.value']);
    expect(ruleIssues({ field: 'abc', op: 'contains', value: 'A' }).map((issue) => issue.path)).toEqual(['rule.op']);
  });

  it('matches the class on the profile, and a profile not yet classified matches none', () => {
    const now = new Date();
    const top = compileRule({ field: 'abc', op: 'in', value: ['A', 'B'] }, now);
    const none = compileRule({ field: 'abc', op: 'eq', value: 'none' }, now);
    const base = { id: 'c-1', version: 1, createdAt: now.toISOString() };
    expect([top({ ...base, abc: 'B' }), top({ ...base, abc: 'C' }), top(base)]).toEqual([true, false, false]);
    expect([none({ ...base, abc: 'none' }), none(base)]).toEqual([true, false]);
  });
});
