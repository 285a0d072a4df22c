import * as z from '#shared/zod';
import { requiredText, slugId, text } from './common-schemas';
import { journeyGraphIssues } from './journey-graph';

export { nextStepIds } from './journey-graph';
import { mailbox } from './mailing';
import { segmentRule } from './segment';

/** What a journey definition may hold (issue: "more than 50 steps", "waits over 365 days"). */
export const JOURNEY_LIMITS = { steps: 50, waitDays: 365, goalDays: 365, reentryDays: 3650, holdoutPercent: 50, splitPaths: 5, branchHours: 24 * 365 } as const;

const id = z.string().min(1).max(200);
const stepId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'must be 1-40 letters, digits, "_" or "-", starting with a letter or digit');
const tag = text(100).pipe(z.string().min(1, 'must not be empty'));

export const journeyTriggerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('segment_entered'), segmentId: id }),
  z.strictObject({ type: z.literal('lead_captured'), formId: id.optional(), campaignId: id.optional() }),
  z.strictObject({ type: z.literal('consent_granted'), topic: slugId }),
  z.strictObject({ type: z.literal('order_placed') }),
]);
export type JourneyTrigger = z.infer<typeof journeyTriggerSchema>;

export const journeyEntrySchema = z.strictObject({
  rule: segmentRule.optional(),
  reentry: z.union([z.literal('never'), z.strictObject({ afterDays: z.number().int().min(1).max(JOURNEY_LIMITS.reentryDays) })]).default('never'),
});
export type JourneyEntry = z.infer<typeof journeyEntrySchema>;

export const journeyGoalSchema = z
  .strictObject({
    type: z.enum(['order_placed', 'segment_exited', 'rule']),
    segmentId: id.optional(),
    rule: segmentRule.optional(),
    withinDays: z.number().int().min(1).max(JOURNEY_LIMITS.goalDays),
  })
  .superRefine((goal, ctx) => {
    if (goal.type === 'segment_exited' && !goal.segmentId)
      ctx.addIssue({ code: 'custom', path: ['segmentId'], message: 'is required for a segment_exited goal' });
    if (goal.type === 'rule' && !goal.rule) ctx.addIssue({ code: 'custom', path: ['rule'], message: 'is required for a rule goal' });
    if (goal.type !== 'segment_exited' && goal.segmentId)
      ctx.addIssue({ code: 'custom', path: ['segmentId'], message: 'belongs only to a segment_exited goal' });
    if (goal.type !== 'rule' && goal.rule) ctx.addIssue({ code: 'custom', path: ['rule'], message: 'belongs only to a rule goal' });
  });
export type JourneyGoal = z.infer<typeof journeyGoalSchema>;

const duration = z
  .strictObject({ days: z.number().int().min(0).optional(), hours: z.number().int().min(0).optional(), minutes: z.number().int().min(0).optional() })
  .refine((value) => durationMs(value) > 0, 'must last at least a minute')
  .refine((value) => durationMs(value) <= JOURNEY_LIMITS.waitDays * DAY_MS, `must be at most ${JOURNEY_LIMITS.waitDays} days`);

/** A time zone Intl knows (`Europe/Berlin`), or the contact's own (`contact`, Europe/Berlin when unknown). */
const timeZone = z.union([
  z.literal('contact'),
  z.string().refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      // An unknown zone is a RangeError: the answer is "not a zone", nothing to log.
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin, or "contact"'),
]);

const window = z
  .strictObject({
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'must not repeat a weekday'),
    fromHour: z.number().int().min(0).max(23),
    toHour: z.number().int().min(1).max(24),
    timeZone: timeZone.default('contact'),
  })
  .refine((value) => value.toHour > value.fromHour, { path: ['toHour'], message: 'must be after fromHour' });
export type SendWindow = z.infer<typeof window>;

