import { JOURNEY_STATUSES } from '#shared/domain/journey-lifecycle';
import { PARTICIPANT_STATUSES } from '#shared/domain/journey-participant';
import * as z from '#shared/zod';
import { maskedEmail } from '../contact-masking';
import { isoTime, tally } from './common-responses';

/** The parts of a definition as they were saved (checked on the way in; README, "Journeys"). */
const saved = (what: string) => z.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null).describe(what);

const stepStats = z.object({
  reached: tally,
  waiting: tally,
  sent: tally.optional(),
  skipped: tally.optional(),
  failed: tally.optional(),
  capped: tally.optional(),
  opened: tally.optional(),
  clicked: tally.optional(),
  yes: tally.optional(),
  no: tally.optional(),
  paths: z.array(tally).optional(),
});

const rate = z.number().min(0).max(1);

/** A journey's figures: totals, the conversion against the holdout (lift, in percentage points) and each step's counts. */
export const journeyStatsResponse = z.object({
  entered: tally,
  active: tally,
  completed: tally,
  exited: tally,
  exitedBy: z.object({ goal: tally, unsubscribed: tally, archived: tally, erased: tally }),
  converted: tally,
  conversionRate: rate,
  holdout: z.object({ entered: tally, converted: tally, conversionRate: rate }),
  lift: z.number().optional(),
  steps: z.record(z.string(), stepStats),
});

/**
 * A journey: its lifecycle, the version new participants enter (`publishedVersion`) and the newest one
 * (`version`; `draft` when it is not published yet), with that version's definition.
 *
 * @example { "id": "j-1", "name": "Welcome series", "status": "published", "version": 1, "publishedVersion": 1, "draft": false,
 *   "trigger": { "type": "consent_granted", "topic": "newsletter" }, "holdoutPercent": 0, "steps": [ { "id": "welcome", "type": "send_email", "templateId": "t-1", "topic": "newsletter", "from": "news@example.com" } ],
 *   "createdAt": "2026-12-01T08:00:00.000Z", "updatedAt": "2026-12-01T08:05:00.000Z", "publishedAt": "2026-12-01T08:05:00.000Z" }
 */
export const journeyResponse = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(JOURNEY_STATUSES),
  version: z.number().int().min(1),
  publishedVersion: z.number().int().min(1).optional(),
  draft: z.boolean(),
  trigger: saved('The trigger: segment_entered, lead_captured, consent_granted or order_placed'),
  entry: saved('Who may enter: a rule and the re-entry policy').optional(),
  goal: saved('The goal that ends the journey as a conversion').optional(),
  holdoutPercent: z.number().int().min(0).max(100),
  steps: z.array(saved('A step: send_email, wait, branch, split, update_contact or exit')),
  createdAt: isoTime,
  updatedAt: isoTime,
  publishedAt: isoTime.optional(),
  pausedAt: isoTime.optional(),
  archivedAt: isoTime.optional(),
});

/** A journey with its figures (GET by id). */
export const journeyWithStatsResponse = journeyResponse.extend({ stats: journeyStatsResponse });

/** One person in a journey: the version entered, where they are, what became of the journey's mails to them. */
export const participantResponse = z.object({
  journeyId: z.string(),
  contactId: z.string(),
  version: z.number().int().min(1),
  status: z.enum(PARTICIPANT_STATUSES),
  stepId: z.string(),
  dueAt: isoTime.optional(),
  waitingFor: z.enum(['wait', 'email', 'cap']).optional(),
  enteredAt: isoTime,
  stepAt: isoTime,
  entries: z.number().int().min(1),
  holdout: z.boolean(),
  goalUntil: isoTime.optional(),
  finishedAt: isoTime.optional(),
  exitReason: z.enum(['goal', 'unsubscribed', 'archived', 'erased']).optional(),
  converted: z.boolean().optional(),
  /** The person (absent once erased). */
  contact: z.object({ email: maskedEmail, firstName: z.string().optional(), lastName: z.string().optional(), company: z.string().optional() }).optional(),
});

/**
 * The forecast of a draft or published journey over today's contacts: how many would enter, reach each
 * step, and how many mails would go out per day (set against the SES quota); nothing is sent or written.
 */
export const journeySimulationResponse = z.object({
  entering: tally,
  scanned: z.number().min(0).max(1),
  exact: z.boolean(),
  steps: z.record(z.string(), z.object({ reached: tally })),
  mailsPerDay: z.array(z.object({ day: tally, mails: tally })),
  sendQuotaPerDay: tally.optional(),
});
