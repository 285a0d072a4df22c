import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { campaignListCsv, campaignReportCsv } from '#shared/domain/analytics-csv';
import {
  type Applied,
  analyticsQuery,
  type AttributionFacts,
  campaignReport,
  contributionsOf,
  costInRange,
  countersDelta,
  type CounterRows,
  type DayRange,
  reportRange,
  sourceReads,
  summaryOf,
} from '#shared/domain/campaign-analytics';
import type { Campaign } from '#shared/domain/campaign';
import { NotAcceptableError, ValidationError } from '#shared/domain/errors';
import { negotiate } from '#shared/http/negotiate';

const fair: Campaign = {
  id: 'c-fair',
  name: 'Hannover Messe 2026',
  code: 'hannover-messe-2026',
  channel: 'fair',
  startsAt: '2026-03-01T08:00:00Z',
  endsAt: '2026-03-10T18:00:00Z',
  costMinor: 100_000,
  currency: 'EUR',
  createdAt: '2026-02-01T00:00:00Z',
  updatedAt: '2026-02-01T00:00:00Z',
};
const ads: Campaign = {
  id: 'c-ads',
  name: 'Search ads spring',
  code: 'ads',
  channel: 'ad',
  createdAt: '2026-03-20T00:00:00Z',
  updatedAt: '2026-03-20T00:00:00Z',
};

const touch = (id: string, at: string, campaignId: string | undefined, source: string, medium?: string) => ({
  id,
  at,
  source,
  ...(campaignId ? { campaignId } : {}),
  ...(medium ? { medium } : {}),
});
const order = (orderId: string, orderedAt: string, amountMinor: number, currency = 'EUR') => ({ orderId, orderedAt, amountMinor, currency });
const doi = (at: string) => ({ at, status: 'granted' as const, method: 'double_opt_in' as const });

/**
 * The scenario every expectation below is computed from by hand:
 * - Anna: fair form 03-02, confirms 03-03, clicks an ad 04-01, orders 04-05 (500 €) and 05-01 (200 €).
 * - Ben: an existing customer (ERP order 02-01, 100 €, no campaign), imported from the ad list 04-02,
 *   orders 04-10 (300 €).
 * - Cleo: scanned at the fair twice (03-05 and 03-07, the second an import), never confirms or orders.
 */
const people: Record<string, AttributionFacts> = {
  anna: {
    touchpoints: [touch('t1', '2026-03-02T10:00:00.000Z', 'c-fair', 'hannover-messe'), touch('t2', '2026-04-01T09:00:00.000Z', 'c-ads', 'google', 'cpc')],
    proofs: [{ at: '2026-03-02T10:00:00.000Z', status: 'pending', method: 'double_opt_in' }, doi('2026-03-03T08:00:00.000Z')],
    orders: [order('o1', '2026-04-05T12:00:00.000Z', 50_000), order('o2', '2026-05-01T12:00:00.000Z', 20_000)],
  },
  ben: {
    touchpoints: [touch('t3', '2026-02-01T09:00:00.000Z', undefined, 'erp'), touch('t4', '2026-04-02T09:00:00.000Z', 'c-ads', 'partner-list', 'import')],
    proofs: [],
    orders: [order('o3', '2026-02-01T09:00:00.000Z', 10_000), order('o4', '2026-04-10T12:00:00.000Z', 30_000)],
  },
  cleo: {
    touchpoints: [
      touch('t5', '2026-03-05T11:00:00.000Z', 'c-fair', 'hannover-messe'),
      touch('t6', '2026-03-07T11:00:00.000Z', 'c-fair', 'hannover-messe', 'import'),
    ],
    proofs: [{ at: '2026-03-05T11:00:00.000Z', status: 'granted', method: 'import' }],
    orders: [],
  },
};

type MailDay = CounterRows['days'][number];

