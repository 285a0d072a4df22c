import type { MailTimelineEntry, RecipientBatch, RecipientFacts, RecipientOutcome } from '#shared/domain/mailing';
import type { Template } from '#shared/domain/template';
import { inParallel } from '#shared/in-parallel';
import { MailOutcomeUnknownError, MailRejectedError, MailThrottledError } from '#shared/mail/errors';
import type { Mailer } from '#shared/mail/mailer';
import type { TokenSigner } from '#shared/security/token-signer';
import type { TemplateReader } from './catalog-ports';
import { composeContactMail, type MailLinks } from './compose-mail';
import type { RecipientContacts, SendingMailings, SendRecord, StoredMailing, SuppressionCheck } from './mailing-ports';
import { ConcurrentWriteError } from './port-errors';
import { type FrequencyCapPort, nextSendAllowed } from './frequency-cap-check';
import type { Clock } from './ports';
import { checkMembers } from './recipient-check';

export interface SenderPorts {
  mailings: SendingMailings;
  templates: TemplateReader;
  contacts: RecipientContacts;
  suppressions: SuppressionCheck;
  mailer: Mailer;
  pacer: { take(): Promise<void>; pause(ms: number): void };
  signer: TokenSigner;
  links: MailLinks;
  clock: Clock;
  newId: () => string;
  /**
   * The frequency cap across journeys and mailings (`PUT /v1/settings`) and when the person was last sent
   * marketing mail; without them (or with the cap off) nobody is capped.
   */
  frequencyCap?: FrequencyCapPort;
  settings: {
    /** How long a claim protects a recipient before another sender may take it (the first crashed). */
    claimLeaseMs: number;
    /** Tries per recipient while SES throttles, with growing pauses; then the batch is retried later. */
    throttleAttempts: number;
    /** Recipients of one batch in flight at once (all wait for the pacer). */
    concurrency: number;
    unsubscribeTokenTtlDays: number;
  };
}

/** Some recipients of the batch are not settled yet (SES throttled, a crash's claim still held); deliver it again. */
export class BatchIncompleteError extends Error {
  constructor(
    readonly pending: number,
    options?: { cause?: unknown },
  ) {
    super(`${pending} recipients of the batch are not settled yet`, options);
    this.name = 'BatchIncompleteError';
  }
}

type Settled = { outcome: RecipientOutcome; tallied: boolean } | 'pending';

function settledOf(record: SendRecord): Settled {
  return record.state === 'claimed' ? 'pending' : { outcome: record.state, tallied: record.tallied === true };
}

/** A mailing's mail to one recipient: sent under the mailing's topic, tagged to tie SES events to its records. */
function composeMail(ports: SenderPorts, mailing: StoredMailing, template: Template, recipient: RecipientFacts) {
  return composeContactMail(
    { signer: ports.signer, links: ports.links, clock: ports.clock, unsubscribeTokenTtlDays: ports.settings.unsubscribeTokenTtlDays },
    {
      recipient,
      template,
      topic: mailing.topic,
      from: mailing.from,
      ...(mailing.replyTo ? { replyTo: mailing.replyTo } : {}),
      sentBy: mailing.id,
      tags: { mailingId: mailing.id, contactId: recipient.id, campaignId: mailing.campaignId },
    },
  );
}

/** Whether the frequency cap keeps this person from another marketing mail now: a mailing skips them (`capped`). */
async function capped(ports: Pick<SenderPorts, 'frequencyCap' | 'clock'>, contactId: string): Promise<boolean> {
  const now = ports.clock.now();
  return (await nextSendAllowed(ports.frequencyCap, contactId, now)).getTime() > now.getTime();
}

