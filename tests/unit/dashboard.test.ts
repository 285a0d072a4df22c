import { describe, expect, it } from 'vitest';
import { type Applied, type AttributionFacts, campaignReport, contributionsOf, type CounterRows, type DayRange } from '#shared/domain/campaign-analytics';
import type { Campaign } from '#shared/domain/campaign';
import { dashboardFigures, dashboardQuery, dashboardRange } from '#shared/domain/dashboard';
import { ValidationError } from '#shared/domain/errors';
import { parseWith } from '#shared/http/validate';

const campaign = (id: string, currency?: string): Campaign => ({
  id,
  name: id,
  code: id,
  channel: 'fair',
  ...(currency ? { currency } : {}),
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});
const fair = campaign('c-fair', 'EUR');
const ads = campaign('c-ads');

const touch = (id: string, at: string, campaignId: string) => ({ id, at, campaignId, source: 'direct' });
const order = (orderId: string, orderedAt: string, amountMinor: number, currency = 'EUR') => ({ orderId, orderedAt, amountMinor, currency });
const doi = (at: string) => ({ at, status: 'granted' as const, method: 'double_opt_in' as const });
const person = (facts: Partial<AttributionFacts>): AttributionFacts => ({ touchpoints: [], proofs: [], orders: [], ...facts });

/** The day rows the counters hold for one campaign after these contacts' contributions, plus mails sent per day. */
function dayRowsOf(campaignId: string, shares: readonly Applied[], mailsSent: Record<string, number> = {}): CounterRows['days'] {
  const days = new Map<string, Record<string, number>>();
  const add = (day: string, name: string, amount: number) => {
    const counters = days.get(day) ?? {};
    counters[name] = (counters[name] ?? 0) + amount;
    days.set(day, counters);
  };
  for (const share of shares) {
    for (const [key, amount] of Object.entries(share)) {
      const [campaign, day, , , name] = JSON.parse(key) as string[];
      if (campaign === campaignId && day && name) add(day, name, amount);
    }
  }
  for (const [day, sent] of Object.entries(mailsSent)) add(day, 'email_sent', sent);
  return [...days].map(([day, counters]) => ({ day, counters }));
}

// Anna: fair lead, confirmed, orders twice in EUR. Ben: fair first, then the ads; orders in USD.
// Cleo: ads only, never orders. Dora: both campaigns, ordered before any touch (an existing customer).
const shares = [
  person({
    touchpoints: [touch('t1', '2026-03-02T10:00:00Z', fair.id)],
    proofs: [doi('2026-03-02T10:05:00Z')],
    orders: [order('o1', '2026-03-05T09:00:00Z', 12_000), order('o2', '2026-03-20T09:00:00Z', 3_000)],
  }),
  person({
    touchpoints: [touch('t2', '2026-03-03T10:00:00Z', fair.id), touch('t3', '2026-03-21T10:00:00Z', ads.id)],
    orders: [order('o3', '2026-03-22T09:00:00Z', 50_000, 'USD')],
  }),
  person({ touchpoints: [touch('t4', '2026-03-21T11:00:00Z', ads.id)], proofs: [doi('2026-03-21T11:01:00Z')] }),
  person({
    touchpoints: [touch('t5', '2026-03-04T10:00:00Z', fair.id), touch('t6', '2026-03-25T10:00:00Z', ads.id)],
    orders: [order('o4', '2026-02-01T09:00:00Z', 9_000)],
  }),
].map(contributionsOf);
const rows = { fair: dayRowsOf(fair.id, shares, { '2026-03-10': 40 }), ads: dayRowsOf(ads.id, shares, { '2026-03-22': 7 }) };
const march: DayRange = { from: '2026-03-01', to: '2026-03-31' };

