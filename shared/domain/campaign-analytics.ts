import * as z from '#shared/zod';
import type { Campaign } from './campaign';
import type { ConsentProof, Touchpoint } from './contact';
import { ValidationError } from './errors';
import { MAIL_EVENT_KINDS } from './mailing';
import type { Order } from './order';

/**
 * Campaign analytics (API.md "Analytics", README "Analytics"): what one contact contributes to the
 * campaign counters, the per-contact delta that keeps the counters exact however often a change is
 * processed, and the report read back from the day counters.
 *
 * Attribution credits an outcome (a confirmed opt-in, a customer won, revenue) to one campaign touch:
 * the person's first campaign touch (`first_touch`) or their latest campaign touch at or before the
 * outcome (`last_touch`). A touch after the outcome never earns credit: an order placed before the
 * fair is not the fair's.
 */

export const ATTRIBUTION_MODELS = ['first_touch', 'last_touch'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

const MODEL_KEY: Record<AttributionModel, string> = { first_touch: 'ft', last_touch: 'lt' };

/** A source or medium that names no value in the counters' keys. */
export const NO_MEDIUM = '(none)';
/** Sources and media are cut to this length in the counters, so a crafted `utm_source` cannot bloat a key. */
const MAX_DIMENSION_LENGTH = 100;
/** The longest range one report covers (three years and a bit): a bounded read. */
export const MAX_RANGE_DAYS = 1100;

export const metric = {
  leads: 'leads',
  newContacts: 'newContacts',
  confirmed: (model: AttributionModel) => `confirmed_${MODEL_KEY[model]}`,
  customers: (model: AttributionModel) => `customers_${MODEL_KEY[model]}`,
  revenue: (model: AttributionModel, currency: string) => `revenue_${MODEL_KEY[model]}_${currency}`,
  email: (kind: string) => `email_${kind}`,
} as const;

/** What attribution reads of a contact: touches, consent proofs and orders from its partition. */
export interface AttributionFacts {
  touchpoints: ReadonlyArray<Pick<Touchpoint, 'id' | 'at' | 'campaignId' | 'source' | 'medium'>>;
  proofs: ReadonlyArray<Pick<ConsentProof, 'at' | 'status' | 'method'>>;
  orders: ReadonlyArray<Pick<Order, 'orderId' | 'orderedAt' | 'amountMinor' | 'currency'>>;
}

/** One counter row: a campaign's figures for one UTC day and one source/medium. */
export interface StatsRowKey {
  campaignId: string;
  day: string;
  source: string;
  medium: string;
}

/** A contact's share of the counters: counter key → amount (see {@link appliedKey}). */
export type Applied = Record<string, number>;

/** The key of one counter in a contact's applied map: row and metric, unambiguous whatever they contain. */
export function appliedKey(row: StatsRowKey, name: string): string {
  return JSON.stringify([row.campaignId, row.day, row.source, row.medium, name]);
}

function parseAppliedKey(key: string): { row: StatsRowKey; name: string } {
  const [campaignId, day, source, medium, name] = JSON.parse(key) as string[];
  return { row: { campaignId: campaignId ?? '', day: day ?? '', source: source ?? '', medium: medium ?? '' }, name: name ?? '' };
}

const dayOf = (at: string): string => new Date(at).toISOString().slice(0, 10);
const dimension = (value: string | undefined, fallback: string): string => (value?.trim() || fallback).slice(0, MAX_DIMENSION_LENGTH);

type CampaignTouch = AttributionFacts['touchpoints'][number] & { campaignId: string };

function byTime<T>(at: (item: T) => string, id: (item: T) => string) {
  return (a: T, b: T) => at(a).localeCompare(at(b)) || id(a).localeCompare(id(b));
}

/** The touch credited with an outcome at `at` under `model`, if any. */
export function creditedTouch(campaignTouches: readonly CampaignTouch[], model: AttributionModel, at: string): CampaignTouch | undefined {
  if (model === 'first_touch') {
    const first = campaignTouches[0];
    return first && first.at <= at ? first : undefined;
  }
  return campaignTouches.findLast((touch) => touch.at <= at);
}

/**
 * Everything one contact contributes to the campaign counters, computed from its stored facts only, so
 * the same facts always give the same contributions (retries, replays and rebuilds agree):
 * - `leads`: once per person and campaign, on the day of their first touch with that campaign;
 * - `newContacts`: once per person, for the campaign of their very first touch (any touch);
 * - `confirmed`: the person's first confirmed double opt-in, credited per model;
 * - `customers`: the person's first order, credited per model when it came at or after the touch;
 * - `revenue`: every order, credited per model to the touch at or before it, per currency.
 */
export function contributionsOf(facts: AttributionFacts): Applied {
  const applied: Applied = {};
  const add = (touch: Pick<CampaignTouch, 'campaignId' | 'source' | 'medium'>, at: string, name: string, amount: number) => {
    const key = appliedKey(
      { campaignId: touch.campaignId, day: dayOf(at), source: dimension(touch.source, 'direct'), medium: dimension(touch.medium, NO_MEDIUM) },
      name,
    );
    applied[key] = (applied[key] ?? 0) + amount;
  };
  const touches = [...facts.touchpoints]
    .filter((touch) => !Number.isNaN(Date.parse(touch.at)))
    .sort(
      byTime(
        (t) => t.at,
        (t) => t.id,
      ),
    );
  const campaignTouches = touches.filter((touch): touch is CampaignTouch => typeof touch.campaignId === 'string' && touch.campaignId !== '');

  const seen = new Set<string>();
  for (const touch of campaignTouches) {
    if (seen.has(touch.campaignId)) continue;
    seen.add(touch.campaignId);
    add(touch, touch.at, metric.leads, 1);
  }
  const first = touches[0];
  if (first?.campaignId) add(first as CampaignTouch, first.at, metric.newContacts, 1);

  const confirmation = facts.proofs
    .filter((proof) => proof.status === 'granted' && proof.method === 'double_opt_in')
    .map((proof) => proof.at)
    .sort()[0];
  const orders = [...facts.orders].sort(
    byTime(
      (o) => o.orderedAt,
      (o) => o.orderId,
    ),
  );
  for (const model of ATTRIBUTION_MODELS) {
    if (confirmation) {
      const touch = creditedTouch(campaignTouches, model, confirmation);
      if (touch) add(touch, confirmation, metric.confirmed(model), 1);
    }
    const firstOrder = orders[0];
    if (firstOrder) {
      const touch = creditedTouch(campaignTouches, model, firstOrder.orderedAt);
      if (touch) add(touch, firstOrder.orderedAt, metric.customers(model), 1);
    }
    for (const order of orders) {
      const touch = creditedTouch(campaignTouches, model, order.orderedAt);
      if (touch && order.amountMinor > 0) add(touch, order.orderedAt, metric.revenue(model, order.currency), order.amountMinor);
    }
  }
  return applied;
}

/** The counter changes that move the stored counters from `previous` to `next`, one entry per row. */
export function countersDelta(previous: Applied, next: Applied): Array<{ row: StatsRowKey; changes: Record<string, number> }> {
  const rows = new Map<string, { row: StatsRowKey; changes: Record<string, number> }>();
  for (const key of new Set([...Object.keys(previous), ...Object.keys(next)])) {
    const change = (next[key] ?? 0) - (previous[key] ?? 0);
    if (change === 0) continue;
    const { row, name } = parseAppliedKey(key);
    const rowKey = JSON.stringify([row.campaignId, row.day, row.source, row.medium]);
    const entry = rows.get(rowKey) ?? { row, changes: {} };
    entry.changes[name] = change;
    rows.set(rowKey, entry);
  }
  return [...rows.values()];
}

// ---------------------------------------------------------------------------------------------------
// Reading: a campaign's report from its day rows

/** `2026-11-24`: a real calendar day. */
export const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a day such as 2026-11-24', abort: true })
  .refine((value) => !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().slice(0, 10) === value, 'must be a real calendar day');

/** `?from=&to=&attribution=`: both days inclusive, UTC. */
export const analyticsQuery = z.object({
  from: isoDay.optional(),
  to: isoDay.optional(),
  attribution: z.enum(ATTRIBUTION_MODELS).default('first_touch'),
});
export type AnalyticsQuery = z.infer<typeof analyticsQuery>;

export interface DayRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
/** The day `days` after `day` (before, when negative). */
export const addDays = (day: string, days: number): string => new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The days a report covers: as asked, else from the campaign's start (or creation) to today, at most
 * {@link MAX_RANGE_DAYS}. Throws a {@link ValidationError} naming the bad bound.
 */
export function reportRange(query: Pick<AnalyticsQuery, 'from' | 'to'>, campaign: Pick<Campaign, 'startsAt' | 'createdAt'> | undefined, today: Date): DayRange {
  const to = query.to ?? today.toISOString().slice(0, 10);
  const start = campaign ? dayOf(campaign.startsAt ?? campaign.createdAt) : addDays(to, -364);
  const from = query.from ?? (start <= to ? (daysBetween(start, to) < MAX_RANGE_DAYS ? start : addDays(to, -(MAX_RANGE_DAYS - 1))) : to);
  return checkedRange({ from, to });
}

/** The range as it is, or a {@link ValidationError} naming `query.from` when it is reversed or longer than {@link MAX_RANGE_DAYS}. */
export function checkedRange(range: DayRange): DayRange {
  if (range.from > range.to) throw new ValidationError('The range is not valid', [{ path: 'query.from', message: 'must not be after to' }]);
  if (daysBetween(range.from, range.to) >= MAX_RANGE_DAYS)
    throw new ValidationError('The range is not valid', [{ path: 'query.from', message: `must be at most ${MAX_RANGE_DAYS} days before to` }]);
  return range;
}

/** The counter rows a report reads: day totals, and source/medium rows that cover the range exactly. */
export interface CounterRows {
  /** One per day with anything counted: e-mail funnel and attribution totals. */
  days: Array<{ day: string; counters: Record<string, number> }>;
  /** Month rows for the range's whole months, day rows for the days at its edges. */
  sources: Array<{ source: string; medium: string; counters: Record<string, number> }>;
}

/**
 * Which source/medium rows cover `range` exactly: the whole calendar months inside it (month rows),
 * and the days before the first and after the last of them (day rows).
 */
export function sourceReads(range: DayRange): { months?: { from: string; to: string }; days: DayRange[] } {
  const firstWhole = range.from.endsWith('-01') ? range.from.slice(0, 7) : monthAfter(range.from.slice(0, 7));
  const lastWhole = addDays(range.to, 1).endsWith('-01') ? range.to.slice(0, 7) : monthBefore(range.to.slice(0, 7));
  if (firstWhole > lastWhole) return { days: [range] };
  const days: DayRange[] = [];
  if (`${firstWhole}-01` > range.from) days.push({ from: range.from, to: addDays(`${firstWhole}-01`, -1) });
  const afterLast = `${monthAfter(lastWhole)}-01`;
  if (afterLast <= range.to) days.push({ from: afterLast, to: range.to });
  return { months: { from: firstWhole, to: lastWhole }, days };
}

function monthAfter(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
}

function monthBefore(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, '0')}`;
}

export type EmailFunnel = Record<'sent' | (typeof MAIL_EVENT_KINDS)[number], number>;

export interface OutcomeFigures {
  leads: number;
  newContacts: number;
  confirmed: number;
  customers: number;
  revenueMinor: number;
}

export interface CampaignReport extends OutcomeFigures {
  campaignId: string;
  name: string;
  code: string;
  channel: string;
  from: string;
  to: string;
  attribution: AttributionModel;
  /** The currency of `revenueMinor`, `costMinor` and `costPerLead`: the campaign's, else the one most revenue came in. */
  currency: string | null;
  /** Revenue in currencies other than `currency`, which are never added together. */
  otherRevenue: Array<{ currency: string; revenueMinor: number }>;
  costMinor: number | null;
  costPerLead: number | null;
  conversionRate: number | null;
  email: EmailFunnel;
  bySource: Array<{ source: string; medium: string } & OutcomeFigures>;
  byDay: Array<{ day: string } & OutcomeFigures & { email: EmailFunnel }>;
}

const EMAIL_KINDS = ['sent', ...MAIL_EVENT_KINDS] as const;

function emptyFunnel(): EmailFunnel {
  return Object.fromEntries(EMAIL_KINDS.map((kind) => [kind, 0])) as EmailFunnel;
}

const OUTCOME_KEYS = ['leads', 'newContacts', 'confirmed', 'customers', 'revenueMinor'] as const satisfies ReadonlyArray<keyof OutcomeFigures>;

function emptyOutcomes(): OutcomeFigures {
  return { leads: 0, newContacts: 0, confirmed: 0, customers: 0, revenueMinor: 0 };
}

/** The share of the campaign's cost that falls into the range: spread evenly over its run when it has one. */
export function costInRange(campaign: Pick<Campaign, 'costMinor' | 'startsAt' | 'endsAt'>, range: DayRange): number | null {
  if (campaign.costMinor === undefined) return null;
  if (!campaign.startsAt || !campaign.endsAt) return campaign.costMinor;
  const start = dayOf(campaign.startsAt);
  const end = dayOf(campaign.endsAt);
  const runDays = daysBetween(start, end) + 1;
  // Day strings (YYYY-MM-DD) compare as text; Math.min/max would not.
  // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
  const overlapFrom = start > range.from ? start : range.from;
  // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
  const overlapTo = end < range.to ? end : range.to;
  const overlap = Math.max(0, daysBetween(overlapFrom, overlapTo) + 1);
  return Math.round((campaign.costMinor * overlap) / runDays);
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/**
 * A campaign's report over `range` under `model`, from its counter rows of those days. Every day of the
 * range is listed, quiet ones with zeros.
 */
export function campaignReport(campaign: Campaign, rows: CounterRows, range: DayRange, model: AttributionModel): CampaignReport {
  const dayRows = rows.days.filter((row) => row.day >= range.from && row.day <= range.to);
  const revenueByCurrency = new Map<string, number>();
  const revenuePrefix = `revenue_${MODEL_KEY[model]}_`;
  for (const row of dayRows) {
    for (const [name, value] of Object.entries(row.counters)) {
      if (!name.startsWith(revenuePrefix)) continue;
      const code = name.slice(revenuePrefix.length);
      revenueByCurrency.set(code, (revenueByCurrency.get(code) ?? 0) + value);
    }
  }
  const currency = campaign.currency ?? [...revenueByCurrency].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
  const outcomesOf = (counters: Record<string, number>): OutcomeFigures => ({
    leads: counters[metric.leads] ?? 0,
    newContacts: counters[metric.newContacts] ?? 0,
    confirmed: counters[metric.confirmed(model)] ?? 0,
    customers: counters[metric.customers(model)] ?? 0,
    revenueMinor: currency ? (counters[metric.revenue(model, currency)] ?? 0) : 0,
  });
  const addOutcomes = (into: OutcomeFigures, more: OutcomeFigures) => {
    for (const key of OUTCOME_KEYS) into[key] += more[key];
  };
  const addFunnel = (into: EmailFunnel, counters: Record<string, number>) => {
    for (const kind of EMAIL_KINDS) into[kind] += counters[metric.email(kind)] ?? 0;
  };

  const days = new Map<string, { day: string } & OutcomeFigures & { email: EmailFunnel }>();
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.set(day, { day, ...emptyOutcomes(), email: emptyFunnel() });
  const total = emptyOutcomes();
  const email = emptyFunnel();
  for (const row of dayRows) {
    const perDay = days.get(row.day);
    if (!perDay) continue;
    const outcomes = outcomesOf(row.counters);
    addOutcomes(total, outcomes);
    addOutcomes(perDay, outcomes);
    addFunnel(email, row.counters);
    addFunnel(perDay.email, row.counters);
  }
  const sources = new Map<string, { source: string; medium: string } & OutcomeFigures>();
  for (const row of rows.sources) {
    const key = JSON.stringify([row.source, row.medium]);
    const perSource = sources.get(key) ?? { source: row.source, medium: row.medium, ...emptyOutcomes() };
    addOutcomes(perSource, outcomesOf(row.counters));
    sources.set(key, perSource);
  }
  const costMinor = costInRange(campaign, range);
  return {
    campaignId: campaign.id,
    name: campaign.name,
    code: campaign.code,
    channel: campaign.channel,
    from: range.from,
    to: range.to,
    attribution: model,
    ...total,
    currency,
    otherRevenue: [...revenueByCurrency]
      .filter(([code, value]) => code !== currency && value !== 0)
      .map(([code, value]) => ({ currency: code, revenueMinor: value }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
    costMinor,
    costPerLead: costMinor !== null && total.leads > 0 ? Math.round(costMinor / total.leads) : null,
    conversionRate: ratio(total.customers, total.leads),
    email,
    bySource: [...sources.values()]
      .filter((entry) => entry.leads + entry.newContacts + entry.confirmed + entry.customers + entry.revenueMinor > 0)
      .sort((a, b) => b.leads - a.leads || b.revenueMinor - a.revenueMinor || a.source.localeCompare(b.source) || a.medium.localeCompare(b.medium)),
    byDay: [...days.values()],
  };
}

/** A campaign's headline figures, for the list that compares campaigns. */
export type CampaignSummary = Omit<CampaignReport, 'bySource' | 'byDay'>;

export function summaryOf(report: CampaignReport): CampaignSummary {
  const { bySource: _bySource, byDay: _byDay, ...summary } = report;
  return summary;
}