/** What a report over `range` reads after every contact's contributions were added (as the repository keeps them). */
function rowsOf(campaignId: string, shares: Applied[], range: DayRange, mailDays: MailDay[] = []): CounterRows {
  const days = new Map<string, MailDay>();
  const sources = new Map<string, CounterRows['sources'][number]>();
  const add = (into: Record<string, number>, changes: Record<string, number>) => {
    for (const [name, change] of Object.entries(changes)) into[name] = (into[name] ?? 0) + change;
  };
  for (const { row, changes } of shares.flatMap((share) => countersDelta({}, share))) {
    if (row.campaignId !== campaignId || row.day < range.from || row.day > range.to) continue;
    const day = days.get(row.day) ?? { day: row.day, counters: {} };
    add(day.counters, changes);
    days.set(row.day, day);
    const key = `${row.source}#${row.medium}`;
    const source = sources.get(key) ?? { source: row.source, medium: row.medium, counters: {} };
    add(source.counters, changes);
    sources.set(key, source);
  }
  for (const mail of mailDays.filter((mail) => mail.day >= range.from && mail.day <= range.to)) {
    const day = days.get(mail.day) ?? { day: mail.day, counters: {} };
    add(day.counters, mail.counters);
    days.set(mail.day, day);
  }
  return { days: [...days.values()], sources: [...sources.values()] };
}

const shares = Object.values(people).map(contributionsOf);
const spring = { from: '2026-01-01', to: '2026-06-30' };