/** Claims, sends and settles one recipient who passed the check. */
async function sendOne(ports: SenderPorts, mailing: StoredMailing, template: Template, recipient: RecipientFacts): Promise<Settled> {
  const token = ports.newId();
  const claim = await ports.mailings.claim(mailing.id, recipient.id, token, ports.clock.now(), ports.settings.claimLeaseMs);
  if (!claim.claimed) return settledOf(claim.record);
  const mail = composeMail(ports, mailing, template, recipient);
  for (let attempt = 1; attempt <= ports.settings.throttleAttempts; attempt += 1) {
    await ports.pacer.take();
    try {
      const { messageId } = await ports.mailer.send(mail);
      const at = ports.clock.now();
      if (!(await ports.mailings.settleClaim(mailing.id, recipient.id, token, 'sent', at, { messageId }))) return 'pending';
      const entry: MailTimelineEntry = { id: `${messageId}-sent`, at: at.toISOString(), kind: 'sent', mailingId: mailing.id, messageId };
      await ports.contacts.addMailEntry(recipient.id, entry, { contactExists: true });
      return { outcome: 'sent', tallied: false };
    } catch (error) {
      if (error instanceof MailThrottledError) {
        // Backoff through the pacer: every sender lane of this container waits, not just this one.
        ports.pacer.pause(Math.min(200 * 2 ** (attempt - 1), 5000));
        continue;
      }
      if (error instanceof MailRejectedError || error instanceof MailOutcomeUnknownError) {
        // Unknown: SES may have taken it; sending again could mail twice, so it counts as failed.
        const reason = error instanceof MailRejectedError ? 'rejected' : 'no_answer';
        if (!(await ports.mailings.settleClaim(mailing.id, recipient.id, token, 'failed', ports.clock.now(), { reason }))) return 'pending';
        return { outcome: 'failed', tallied: false };
      }
      // Anything else (a DynamoDB fault, a crash): the claim stays until its lease lapses, then a
      // later delivery of the batch takes it over and sends.
      throw error;
    }
  }
  await ports.mailings.releaseClaim(mailing.id, recipient.id, token);
  return 'pending';
}

export interface BatchResult {
  settled: Partial<Record<RecipientOutcome, number>>;
  cancelled?: boolean;
}

/**
 * Sends one queued batch: checks each recipient again at the moment of sending (consent may have been
 * withdrawn since the snapshot), claims each before calling SES so nobody gets the mail twice, paces
 * every call, and counts each outcome exactly once. Throws {@link BatchIncompleteError} when some
 * recipients must wait (the queue delivers the batch again; the settled ones are not touched twice).
 */
export async function sendRecipientBatch(ports: SenderPorts, batch: RecipientBatch): Promise<BatchResult> {
  const mailing = await ports.mailings.get(batch.mailingId);
  if (!mailing) throw new Error(`Mailing ${batch.mailingId} does not exist`);
  if (mailing.status === 'cancelled') return { settled: {}, cancelled: true };
  const template = await ports.templates.get(mailing.templateId);
  if (!template) throw new Error(`Template ${mailing.templateId} of mailing ${mailing.id} does not exist`);

  const checked = await checkMembers(ports, batch.contactIds, mailing.topic);
  const results = new Map<string, Settled>();
  let failure: unknown;
  await inParallel(checked, ports.settings.concurrency, async (member) => {
    try {
      results.set(
        member.contactId,
        member.verdict === 'send'
          ? (await capped(ports, member.contactId))
            ? settledOf(await ports.mailings.recordSkip(mailing.id, member.contactId, 'capped', ports.clock.now()))
            : await sendOne(ports, mailing, template, member.recipient)
          : settledOf(await ports.mailings.recordSkip(mailing.id, member.contactId, member.verdict, ports.clock.now())),
      );
    } catch (error) {
      failure ??= error;
      results.set(member.contactId, 'pending');
    }
  });

  const toTally: Array<{ contactId: string; outcome: RecipientOutcome }> = [];
  const settled: BatchResult['settled'] = {};
  for (const [contactId, result] of results) {
    if (result === 'pending') continue;
    settled[result.outcome] = (settled[result.outcome] ?? 0) + 1;
    if (!result.tallied) toTally.push({ contactId, outcome: result.outcome });
  }
  try {
    await ports.mailings.tally(mailing, toTally, ports.clock.now());
  } catch (error) {
    // A concurrent delivery of the same batch counted some of these first: count the rest next time.
    if (error instanceof ConcurrentWriteError) throw new BatchIncompleteError(toTally.length, { cause: error });
    throw error;
  }
  // Whoever counts the last recipient finishes the mailing, even if this delivery still waits for others.
  if (toTally.length > 0) await ports.mailings.completeIfDone(mailing.id, ports.clock.now());
  const pending = [...results.values()].filter((result) => result === 'pending').length;
  if (pending > 0) throw new BatchIncompleteError(pending, { cause: failure });
  return { settled };
}
