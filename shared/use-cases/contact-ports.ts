import type { Activity } from '#shared/domain/activity';
import type { ChannelProof } from '#shared/domain/channel-rules';
import type { Company } from '#shared/domain/company';
import type { ConsentProof, Contact, Touchpoint } from '#shared/domain/contact';
import type { MailTimelineEntry } from '#shared/domain/mailing';
import type { Order } from '#shared/domain/order';
import type { Page } from '#shared/domain/page';
import type { ScoreEntry } from '#shared/domain/scoring';
import type { DomainEvent } from '#shared/events/publisher';

/**
 * The ports of the use cases about contacts (capture, consent, orders, the contact views, GDPR).
 * Each lists exactly what its use case calls; the repositories of shared/store satisfy them.
 */

/** Timeline entries and consent proofs written together with a contact change. */
export interface ContactEntries {
  /**
   * Touchpoints of a capture: each written with whether it created the contact, and its stream record
   * is the capture's `lead.captured` (shared/store/stream-records.ts), so no outbox item is written for it.
   */
  touchpoints?: Touchpoint[];
  proofs?: ConsentProof[];
  /** Proofs of channel changes (shared/domain/channel-rules.ts). */
  channelProofs?: ChannelProof[];
  activities?: Activity[];
  /** Points given outright (a PATCH of the score), as ledger entries beside the new score. */
  scoreAdjustments?: Array<{ contactId: string; entry: ScoreEntry }>;
  /** An order with its `ORDERID#` claim, written only if the order id was never seen. */
  order?: Order;
  /**
   * The file (its content id) and row the first touchpoint came from: the touchpoint is then stored
   * under the row's claim key, written only if that row of that file never reached this contact.
   */
  importRow?: { importId: string; row: number };
  /** Events the change announces, put into the outbox in the same transaction. */
  events?: DomainEvent[];
}

/** Everything stored under one contact's partition, as read in one Query. */
export interface ContactRecord {
  contact: Contact;
  touchpoints: Touchpoint[];
  consentProofs: ConsentProof[];
  /** Channel changes and their proof, newest first. */
  channelProofs: ChannelProof[];
  activities: Activity[];
  orders: Order[];
  /** Mailings sent to the person and what SES reported about them. */
  mails: MailTimelineEntry[];
  /** The journeys the person is or was in, and where (the participant items of their partition). */
  journeys: Array<{ journeyId: string; version: number; stepId: string; status: string; enteredAt: string }>;
  /** The lead-scoring ledger (its `SCORE#` entries), oldest first. */
  scoreEntries?: ScoreEntry[];
}

/** Writing a capture (a form post, an import row, an order's buyer): find by address, create or update under the version read. */
export interface CaptureContacts {
  getByEmail(emailNormalised: string): Promise<Contact | undefined>;
  /** All or nothing; throws EmailTakenError when the address belongs to someone already. */
  create(contact: Contact, entries?: ContactEntries): Promise<Contact>;
  /** Throws ConcurrentWriteError when the contact changed since `contact.version` was read. */
  update(contact: Contact, entries?: ContactEntries): Promise<Contact>;
}

/** Reading a contact and writing it back under its version (consent confirmation, profile edits). */
export interface EditableContacts {
  get(id: string): Promise<Contact | undefined>;
  /** Throws ConcurrentWriteError when the contact changed since `contact.version` was read. */
  update(contact: Contact, entries?: ContactEntries): Promise<Contact>;
}

/** Recording an order: its id's claim, and the buyer found by id or address (created when new). */
export interface OrderContacts extends CaptureContacts {
  get(id: string): Promise<Contact | undefined>;
  /** The claim of an order id: which contact it was recorded for. */
  orderClaim(orderId: string): Promise<{ contactId?: string; amountMinor: number; currency: string } | undefined>;
}

/** The double opt-in mail: the contact, and a claim on its mail so nothing is sent twice. */
export interface ConfirmationMailContacts {
  get(id: string): Promise<Contact | undefined>;
  /** False when the mail of this request was claimed already, or its topics no longer wait on it. */
  claimConfirmationMail(contactId: string, topics: readonly string[], requestId: string, requestedAt: string, at: Date): Promise<boolean>;
  /** Gives a claim back after SES did not take the mail. */
  releaseConfirmationMail(contactId: string, topics: readonly string[], claimedAt: Date): Promise<void>;
}

/** The contact with its timeline and proofs (the 360° view, the GDPR export and erasure). */
export interface ContactRecords {
  getRecord(id: string): Promise<ContactRecord | undefined>;
}

/** Finding contacts: by address, name, company, tag, or newest first. */
export interface ContactSearch {
  getByEmail(emailNormalised: string): Promise<Contact | undefined>;
  /** Contact ids whose name has a word starting with `token` (folded). */
  idsByNamePrefix(token: string, limit: number): Promise<string[]>;
  getMany(ids: readonly string[]): Promise<Contact[]>;
  listByCompany(companyId: string, limit: number): Promise<Contact[]>;
  listNewest(limit: number, cursor?: string): Promise<Page<Contact>>;
  /** Contacts carrying a tag (any case), newest first. */
  listByTag(tag: string, limit: number, cursor?: string): Promise<Page<Contact>>;
}

/** The company of a lead by name, created on first sight; safe under concurrent calls. */
export interface CompanyNames {
  ensure(name: string, newId: () => string, now: Date): Promise<string>;
}

export interface CompanyReader {
  get(id: string): Promise<Company | undefined>;
}

export interface CompanySearch {
  search(query: string, limit: number): Promise<Company[]>;
}

/**
 * The writes of a GDPR erasure, in the order the use case calls them: each can be repeated, and the
 * profile goes last, announcing the erasure in its transaction.
 */
export interface ErasureStore {
  suppressHash(hash: string, reason: 'erased', at: Date): Promise<void>;
  /** Keeps an order id's claim (a replayed order stays a duplicate) but drops whom it belonged to. */
  anonymiseOrderClaim(orderId: string): Promise<void>;
  /** Deletes what points at the contact from outside its partition: name and tag index entries, segment memberships, the email claim, the address's suppression entry. */
  deleteLookups(contact: Pick<Contact, 'id' | 'emailNormalised' | 'searchKeys' | 'tagKeys' | 'segments' | 'mergedEmails'>): Promise<void>;
  /** Deletes what is left of contacts merged into this one: their tombstones and whatever stayed in their partitions. */
  deleteMergedRemains(contactIds: readonly string[]): Promise<void>;
  /** Deletes every item of the contact's partition but its profile. */
  deletePartitionBesideProfile(contactId: string): Promise<void>;
  /** Deletes the profile and puts `event` into the outbox in one transaction; false when it was gone already. */
  deleteProfileAnnouncing(contactId: string, event: DomainEvent): Promise<boolean>;
}

/** Contacts by id (a preview's sample); erased ones are absent. */
export interface ContactsById {
  getMany(ids: readonly string[]): Promise<Contact[]>;
}

/** A contact by id (a template preview for one person). */
export interface ContactReader {
  get(id: string): Promise<Contact | undefined>;
}