describe('dashboardFigures', () => {
  it('adds up what analytics says of each campaign under first touch, over the same days', () => {
    const figures = dashboardFigures([rows.fair, rows.ads], march, ['EUR']);
    const reports = [
      campaignReport(fair, { days: rows.fair, sources: [] }, march, 'first_touch'),
      campaignReport(ads, { days: rows.ads, sources: [] }, march, 'first_touch'),
    ];
    const sum = (figure: 'leads' | 'confirmed' | 'customers') => reports.reduce((total, report) => total + report[figure], 0);
    expect(figures).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-31',
      leads: sum('leads'),
      confirmed: sum('confirmed'),
      customers: sum('customers'),
      mailsSent: 47,
    });
    // By hand: leads fair 3 + ads 3; confirmed Anna (fair) and Cleo (ads); customers Anna and Ben, both the fair's first touch.
    expect(figures).toMatchObject({ leads: 6, confirmed: 2, customers: 2 });
    expect(figures.byDay.find((day) => day.day === '2026-03-21')).toEqual({ day: '2026-03-21', leads: 2, confirmed: 1, customers: 0, mailsSent: 0 });
  });

  it('keeps currencies apart: the one most revenue came in is the main one, the others are listed', () => {
    const figures = dashboardFigures([rows.fair, rows.ads], march, ['EUR']);
    expect(figures.currency).toBe('USD');
    expect(figures.revenueMinor).toBe(50_000);
    expect(figures.otherRevenue).toEqual([{ currency: 'EUR', revenueMinor: 15_000 }]);
  });

  it('lists every day of the range, quiet ones with zeros, and ignores rows outside it', () => {
    const figures = dashboardFigures([rows.fair, rows.ads], { from: '2026-03-20', to: '2026-03-22' });
    expect(figures.byDay.map((day) => day.day)).toEqual(['2026-03-20', '2026-03-21', '2026-03-22']);
    expect(figures.byDay[0]).toEqual({ day: '2026-03-20', leads: 0, confirmed: 0, customers: 0, mailsSent: 0 });
    expect(figures).toMatchObject({
      leads: 2,
      confirmed: 1,
      customers: 1,
      mailsSent: 7,
      currency: 'USD',
      revenueMinor: 50_000,
      otherRevenue: [{ currency: 'EUR', revenueMinor: 3_000 }],
    });
  });

  it('names the currency most campaigns use when nothing was earned, and none when no campaign names one', () => {
    const quiet: DayRange = { from: '2026-04-01', to: '2026-04-02' };
    expect(dashboardFigures([rows.fair], quiet, ['CHF', 'EUR', 'CHF'])).toMatchObject({ currency: 'CHF', revenueMinor: 0, leads: 0 });
    const none = dashboardFigures([], quiet);
    expect(none.currency).toBeNull();
    expect(none).not.toHaveProperty('otherRevenue');
    expect(none.byDay).toHaveLength(2);
  });
});

describe('dashboardRange and dashboardQuery', () => {
  const today = new Date('2026-11-24T15:00:00Z');

  it('covers the last 30 days up to today by default, and the days asked for otherwise', () => {
    expect(dashboardRange({}, today)).toEqual({ from: '2026-10-26', to: '2026-11-24' });
    expect(dashboardRange({ to: '2026-01-31' }, today)).toEqual({ from: '2026-01-02', to: '2026-01-31' });
    expect(dashboardRange({ from: '2024-01-01', to: '2027-01-04' }, today)).toEqual({ from: '2024-01-01', to: '2027-01-04' });
  });

  it('refuses a reversed range and one longer than 1,100 days, naming query.from', () => {
    for (const query of [
      { from: '2026-11-25', to: '2026-11-24' },
      { from: '2024-01-01', to: '2027-01-05' },
    ]) {
      const error = (() => {
        try {
          dashboardRange(query, today);
        } catch (thrown) {
          return thrown;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['query.from']);
    }
  });

  it('names a day that is no day as query.from or query.to', () => {
    expect(() => parseWith(dashboardQuery, { from: '2026-02-30' }, 'query string', 'query')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'query.from' })] }),
    );
    expect(() => parseWith(dashboardQuery, { to: 'yesterday' }, 'query string', 'query')).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'query.to' })] }),
    );
  });
});
