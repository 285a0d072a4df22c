import * as z from '#shared/zod';
import { segmentRule } from './segment';
import { compileRule, type RuleNode, type SegmentFacts } from './segment-rule';

/**
 * The scorable events (README, "Lead scoring"): what a rule with `event` awards points for, and the
 * bus event each comes from.
 * - `form_submitted`: `lead.captured` with a `formId` (a web-form submission)
 * - `imported`: `lead.captured` with an `importId` (a row of an import)
 * - `email_opened` / `email_clicked`: `email.opened` / `email.clicked` (the first of each per mail)
 * - `order_placed`: `order.recorded` (an order recorded over HTTP or from the ERP's `order.placed`)
 * - `activity_logged`: `activity.logged` (a call, meeting, note, visit or email logged on the contact)
 * - `consent_granted`: `consent.granted`
 */
export const SCORING_EVENTS = ['form_submitted', 'imported', 'email_opened', 'email_clicked', 'order_placed', 'activity_logged', 'consent_granted'] as const;
export type ScoringEvent = (typeof SCORING_EVENTS)[number];

/** Limits of a rule set. */
export const SCORING_LIMITS = { rules: 50, points: 10_000, maxTimes: 1_000, perDays: 3_650, qualifyAt: 1_000_000 } as const;

/**
 * One scoring rule: points for an event (`event`), or while a rule on the contact's facts holds
 * (`rule`, a segment rule tree). `maxTimes` within `perDays` caps how often an event rule awards
 * its points (a sliding window of `perDays` days before each event).
 *
 * @example { "id": "clicks", "event": "email_clicked", "points": 5, "maxTimes": 3, "perDays": 30 }
 * @example { "id": "buyer", "rule": { "field": "jobTitle", "op": "contains", "value": "Einkauf" }, "points": 15 }
 */
export const scoringRuleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1-64 lower-case letters, digits, ".", "_" or "-"'),
    event: z.enum(SCORING_EVENTS).optional(),
    rule: segmentRule.optional(),
    points: z.number().int('must be a whole number').min(-SCORING_LIMITS.points).max(SCORING_LIMITS.points),
    maxTimes: z.number().int('must be a whole number').min(1).max(SCORING_LIMITS.maxTimes).optional(),
    perDays: z.number().int('must be a whole number').min(1).max(SCORING_LIMITS.perDays).optional(),
  })
  .superRefine((rule, ctx) => {
    if ((rule.event === undefined) === (rule.rule === undefined))
      ctx.addIssue({ code: 'custom', path: ['event'], message: 'give exactly one of event or rule' });
    if (rule.rule !== undefined && (rule.maxTimes !== undefined || rule.perDays !== undefined))
      ctx.addIssue({ code: 'custom', path: [rule.maxTimes !== undefined ? 'maxTimes' : 'perDays'], message: 'applies to event rules only' });
    if (rule.maxTimes !== undefined && rule.perDays === undefined) ctx.addIssue({ code: 'custom', path: ['perDays'], message: 'is needed with maxTimes' });
    if (rule.perDays !== undefined && rule.maxTimes === undefined) ctx.addIssue({ code: 'custom', path: ['maxTimes'], message: 'is needed with perDays' });
  });
export type ScoringRule = z.infer<typeof scoringRuleSchema>;

/**
 * The scoring configuration (`PUT /v1/scoring`): the rules in order, the decay per month (points lose
 * this share for every full month since their event) and the qualification threshold.
 *
 * @example { "rules": [ { "id": "forms", "event": "form_submitted", "points": 20 },
 *   { "id": "clicks", "event": "email_clicked", "points": 5, "maxTimes": 3, "perDays": 30 } ],
 *   "decayPercentPerMonth": 10, "qualifyAt": 50 }
 */
export const scoringConfigSchema = z
  .strictObject({
    rules: z.array(scoringRuleSchema).max(SCORING_LIMITS.rules),
    decayPercentPerMonth: z.number().min(0, 'must not be negative').max(100, 'must be at most 100'),
    qualifyAt: z.number().int('must be a whole number').min(1).max(SCORING_LIMITS.qualifyAt),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.rules.forEach((rule, index) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `is used by another rule: ${rule.id}` });
      seen.add(rule.id);
    });
  });
export type ScoringConfigInput = z.infer<typeof scoringConfigSchema>;

/** The stored configuration: the input plus its version (it rides on every contact's score) and when it changed. */
export interface ScoringConfig extends ScoringConfigInput {
  version: number;
  updatedAt?: string;
}

/** No rules until someone saves some: nothing scores, nobody qualifies. */
export const DEFAULT_SCORING: ScoringConfig = { version: 0, rules: [], decayPercentPerMonth: 0, qualifyAt: 100 };

/**
 * One ledger entry: a scorable event as it happened (kind, what it refers to, a label to show, when),
 * claimed by the event's id. Points are not stored: they are derived from the rules, so a rules
 * change recomputes them.
 */
