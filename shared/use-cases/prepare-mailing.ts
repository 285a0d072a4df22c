import { createHash } from 'node:crypto';
import type { RecipientBatch } from '#shared/domain/mailing';
import type { PreparingMailings, RecipientReader, SuppressionCheck } from './mailing-ports';
import type { Clock } from './ports';
import { type CheckedMember, checkMembers } from './recipient-check';
import type { SegmentMembers } from './segment-ports';

/** Recipients per queue message: one message is one sender's unit of work and of retry. */
export const RECIPIENTS_PER_MESSAGE = 50;
/** Segment members read per snapshot step (one Query page, one progress write). */
const SNAPSHOT_PAGE = 1000;

/** Where the recipients of a mailing are queued: SQS in AWS, the local queue stand-in locally. */
export interface RecipientQueue {
  enqueue(batches: readonly RecipientBatch[]): Promise<void>;
}

export interface PreparePorts {
  mailings: PreparingMailings;
  segments: SegmentMembers;
  contacts: RecipientReader;
  suppressions: SuppressionCheck;
  queue: RecipientQueue;
  clock: Clock;
}

/** A batch id that is the same whenever the same slice is queued again (a resumed snapshot). */
function batchId(mailingId: string, cursor: string | undefined, index: number): string {
  return `${createHash('sha256')
    .update(`${mailingId}|${cursor ?? ''}`)
    .digest('base64url')
    .slice(0, 16)}-${index}`;
}

export interface PrepareResult {
  recipients: number;
  queued: number;
  skipped: number;
  /** Why nothing (more) was done: not sending, cancelled, or another preparer ahead. */
  stopped?: 'not_sending' | 'already_prepared' | 'cancelled' | 'overtaken';
}

/**
 * Snapshots a sending mailing's recipients from its segment and queues them: page by page, each
 * member is checked (granted consent for the topic, not suppressed, not erased), those who pass are
 * queued in batches, the others counted. Progress is stored with each page, so a crashed preparation
 * resumes where it stopped; a page queued twice is harmless (the sender's claim stops a second mail).
 */
export async function prepareMailing(ports: PreparePorts, mailingId: string): Promise<PrepareResult> {
  const result: PrepareResult = { recipients: 0, queued: 0, skipped: 0 };
  let mailing = await ports.mailings.get(mailingId);
  if (mailing?.status !== 'sending') return { ...result, stopped: 'not_sending' };
  if (mailing.prepared) return { ...result, stopped: 'already_prepared' };
  let cursor = mailing.prepareCursor;
  for (;;) {
    const page = await ports.segments.members(mailing.segmentId, SNAPSHOT_PAGE, cursor);
    const ids = page.items.map((member) => member.contactId);
    const checked = await checkMembers(ports, ids, mailing.topic);
    const sendable = checked.flatMap((member) => (member.verdict === 'send' ? [member.contactId] : []));
    const count = (verdict: CheckedMember['verdict']) => checked.filter((member) => member.verdict === verdict).length;
    const batches: RecipientBatch[] = [];
    for (let start = 0; start < sendable.length; start += RECIPIENTS_PER_MESSAGE) {
      batches.push({ mailingId, batchId: batchId(mailingId, cursor, batches.length), contactIds: sendable.slice(start, start + RECIPIENTS_PER_MESSAGE) });
    }
    await ports.queue.enqueue(batches);
    const recorded = await ports.mailings.recordPreparation(
      mailingId,
      {
        ...(cursor ? { cursorBefore: cursor } : {}),
        ...(page.nextCursor ? { cursorAfter: page.nextCursor } : {}),
        recipients: ids.length,
        skippedNoConsent: count('skippedNoConsent'),
        suppressed: count('suppressed'),
      },
      ports.clock.now(),
    );
    if (!recorded) return { ...result, stopped: 'overtaken' };
    result.recipients += ids.length;
    result.queued += sendable.length;
    result.skipped += ids.length - sendable.length;
    cursor = page.nextCursor;
    if (!cursor) break;
    mailing = await ports.mailings.get(mailingId);
    if (mailing?.status !== 'sending') return { ...result, stopped: 'cancelled' };
  }
  await ports.mailings.completeIfDone(mailingId, ports.clock.now());
  return result;
}
