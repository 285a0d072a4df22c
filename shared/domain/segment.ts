import * as z from '#shared/zod';
import { requiredText, slugId, text } from './common-schemas';
import { type CompiledRule, ruleIssues, type RuleNode, type SegmentFacts } from './segment-rule';

export const SCHEDULES = ['hourly', 'daily', 'off'] as const;
export type SegmentSchedule = (typeof SCHEDULES)[number];

/** A rule tree, checked node by node so every error names the bad part (`rule.any.1.value`). */
export const segmentRule = z
  .custom<RuleNode>()
  .superRefine((value, ctx) => {
    for (const issue of ruleIssues(value, '')) {
      ctx.addIssue({ code: 'custom', path: issue.path.split('.').filter(Boolean), message: issue.message });
    }
  })
  .describe('A rule tree: { all: [...] }, { any: [...] }, { not: ... } or a condition { field, op, value } (README, "Segments")');

/**
 * @example { "name": "Customers with no order for a year", "schedule": "daily",
 *   "rule": { "all": [ { "field": "orders.count", "op": "gt", "value": 0 },
 *                      { "field": "orders.lastAt", "op": "before", "value": { "daysAgo": 365 } } ] } }
 */
export const createSegmentSchema = z.strictObject({
  name: requiredText(200),
  description: text(1000).optional(),
  rule: segmentRule,
  schedule: z.enum(SCHEDULES).default('daily'),
});
export type CreateSegmentInput = z.infer<typeof createSegmentSchema>;

export const updateSegmentSchema = z
  .strictObject({ name: requiredText(200), description: text(1000), rule: segmentRule, schedule: z.enum(SCHEDULES) })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'must change at least one field');
export type UpdateSegmentInput = z.infer<typeof updateSegmentSchema>;

/**
 * `topic` adds the reach of a mailing on that topic: who of the matched it would send to now.
 * @example { "rule": { "field": "company", "op": "contains", "value": "GmbH" }, "topic": "newsletter" }
 */
export const previewSegmentSchema = z.strictObject({
  rule: segmentRule,
  topic: slugId.optional(),
  /** An estimate from a sample is enough (the live count): exact only where that is cheap. */
  estimate: z.boolean().optional(),
});

export interface SegmentRunSummary {
  runId: string;
  startedAt: string;
  finishedAt: string;
  evaluated: number;
  entered: number;
  exited: number;
  durationMs: number;
}

export interface Segment {
  id: string;
  name: string;
  description?: string;
  rule: RuleNode;
  schedule: SegmentSchedule;
  createdAt: string;
  updatedAt: string;
  /** When the last complete run finished; absent until the first run (memberships not yet known). */
  evaluatedAt?: string;
  memberCount: number;
  lastRun?: SegmentRunSummary;
  /** The run holding this segment's lease, so two runs never evaluate it at once. */
  lease?: { runId: string; until: string };
  /** When it was archived: out of the list and of new mailings, still evaluated for those made before. */
  archivedAt?: string;
}

export function newSegment(input: CreateSegmentInput, id: string, now: Date): Segment {
  const at = now.toISOString();
  return {
    id,
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    rule: input.rule,
    schedule: input.schedule,
    createdAt: at,
    updatedAt: at,
    memberCount: 0,
  };
}

/** A changed rule makes the memberships stale: the segment is due at once and waits for its next run. */
export function patchSegment(segment: Segment, patch: UpdateSegmentInput, now: Date): Segment {
  const ruleChanged = patch.rule !== undefined && JSON.stringify(patch.rule) !== JSON.stringify(segment.rule);
  const { evaluatedAt, ...rest } = segment;
  return { ...rest, ...patch, updatedAt: now.toISOString(), ...(ruleChanged || !evaluatedAt ? {} : { evaluatedAt }) };
}

const INTERVAL_MS: Record<SegmentSchedule, number | undefined> = { hourly: 3_600_000, daily: 86_400_000, off: undefined };
/** A scheduled tick comes every 15 minutes; a segment counts as due a little early so jitter never skips an interval. */
const DUE_TOLERANCE_MS = 5 * 60_000;

/** Whether the schedule should evaluate the segment at `now`: never evaluated, or its interval has passed. */
export function isDue(segment: Pick<Segment, 'schedule' | 'evaluatedAt'>, now: Date): boolean {
  const interval = INTERVAL_MS[segment.schedule];
  if (interval === undefined) return false;
  if (!segment.evaluatedAt) return true;
  return now.getTime() - Date.parse(segment.evaluatedAt) >= interval - DUE_TOLERANCE_MS;
}

/** A segment's rule compiled for one evaluation instant. */
export interface CompiledSegment {
  id: string;
  matches: CompiledRule;
}

export interface MembershipDelta {
  /** The segments whose rule the contact meets now. */
  matched: string[];
  entered: string[];
  exited: string[];
}

/**
 * What changes for one contact: segments it now meets but was not in, and segments it was in but no
 * longer meets. Memberships of segments not being evaluated are left alone.
 */
export function membershipDelta(facts: SegmentFacts, segments: readonly CompiledSegment[]): MembershipDelta {
  const current = facts.segments ?? {};
  const delta: MembershipDelta = { matched: [], entered: [], exited: [] };
  for (const segment of segments) {
    const member = Object.hasOwn(current, segment.id);
    if (segment.matches(facts)) {
      delta.matched.push(segment.id);
      if (!member) delta.entered.push(segment.id);
    } else if (member) {
      delta.exited.push(segment.id);
    }
  }
  return delta;
}