export interface ScoreEntry {
  eventId: string;
  /** A scorable event, or `adjustment`: points given outright (a journey's update step, a PATCH of `score`). */
  kind: ScoreEntryKind;
  /** An adjustment's own points (decayed like every other entry); other kinds take theirs from the rules. */
  points?: number;
  at: string;
  /** The form, import, mailing, order, activity or topic id. */
  ref?: string;
  /** What to show: the form's or mailing's name, the order id, the activity type, the topic. */
  label?: string;
}

/** One line of a score's explanation (the 360° page): an entry's points and what decay left of them, or a fact rule that holds. */
export interface ScoreLine {
  at: string;
  /** The scorable event, `adjustment` for points given outright, or `fact` for a rule on the contact's facts. */
  event: ScoreEntryKind | 'fact';
  ruleId: string;
  label: string;
  points: number;
  decayedTo: number;
}

/** What a ledger entry records: a scorable event, or points given outright. */
export const SCORE_ENTRY_KINDS = [...SCORING_EVENTS, 'adjustment'] as const;
export type ScoreEntryKind = (typeof SCORE_ENTRY_KINDS)[number];

/**
 * Points given outright, as a ledger entry: a journey's update step or a PATCH of the score. Kept in the
 * ledger (not only added to the profile's score), so a rules change or the decay run recomputes a score
 * that still holds them.
 */
export function scoreAdjustment(eventId: string, points: number, at: string, label: string, ref?: string): ScoreEntry {
  return { eventId, kind: 'adjustment', points, at, label, ...(ref ? { ref } : {}) };
}

/** Full calendar months from `from` to `to` (2026-01-31 → 2026-02-28 is 0, → 2026-03-01 is 1). */
export function fullMonthsBetween(from: Date, to: Date): number {
  if (to <= from) return 0;
  let months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  const anniversary = new Date(from);
  anniversary.setUTCMonth(from.getUTCMonth() + months);
  // setUTCMonth rolls 31 Jan + 1 month to 3 Mar; a month that has no such day ends on its last day.
  if (anniversary.getUTCDate() !== from.getUTCDate()) anniversary.setUTCDate(0);
  if (anniversary > to) months -= 1;
  return Math.max(0, months);
}

/** `points` after `months` full months of decay, rounded half away from zero. */
export function decayed(points: number, decayPercentPerMonth: number, months: number): number {
  const value = points * (1 - decayPercentPerMonth / 100) ** months;
  return Math.sign(value) * Math.round(Math.abs(value));
}

const DAY_MS = 86_400_000;

/**
 * A contact's score under `config` at `now`: every adjustment's own points, every ledger entry's points from the event rules that
 * match its kind (each rule capped by its `maxTimes` within `perDays`, counted over the awards before
 * it, oldest first), each decayed by the full months since its event, plus the points of the fact
 * rules that hold for `facts` now. Pure and deterministic: the live consumer, the rebuild and the
 * preview all call it, so they cannot disagree.
 */
export function computeScore(
  entries: readonly ScoreEntry[],
  config: ScoringConfigInput,
  facts: SegmentFacts | undefined,
  now: Date,
): { score: number; lines: ScoreLine[] } {
  const ordered = [...entries].sort((a, b) => a.at.localeCompare(b.at) || a.eventId.localeCompare(b.eventId));
  const lines: ScoreLine[] = [];
  for (const rule of config.rules) {
    if (rule.event === undefined) continue;
    const awarded: number[] = [];
    for (const entry of ordered) {
      if (entry.kind !== rule.event) continue;
      const at = Date.parse(entry.at);
      if (rule.maxTimes !== undefined && rule.perDays !== undefined) {
        const windowStart = at - rule.perDays * DAY_MS;
        if (awarded.filter((time) => time > windowStart).length >= rule.maxTimes) continue;
      }
      awarded.push(at);
      const months = fullMonthsBetween(new Date(at), now);
      lines.push({
        at: entry.at,
        event: entry.kind,
        ruleId: rule.id,
        label: entry.label ?? entry.ref ?? entry.kind,
        points: rule.points,
        decayedTo: decayed(rule.points, config.decayPercentPerMonth, months),
      });
    }
  }
  for (const entry of ordered) {
    if (entry.kind !== 'adjustment' || entry.points === undefined) continue;
    const months = fullMonthsBetween(new Date(entry.at), now);
    lines.push({
      at: entry.at,
      event: 'adjustment',
      ruleId: 'adjustment',
      label: entry.label ?? entry.ref ?? 'adjustment',
      points: entry.points,
      decayedTo: decayed(entry.points, config.decayPercentPerMonth, months),
    });
  }
  if (facts)
    for (const rule of config.rules) {
      if (rule.rule === undefined) continue;
      if (compileRule(rule.rule as RuleNode, now)(facts))
        lines.push({ at: now.toISOString(), event: 'fact', ruleId: rule.id, label: rule.id, points: rule.points, decayedTo: rule.points });
    }
  lines.sort((a, b) => b.at.localeCompare(a.at));
  return { score: lines.reduce((sum, line) => sum + line.decayedTo, 0), lines };
}

/** Whether the config has rules on facts (then a profile change can change the score). */
export const hasFactRules = (config: ScoringConfigInput): boolean => config.rules.some((rule) => rule.rule !== undefined);
