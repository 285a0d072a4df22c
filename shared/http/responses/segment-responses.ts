import { SCHEDULES, type Segment } from '#shared/domain/segment';
import type { RuleNode } from '#shared/domain/segment-rule';
import * as z from '#shared/zod';
import { maskedEmail } from '../contact-masking';
import { isoTime, tally } from './common-responses';

/** A rule tree as it was saved (checked on the way in; README, "Segments"). */
const ruleResponse = z
  .custom<RuleNode>((value) => typeof value === 'object' && value !== null && !Array.isArray(value))
  .describe('A rule tree: { all: [...] }, { any: [...] }, { not: ... } or a condition { field, op, value }');

/**
 * A segment with its member count and last run; the run lease that keeps two runs apart stays inside.
 *
 * @example { "id": "s-7", "name": "Customers", "rule": { "field": "orders.count", "op": "gt", "value": 0 },
 *            "schedule": "daily", "memberCount": 12, "createdAt": "2026-03-01T08:00:00.000Z", "updatedAt": "2026-03-01T08:00:00.000Z" }
 */
export const segmentResponse = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  rule: ruleResponse,
  schedule: z.enum(SCHEDULES),
  createdAt: isoTime,
  updatedAt: isoTime,
  evaluatedAt: isoTime.optional(),
  memberCount: tally,
  lastRun: z
    .object({ runId: z.string(), startedAt: isoTime, finishedAt: isoTime, evaluated: tally, entered: tally, exited: tally, durationMs: tally })
    .optional(),
  archivedAt: isoTime.optional(),
}) satisfies z.ZodType<Omit<Segment, 'lease'>>;

/** Who a contact is, as samples and member lists show it. */
export const contactSummaryResponse = z.object({
  id: z.string(),
  email: maskedEmail.optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  company: z.string().optional(),
});

/**
 * A rule's matches now, without saving; with `topic`, the reach of a mailing on it. `exact: false`
 * marks figures extrapolated from the share `scanned` of the contacts, `margin` the count's ± at 95 %.
 *
 * @example { "count": 2, "sample": [{ "id": "3f0c…", "firstName": "Anna" }], "reach": { "matched": 2, "suppressed": 0, "noConsent": 1, "reachable": 1 }, "exact": true, "scanned": 1 }
 */
export const segmentPreviewResponse = z.object({
  count: tally,
  sample: z.array(contactSummaryResponse),
  reach: z.object({ matched: tally, suppressed: tally, noConsent: tally, reachable: tally }).optional(),
  exact: z.boolean(),
  scanned: z.number().min(0).max(1),
  margin: tally.optional(),
});

/** A segment member: who, and since when. */
export const segmentMemberResponse = contactSummaryResponse.extend({ enteredAt: isoTime });

/** An evaluation asked for (202); `lastRun.runId` shows it once done. @example { "runId": "r-1" } */
export const evaluationRequestedResponse = z.object({ runId: z.string() });
