import type { ScoringPreview, ScoringView } from '#shared/use-cases/score-contacts';
import * as z from '#shared/zod';
import { SCORE_ENTRY_KINDS, SCORING_EVENTS } from '#shared/domain/scoring';
import type { RuleNode } from '#shared/domain/segment-rule';
import { isoTime } from './common-responses';

const scoringRuleResponse = z.object({
  id: z.string(),
  event: z.enum(SCORING_EVENTS).optional(),
  rule: z.custom<RuleNode>().optional(),
  points: z.number().int(),
  maxTimes: z.number().int().optional(),
  perDays: z.number().int().optional(),
});

/** The scoring rules, their version, and the newest rebuild's progress (`rebuild` null before the first). */
export const scoringResponse = z.object({
  rules: z.array(scoringRuleResponse),
  decayPercentPerMonth: z.number(),
  qualifyAt: z.number().int(),
  /** Increases with every change; each contact's score carries the version it was computed under. */
  version: z.number().int().min(0),
  updatedAt: isoTime.optional(),
  rebuild: z
    .object({
      status: z.enum(['running', 'done']),
      reason: z.enum(['rules', 'decay']),
      done: z.number().int().min(0),
      startedAt: isoTime,
      finishedAt: isoTime.optional(),
    })
    .nullable(),
}) satisfies z.ZodType<ScoringView>;

export const scoringRebuildResponse = z.object({ runId: z.string() });

/** How many would qualify under a draft: exact on a small table, else scaled from a sample of the facts index with its margin. */
export const scoringPreviewResponse = z.object({
  contacts: z.number().int().min(0),
  qualified: z.number().int().min(0),
  currentlyQualified: z.number().int().min(0),
  sampled: z.boolean(),
  fraction: z.number().min(0).max(1),
  margin: z.number().int().min(0),
}) satisfies z.ZodType<ScoringPreview>;

/** One line of the 360° page's score explanation. */
export const scoreLineResponse = z.object({
  at: isoTime,
  event: z.enum([...SCORE_ENTRY_KINDS, 'fact']),
  ruleId: z.string(),
  label: z.string(),
  points: z.number().int(),
  decayedTo: z.number().int(),
});