describe('campaign figures on the hand-computed scenario', () => {
  it("first touch: the fair gets Anna as customer and all her revenue; the ads get Ben's later order", () => {
    const fairReport = campaignReport(fair, rowsOf('c-fair', shares, spring), spring, 'first_touch');
    expect(summaryOf(fairReport)).toMatchObject({
      leads: 2,
      newContacts: 2,
      confirmed: 1,
      customers: 1,
      revenueMinor: 70_000,
      currency: 'EUR',
      costMinor: 100_000,
      costPerLead: 50_000,
      conversionRate: 0.5,
    });
    const adsReport = campaignReport(ads, rowsOf('c-ads', shares, spring), spring, 'first_touch');
    // Ben was a customer before the ads (first order 02-01): revenue after the touch counts, the customer does not.
    expect(summaryOf(adsReport)).toMatchObject({
      leads: 2,
      newContacts: 0,
      confirmed: 0,
      customers: 0,
      revenueMinor: 30_000,
      currency: 'EUR',
      costMinor: null,
      costPerLead: null,
      conversionRate: 0,
    });
  });

  it("last touch: the ad click before Anna's first order wins her and her revenue; the confirmation stays with the fair", () => {
    const fairReport = campaignReport(fair, rowsOf('c-fair', shares, spring), spring, 'last_touch');
    expect(summaryOf(fairReport)).toMatchObject({ leads: 2, newContacts: 2, confirmed: 1, customers: 0, revenueMinor: 0, conversionRate: 0 });
    const adsReport = campaignReport(ads, rowsOf('c-ads', shares, spring), spring, 'last_touch');
    expect(summaryOf(adsReport)).toMatchObject({ leads: 2, customers: 1, revenueMinor: 100_000, conversionRate: 0.5 });
  });

  it('every outcome is credited once per model: totals over all campaigns are the same under both', () => {
    const total = (model: 'first_touch' | 'last_touch') =>
      [fair, ads]
        .map((campaign) => campaignReport(campaign, rowsOf(campaign.id, shares, spring), spring, model))
        .reduce((sum, report) => ({ confirmed: sum.confirmed + report.confirmed, customers: sum.customers + report.customers }), {
          confirmed: 0,
          customers: 0,
        });
    // Revenue differs on purpose: Ben's 02-01 order came before any campaign and is nobody's.
    expect(total('first_touch')).toEqual(total('last_touch'));
  });

  it('splits by source/medium and by day, listing quiet days with zeros', () => {
    const report = campaignReport(
      ads,
      rowsOf('c-ads', shares, { from: '2026-04-01', to: '2026-04-10' }),
      { from: '2026-04-01', to: '2026-04-10' },
      'last_touch',
    );
    expect(report.bySource).toEqual([
      { source: 'google', medium: 'cpc', leads: 1, newContacts: 0, confirmed: 0, customers: 1, revenueMinor: 50_000 },
      { source: 'partner-list', medium: 'import', leads: 1, newContacts: 0, confirmed: 0, customers: 0, revenueMinor: 30_000 },
    ]);
    expect(report.byDay).toHaveLength(10);
    expect(
      report.byDay
        .map((day) => [day.day, day.leads, day.customers, day.revenueMinor])
        .filter(([, leads, customers, revenue]) => Number(leads) + Number(customers) + Number(revenue) > 0),
    ).toEqual([
      ['2026-04-01', 1, 0, 0],
      ['2026-04-02', 1, 0, 0],
      ['2026-04-05', 0, 1, 50_000],
      ['2026-04-10', 0, 0, 30_000],
    ]);
  });

  it('counts the e-mail funnel from the mail rows of the days in range', () => {
    const mailRows: MailDay[] = [
      {
        day: '2026-04-03',
        counters: { email_sent: 100, email_delivered: 97, email_opened: 40, email_clicked: 12, email_bounced: 3, email_complained: 1, email_unsubscribed: 2 },
      },
      { day: '2026-07-01', counters: { email_sent: 50 } },
    ];
    const report = campaignReport(ads, rowsOf('c-ads', shares, spring, mailRows), spring, 'first_touch');
    expect(report.email).toEqual({ sent: 100, delivered: 97, opened: 40, clicked: 12, bounced: 3, complained: 1, unsubscribed: 2 });
    expect(report.byDay.find((day) => day.day === '2026-04-03')?.email.opened).toBe(40);
  });

  it("range edges: both days included, a day outside excluded, the cost spread over the campaign's days", () => {
    // 03-02 (Anna) is in, 03-05 (Cleo) is out; four of the fair's ten days.
    const report = campaignReport(
      fair,
      rowsOf('c-fair', shares, { from: '2026-03-01', to: '2026-03-04' }),
      { from: '2026-03-01', to: '2026-03-04' },
      'first_touch',
    );
    expect(summaryOf(report)).toMatchObject({ leads: 1, confirmed: 1, costMinor: 40_000, costPerLead: 40_000 });
    expect(
      campaignReport(fair, rowsOf('c-fair', shares, { from: '2026-03-05', to: '2026-03-05' }), { from: '2026-03-05', to: '2026-03-05' }, 'first_touch').leads,
    ).toBe(1);
    expect(
      campaignReport(fair, rowsOf('c-fair', shares, { from: '2026-03-03', to: '2026-03-04' }), { from: '2026-03-03', to: '2026-03-04' }, 'first_touch').leads,
    ).toBe(0);
  });
});

