import * as z from '#shared/zod';
import { addDays, checkedRange, type CounterRows, type DayRange, isoDay, metric } from './campaign-analytics';

/**
 * The console's dashboard figures over all campaigns (API.md "Additions → Console"): the campaigns'
 * day counters added up under the first-touch model. Each confirmation, customer and order is
 * credited to at most one campaign under it, so those figures add up across campaigns; `leads`
 * counts each person once per campaign (as analytics does), so a person brought by two campaigns is
 * two leads.
 */

/** Days the dashboard covers when no `from` is given: today and the 29 before. */
export const DASHBOARD_DEFAULT_DAYS = 30;

/** `?from=&to=`: UTC days, both included. */
export const dashboardQuery = z.object({ from: isoDay.optional(), to: isoDay.optional() });
export type DashboardQuery = z.infer<typeof dashboardQuery>;

/** The days asked for, by default the last 30 up to today; at most 1,100 (a bad range names `query.from`). */
export function dashboardRange(query: DashboardQuery, today: Date): DayRange {
  const to = query.to ?? today.toISOString().slice(0, 10);
  return checkedRange({ from: query.from ?? addDays(to, -(DASHBOARD_DEFAULT_DAYS - 1)), to });
}

export interface DashboardDay {
  day: string;
  leads: number;
  confirmed: number;
  customers: number;
  mailsSent: number;
}

export interface DashboardFigures {
  from: string;
  to: string;
  leads: number;
  confirmed: number;
  customers: number;
  /** Revenue in `currency` (minor units); revenue in other currencies is in `otherRevenue`, never added. */
  revenueMinor: number;
  currency: string | null;
  otherRevenue?: Array<{ currency: string; revenueMinor: number }>;
  mailsSent: number;
  /** Every day of the range, quiet ones with zeros. */
  byDay: DashboardDay[];
}

const MODEL = 'first_touch';
const REVENUE_PREFIX = metric.revenue(MODEL, '');

/** The currency named most often among the campaigns, ties by code; null when none names one. */
function mostNamed(currencies: readonly string[]): string | null {
  const named = new Map<string, number>();
  for (const code of currencies) named.set(code, (named.get(code) ?? 0) + 1);
  return [...named].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/**
 * The dashboard figures from every campaign's day rows over `range`. The main currency is the one most
 * revenue came in; without revenue, the one most campaigns name (`campaignCurrencies`).
 */
export function dashboardFigures(
  dayRowsPerCampaign: ReadonlyArray<CounterRows['days']>,
  range: DayRange,
  campaignCurrencies: readonly string[] = [],
): DashboardFigures {
  const days = new Map<string, DashboardDay>();
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.set(day, { day, leads: 0, confirmed: 0, customers: 0, mailsSent: 0 });
  const revenue = new Map<string, number>();
  for (const rows of dayRowsPerCampaign) {
    for (const row of rows) {
      const perDay = days.get(row.day);
      if (!perDay) continue;
      perDay.leads += row.counters[metric.leads] ?? 0;
      perDay.confirmed += row.counters[metric.confirmed(MODEL)] ?? 0;
      perDay.customers += row.counters[metric.customers(MODEL)] ?? 0;
      perDay.mailsSent += row.counters[metric.email('sent')] ?? 0;
      for (const [name, value] of Object.entries(row.counters)) {
        if (!name.startsWith(REVENUE_PREFIX)) continue;
        const code = name.slice(REVENUE_PREFIX.length);
        revenue.set(code, (revenue.get(code) ?? 0) + value);
      }
    }
  }
  const earned = [...revenue].filter(([, value]) => value !== 0);
  const currency = earned.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? mostNamed(campaignCurrencies);
  const otherRevenue = earned
    .filter(([code]) => code !== currency)
    .map(([code, value]) => ({ currency: code, revenueMinor: value }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
  const byDay = [...days.values()];
  const total = (figure: Exclude<keyof DashboardDay, 'day'>) => byDay.reduce((sum, day) => sum + day[figure], 0);
  return {
    from: range.from,
    to: range.to,
    leads: total('leads'),
    confirmed: total('confirmed'),
    customers: total('customers'),
    revenueMinor: currency ? (revenue.get(currency) ?? 0) : 0,
    currency,
    ...(otherRevenue.length > 0 ? { otherRevenue } : {}),
    mailsSent: total('mailsSent'),
    byDay,
  };
}
