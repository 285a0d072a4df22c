import type { MailEventKind, MailTimelineEntry, Mailing, MailingStatus, RecipientFacts, RecipientOutcome } from '#shared/domain/mailing';
import type { Page } from '#shared/domain/page';
import type { Suppression } from '#shared/domain/suppression';
import type { DomainEvent } from '#shared/events/publisher';
import type { EditableContacts } from './contact-ports';

/**
 * The ports of the use cases about mailings (managing them, preparing and sending them, the sweeper,
 * SES events, unsubscribes, test mails) and the suppression list they check. The mailing, contact and
 * suppression repositories satisfy them.
 */

/** A recipient's send record: claimed while a sender holds it, then its final outcome. */
export interface SendRecord {
  contactId: string;
  state: RecipientOutcome | 'claimed';
  at: string;
  messageId?: string;
  reason?: string;
  claimToken?: string;
  leaseUntil?: string;
  /** The outcome is in the mailing's counts (each recipient is counted exactly once). */
  tallied?: boolean;
}

export type ClaimResult = { claimed: true } | { claimed: false; record: SendRecord };

/** One step of the recipient snapshot: the page read, what it held, and where the next starts. */
export interface PreparationStep {
  cursorBefore?: string;
  cursorAfter?: string;
  recipients: number;
  skippedNoConsent: number;
  suppressed: number;
}

/** Mailing fields that are bookkeeping of the send, not part of the API's view. */
export interface StoredMailing extends Mailing {
  prepareCursor?: string;
  /** Recipients whose outcome is counted (sender tallies plus those skipped while preparing). */
  processed: number;
}

/** A mail event counted once per recipient and kind. */
export interface CountedMailEvent {
  mailingId: string;
  contactId: string;
  kind: MailEventKind;
  at: string;
  campaignId?: string;
}

export interface MailingReader {
  get(id: string): Promise<StoredMailing | undefined>;
}

/** Creating, listing and moving mailings through their statuses (`/v1/mailings`, the scheduler). */
export interface MailingStore extends MailingReader {
  create(mailing: Mailing): Promise<void>;
  list(limit: number, cursor?: string): Promise<Page<StoredMailing>>;
  /** Puts `announce` into the outbox with the change; throws ConcurrentWriteError when someone moved it first. */
  changeStatus(
    mailing: Mailing,
    to: MailingStatus,
    at: Date,
    fields?: Partial<Pick<Mailing, 'startedAt' | 'cancelledAt' | 'finishedAt'>>,
    announce?: DomainEvent,
  ): Promise<void>;
  /** Ids of scheduled mailings whose time has come, earliest first. */
  dueScheduled(now: Date, limit?: number): Promise<string[]>;
}

/** Marks a sending mailing sent once its snapshot is complete and every recipient is counted. */
export interface MailingCompletion {
  completeIfDone(mailingId: string, at: Date): Promise<boolean>;
}

/** The recipient snapshot of a sending mailing, step by step. */
export interface PreparingMailings extends MailingReader, MailingCompletion {
  /** False when the step was recorded already (a retried preparation). */
  recordPreparation(mailingId: string, step: PreparationStep, at: Date): Promise<boolean>;
}

/** Sending a queued batch: a claim per recipient before SES is called, each outcome counted once. */
export interface SendingMailings extends MailingReader, MailingCompletion {
  claim(mailingId: string, contactId: string, claimToken: string, now: Date, leaseMs: number): Promise<ClaimResult>;
  /** False when the claim was lost (lapsed and retaken). */
  settleClaim(
    mailingId: string,
    contactId: string,
    claimToken: string,
    outcome: RecipientOutcome,
    at: Date,
    details?: { messageId?: string; reason?: string },
  ): Promise<boolean>;
  releaseClaim(mailingId: string, contactId: string, claimToken: string): Promise<void>;
  recordSkip(mailingId: string, contactId: string, outcome: 'skippedNoConsent' | 'suppressed' | 'capped', at: Date): Promise<SendRecord>;
  /** Throws ConcurrentWriteError when a concurrent delivery of the batch counted some first. */
  tally(mailing: Pick<Mailing, 'id' | 'campaignId'>, settled: ReadonlyArray<{ contactId: string; outcome: RecipientOutcome }>, at: Date): Promise<void>;
}

/** Mailings sending or scheduled (the dashboard, the sweeper). */
export interface MailingsInFlight {
  inFlight(): Promise<StoredMailing[]>;
}

/** The sweeper: mailings in flight, a stuck one's preparation asked for again. */
export interface SweptMailings extends MailingsInFlight, MailingCompletion {
  /** False when the mailing moved since it was read (it was not stuck). */
  requestPreparationAgain(mailing: Pick<Mailing, 'id' | 'updatedAt'>, at: Date, announce: DomainEvent): Promise<boolean>;
}

/** Counts a mail event once per recipient and kind, announcing it; false for a repeat or a mail this table did not send. */
export interface MailEventCounts {
  recordMailEvent(event: CountedMailEvent, announce?: DomainEvent): Promise<boolean>;
}

/** An unsubscribe counts as the mailing's event. */
export interface UnsubscribeMailings extends MailingReader, MailEventCounts {}

/** What the send check reads about contacts (and the one topic it needs); erased ones are absent. */
export interface RecipientReader {
  recipients(ids: readonly string[], topic: string): Promise<RecipientFacts[]>;
}

/** A mail in the contact's timeline; a repeat of the same entry overwrites it. */
export interface MailTimeline {
  addMailEntry(contactId: string, entry: MailTimelineEntry, options?: { contactExists?: boolean }): Promise<void>;
}

export interface RecipientContacts extends RecipientReader, MailTimeline {}

/** Unsubscribe and preferences: the contact's consents changed, the unsubscribe in its timeline. */
export interface ConsentChangeContacts extends EditableContacts, MailTimeline {}

/** Which of these (normalised) addresses are suppressed. */
export interface SuppressionCheck {
  suppressedAmong(emailsNormalised: readonly string[]): Promise<Set<string>>;
}

/** Adds an address; an existing entry is kept. Whether it was new. */
export interface SuppressionAdder {
  add(suppression: Suppression): Promise<boolean>;
}

/** The suppression list as the API manages it. */
export interface SuppressionList extends SuppressionAdder {
  /** False when the address was not suppressed. */
  remove(emailNormalised: string): Promise<boolean>;
  list(limit: number, cursor?: string): Promise<Page<Suppression>>;
}