describe('contributionsOf', () => {
  it('gives the same contributions whatever order the facts arrive in', () => {
    const reversed: AttributionFacts = {
      touchpoints: [...people.anna!.touchpoints].reverse(),
      proofs: [...people.anna!.proofs].reverse(),
      orders: [...people.anna!.orders].reverse(),
    };
    expect(contributionsOf(reversed)).toEqual(contributionsOf(people.anna!));
  });

  it('moves first-touch credit when an earlier touch is imported later, and the delta takes it back from the old campaign', () => {
    const before = contributionsOf(people.anna!);
    const withEarlierAd = contributionsOf({
      ...people.anna!,
      touchpoints: [...people.anna!.touchpoints, touch('t0', '2026-02-20T09:00:00.000Z', 'c-ads', 'google', 'cpc')],
    });
    const delta = countersDelta(before, withEarlierAd);
    const moved = (campaignId: string, name: string) =>
      delta.filter((entry) => entry.row.campaignId === campaignId).reduce((sum, entry) => sum + (entry.changes[name] ?? 0), 0);
    expect(moved('c-fair', 'newContacts')).toBe(-1);
    expect(moved('c-ads', 'newContacts')).toBe(1);
    expect(moved('c-fair', 'customers_ft')).toBe(-1);
    expect(moved('c-ads', 'customers_ft')).toBe(1);
    expect(moved('c-fair', 'revenue_ft_EUR')).toBe(-70_000);
    // Leads are per campaign, not per model: the ads' lead moves to its earlier day, the fair keeps its own.
    expect(moved('c-ads', 'leads')).toBe(0);
    expect(moved('c-fair', 'leads')).toBe(0);
    expect(countersDelta(withEarlierAd, withEarlierAd)).toEqual([]);
  });

  it('keeps currencies apart and reports the others beside the campaign currency', () => {
    const share = contributionsOf({
      touchpoints: [touch('t1', '2026-03-02T10:00:00.000Z', 'c-fair', 'fair')],
      proofs: [],
      orders: [order('o1', '2026-03-04T00:00:00.000Z', 1_000), order('o2', '2026-03-05T00:00:00.000Z', 700, 'CHF')],
    });
    const report = campaignReport(fair, rowsOf('c-fair', [share], spring), spring, 'first_touch');
    expect(report.revenueMinor).toBe(1_000);
    expect(report.otherRevenue).toEqual([{ currency: 'CHF', revenueMinor: 700 }]);
  });

  it('cuts a crafted source to 100 characters and gives a touch without medium "(none)"', () => {
    const share = contributionsOf({ touchpoints: [touch('t1', '2026-03-02T10:00:00.000Z', 'c-fair', 'x'.repeat(5000))], proofs: [], orders: [] });
    const [entry] = countersDelta({}, share);
    expect(entry?.row.source).toHaveLength(100);
    expect(entry?.row.medium).toBe('(none)');
  });
});

describe('sourceReads', () => {
  it.each([
    ['a calendar year: twelve month rows, no day rows', { from: '2026-01-01', to: '2026-12-31' }, { months: { from: '2026-01', to: '2026-12' }, days: [] }],
    [
      'mid-March to early June: April and May whole, the edges by day',
      { from: '2026-03-15', to: '2026-06-10' },
      {
        months: { from: '2026-04', to: '2026-05' },
        days: [
          { from: '2026-03-15', to: '2026-03-31' },
          { from: '2026-06-01', to: '2026-06-10' },
        ],
      },
    ],
    ['inside one month: days only', { from: '2026-03-05', to: '2026-03-20' }, { days: [{ from: '2026-03-05', to: '2026-03-20' }] }],
    [
      'over a year end, February of a leap year whole',
      { from: '2027-12-31', to: '2028-02-29' },
      { months: { from: '2028-01', to: '2028-02' }, days: [{ from: '2027-12-31', to: '2027-12-31' }] },
    ],
    ['one day', { from: '2026-02-28', to: '2026-02-28' }, { days: [{ from: '2026-02-28', to: '2026-02-28' }] }],
  ])('%s', (_, range, expected) => {
    expect(sourceReads(range)).toEqual(expected);
  });

  it('covers every day of any range exactly once', () => {
    for (const [from, to] of [
      ['2026-01-31', '2026-03-01'],
      ['2025-11-02', '2027-01-30'],
      ['2026-04-01', '2026-04-30'],
    ] as const) {
      const reads = sourceReads({ from, to });
      const covered: string[] = [];
      for (let day: string = from; day <= to; day = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10)) {
        const byMonth = reads.months && day.slice(0, 7) >= reads.months.from && day.slice(0, 7) <= reads.months.to ? 1 : 0;
        const byDay = reads.days.filter((part) => day >= part.from && day <= part.to).length;
        covered.push(`${day}:${byMonth + byDay}`);
      }
      expect(covered.every((entry) => entry.endsWith(':1'))).toBe(true);
    }
  });
});

