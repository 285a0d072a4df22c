import type { Applied } from '#shared/domain/campaign-analytics';
import type { Contact } from '#shared/domain/contact';
import type { DuplicateFacts } from '#shared/domain/duplicates';
import type { DomainEvent } from '#shared/events/publisher';

/** What a contact adds to the campaign counters, and the version guarding it (0: nothing counted yet). */
export interface AttributionShare {
  applied: Applied;
  version: number;
}

/** The merge's writes (shared/store/merge-repository.ts). */
export interface MergeStore {
  /** The final survivor `id` was merged into; undefined when it was not merged. */
  mergedInto(id: string): Promise<string | undefined>;
  attributionShare(contactId: string): Promise<AttributionShare>;
  /** The merge's one transaction; throws ConcurrentWriteError when either contact or share changed since read. */
  absorb(input: {
    survivor: Contact;
    merged: Contact;
    other: Contact;
    shares: { survivor: AttributionShare; other: AttributionShare };
    event: DomainEvent;
    at: string;
  }): Promise<Contact>;
  /** Moves what is left in the other's partition to the survivor's (idempotent); how many items moved. */
  moveItems(otherId: string, survivorId: string): Promise<number>;
}

/** Pairs the user dismissed as "not a duplicate". */
export interface DuplicateDismissals {
  dismiss(pairId: string, a: string, b: string, at: string): Promise<void>;
  dismissedPairs(): Promise<Set<string>>;
}

/** The whole `facts` index, read by parallel Scan segments, page by page. */
export interface FactsScanner {
  scanAllFacts(options: { attributes: readonly string[]; workers: number }, onPage: (facts: DuplicateFacts[]) => Promise<void>): Promise<void>;
}
