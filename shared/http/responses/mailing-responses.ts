import { MAILING_STATUSES, type Mailing, type MailingCounts } from '#shared/domain/mailing';
import * as z from '#shared/zod';
import { isoTime, tally } from './common-responses';

/** The live counts of a mailing (API.md). */
export const mailingCountsResponse = z.object({
  recipients: tally,
  sent: tally,
  skippedNoConsent: tally,
  suppressed: tally,
  /** Mailings before 0.8.0 have no capped count: 0. */
  capped: tally.default(0),
  failed: tally,
  delivered: tally,
  opened: tally,
  clicked: tally,
  bounced: tally,
  complained: tally,
  unsubscribed: tally,
}) satisfies z.ZodType<MailingCounts>;

/**
 * A mailing with its status and live counts; the preparer's bookkeeping (snapshot cursor, processed
 * batches) stays inside.
 *
 * @example { "id": "m-1", "name": "November", "campaignId": "c-42", "segmentId": "s-7", "topic": "newsletter",
 *            "templateId": "t-3", "from": "News <news@leadflow.local>", "status": "draft", "counts": { "recipients": 0, … },
 *            "createdAt": "2026-03-01T08:00:00.000Z", "updatedAt": "2026-03-01T08:00:00.000Z" }
 */
export const mailingResponse = z.object({
  id: z.string(),
  name: z.string(),
  campaignId: z.string(),
  segmentId: z.string(),
  topic: z.string(),
  templateId: z.string(),
  from: z.string(),
  replyTo: z.string().optional(),
  scheduledAt: isoTime.optional(),
  status: z.enum(MAILING_STATUSES),
  counts: mailingCountsResponse,
  createdAt: isoTime,
  updatedAt: isoTime,
  startedAt: isoTime.optional(),
  finishedAt: isoTime.optional(),
  cancelledAt: isoTime.optional(),
  /** The recipient snapshot is complete: every segment member was checked and queued. */
  prepared: z.boolean().optional(),
}) satisfies z.ZodType<Mailing>;