describe('reportRange and analyticsQuery', () => {
  const today = new Date('2026-11-24T12:00:00Z');

  it("defaults to the campaign's start up to today", () => {
    expect(reportRange({}, fair, today)).toEqual({ from: '2026-03-01', to: '2026-11-24' });
    expect(reportRange({ to: '2026-03-31' }, fair, today)).toEqual({ from: '2026-03-01', to: '2026-03-31' });
  });

  it('refuses a range that runs backwards or spans more than 1,100 days, naming query.from', () => {
    for (const query of [
      { from: '2026-05-02', to: '2026-05-01' },
      { from: '2020-01-01', to: '2026-01-01' },
    ]) {
      const error = (() => {
        try {
          reportRange(query, fair, today);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe('query.from');
    }
  });

  it.each([
    ['from', '2026-02-30'],
    ['from', '2026-3-1'],
    ['to', "2026-01-01' OR 1=1"],
    ['attribution', 'linear'],
  ])('names %s when it is %s', (field, value) => {
    const result = analyticsQuery.safeParse({ [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });

  it("spreads cost only over the campaign's own days, and counts it whole without them", () => {
    expect(costInRange(fair, { from: '2026-01-01', to: '2026-12-31' })).toBe(100_000);
    expect(costInRange(fair, { from: '2026-03-10', to: '2026-04-30' })).toBe(10_000);
    expect(costInRange(fair, { from: '2026-04-01', to: '2026-04-30' })).toBe(0);
    expect(costInRange({ costMinor: 5_000 }, { from: '2026-04-01', to: '2026-04-01' })).toBe(5_000);
  });
});

describe('CSV', () => {
  const report = campaignReport(
    { ...fair, name: '=HYPERLINK("http://evil")' },
    rowsOf('c-fair', shares, { from: '2026-03-01', to: '2026-03-07' }),
    { from: '2026-03-01', to: '2026-03-07' },
    'first_touch',
  );

  it('parses with a standard CSV parser into a total row, one row per day and one per source', () => {
    const records = parse(campaignReportCsv(report), { columns: true }) as Array<Record<string, string>>;
    expect(records.filter((record) => record.dimension === 'total')).toEqual([
      expect.objectContaining({ leads: '2', confirmed: '1', costMinor: String(report.costMinor), currency: 'EUR', attribution: 'first_touch' }),
    ]);
    expect(records.filter((record) => record.dimension === 'day').map((record) => record.day)).toEqual(report.byDay.map((day) => day.day));
    expect(records.filter((record) => record.dimension === 'source')).toEqual([
      expect.objectContaining({ source: 'hannover-messe', medium: '(none)', leads: '2' }),
    ]);
  });

  it('defuses cells a spreadsheet would run as a formula, and quotes commas and quotes', () => {
    const csv = campaignListCsv([summaryOf(report), { ...summaryOf(report), name: 'Messe, "Halle 3" – Köln' }]);
    const records = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(records[0]?.name).toBe('\'=HYPERLINK("http://evil")');
    expect(records[1]?.name).toBe('Messe, "Halle 3" – Köln');
  });
});

describe('negotiate', () => {
  const offers = ['application/json', 'text/csv'] as const;
  const accept = (value?: string) => ({ headers: value === undefined ? {} : { accept: value } });

  it.each([
    [undefined, 'application/json'],
    ['*/*', 'application/json'],
    ['text/csv', 'text/csv'],
    ['text/*', 'text/csv'],
    ['application/json;q=0.5, text/csv', 'text/csv'],
    ['text/csv;q=0.1, */*;q=0.8', 'application/json'],
    ['TEXT/CSV; charset=utf-8', 'text/csv'],
  ])('Accept %s gives %s', (value, expected) => {
    expect(negotiate(accept(value), offers)).toBe(expected);
  });

  it('refuses what it cannot offer with a 406 error', () => {
    expect(() => negotiate(accept('application/xml'), offers)).toThrow(NotAcceptableError);
    expect(() => negotiate(accept('text/csv;q=0'), offers)).toThrow(NotAcceptableError);
  });
});