export const journeyStepSchema = z.discriminatedUnion('type', [
  z.strictObject({ id: stepId, type: z.literal('send_email'), templateId: id, topic: slugId, from: mailbox, next: stepId.optional() }),
  z
    .strictObject({ id: stepId, type: z.literal('wait'), duration: duration.optional(), until: window.optional(), next: stepId })
    .refine((step) => step.duration !== undefined || step.until !== undefined, {
      path: ['duration'],
      message: 'a wait needs a duration, an until window or both',
    }),
  z
    .strictObject({
      id: stepId,
      type: z.literal('branch'),
      rule: segmentRule.optional(),
      email: z.strictObject({ stepId, event: z.enum(['opened', 'clicked']), withinHours: z.number().int().min(1).max(JOURNEY_LIMITS.branchHours) }).optional(),
      yes: stepId,
      no: stepId,
    })
    .refine((step) => (step.rule === undefined) !== (step.email === undefined), {
      path: ['rule'],
      message: 'a branch asks either a rule or an email question, exactly one',
    }),
  z
    .strictObject({
      id: stepId,
      type: z.literal('split'),
      paths: z
        .array(z.strictObject({ percent: z.number().int().min(1).max(99), next: stepId }))
        .min(2)
        .max(JOURNEY_LIMITS.splitPaths),
    })
    .refine((step) => step.paths.reduce((sum, path) => sum + path.percent, 0) === 100, { path: ['paths'], message: 'the paths must add up to 100 percent' }),
  z
    .strictObject({
      id: stepId,
      type: z.literal('update_contact'),
      addTags: z.array(tag).max(20).optional(),
      removeTags: z.array(tag).max(20).optional(),
      scoreDelta: z.number().int().min(-1000).max(1000).optional(),
      next: stepId.optional(),
    })
    .refine((step) => Boolean(step.addTags?.length || step.removeTags?.length || step.scoreDelta), {
      path: ['addTags'],
      message: 'an update must add or remove a tag or change the score',
    }),
  z.strictObject({ id: stepId, type: z.literal('exit') }),
]);
export type JourneyStep = z.infer<typeof journeyStepSchema>;
export type JourneyStepType = JourneyStep['type'];

/** The steps in order, the first is the start; the graph is checked as a whole (ids, reachability, loops). */
export const journeyStepsSchema = z
  .array(journeyStepSchema)
  .min(1, 'must have at least one step')
  .max(JOURNEY_LIMITS.steps, `must have at most ${JOURNEY_LIMITS.steps} steps`)
  .superRefine((steps, ctx) => {
    for (const issue of journeyGraphIssues(steps)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

/**
 * @example { "name": "Welcome series", "trigger": { "type": "consent_granted", "topic": "newsletter" },
 *   "steps": [ { "id": "welcome", "type": "send_email", "templateId": "t-1", "topic": "newsletter", "from": "news@example.com", "next": "pause" },
 *              { "id": "pause", "type": "wait", "duration": { "days": 2 }, "next": "clicked" },
 *              { "id": "clicked", "type": "branch", "email": { "stepId": "welcome", "event": "clicked", "withinHours": 48 }, "yes": "done", "no": "tips" },
 *              { "id": "tips", "type": "send_email", "templateId": "t-2", "topic": "newsletter", "from": "news@example.com" },
 *              { "id": "done", "type": "exit" } ] }
 */
export const createJourneySchema = z.strictObject({
  name: requiredText(200),
  trigger: journeyTriggerSchema,
  entry: journeyEntrySchema.optional(),
  goal: journeyGoalSchema.optional(),
  holdoutPercent: z.number().int().min(0).max(JOURNEY_LIMITS.holdoutPercent).default(0),
  steps: journeyStepsSchema,
});

/** A change to a journey: any of its parts, none defaulted (an absent part stays as it is). */
export const updateJourneySchema = z
  .strictObject({
    name: requiredText(200),
    trigger: journeyTriggerSchema,
    entry: journeyEntrySchema,
    goal: journeyGoalSchema.nullable(),
    holdoutPercent: z.number().int().min(0).max(JOURNEY_LIMITS.holdoutPercent),
    steps: journeyStepsSchema,
  })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'must change at least one field');
export type UpdateJourneyInput = z.infer<typeof updateJourneySchema>;
export type CreateJourneyInput = z.infer<typeof createJourneySchema>;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export function durationMs(value: { days?: number; hours?: number; minutes?: number }): number {
  return ((value.days ?? 0) * 24 * 60 + (value.hours ?? 0) * 60 + (value.minutes ?? 0)) * MINUTE_MS;
}
