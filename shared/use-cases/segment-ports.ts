import type { Page } from '#shared/domain/page';
import type { Segment, SegmentRunSummary } from '#shared/domain/segment';
import type { SegmentFacts } from '#shared/domain/segment-rule';

/**
 * The ports of the use cases about segments (definitions, previews, runs, live refreshes) and of
 * those that read members or membership counts. The segment repository satisfies them.
 */

export interface SegmentMember {
  contactId: string;
  enteredAt: string;
}

/** A contact's membership changes, written against the profile version they were computed from. */
export interface MembershipChange {
  contactId: string;
  version: number;
  /** The memberships before the change (from the same read as `version`). */
  current: Record<string, string>;
  entered: readonly string[];
  exited: readonly string[];
  at: string;
}

/** One worker's share of a parallel Scan over the contact facts, page by page. */
export interface FactsScanOptions {
  attributes: readonly string[];
  segment: number;
  totalSegments: number;
  pageSize?: number;
  signal?: AbortSignal;
}

/** The whole contact facts, read by `workers` parallel Scan segments. */
export interface AllFactsScanOptions {
  attributes: readonly string[];
  workers: number;
  pageSize?: number;
  signal?: AbortSignal;
}

/** A segment's members, a page at a time. */
export interface SegmentMembers {
  members(segmentId: string, limit: number, cursor?: string): Promise<Page<SegmentMember>>;
}

/** A segment and its members (the contact list filtered by segment, a mailing's snapshot). */
export interface SegmentMemberLists extends SegmentMembers {
  get(id: string): Promise<Segment | undefined>;
}

/** The segments a contact is in, by id (names for the contact view). */
export interface SegmentsById {
  getMany(ids: readonly string[]): Promise<Segment[]>;
}

export interface SegmentReader {
  get(id: string): Promise<Segment | undefined>;
}

/** Moves a segment's member count by a change between runs (an erasure, a live refresh). */
export interface SegmentMemberCounts {
  adjustMemberCount(id: string, delta: number): Promise<void>;
}

/** Every contact's facts, read in parallel, page by page (a segment run, a rebuild of the counters). */
export interface FactsScanner {
  scanAllFacts(options: AllFactsScanOptions, onPage: (facts: SegmentFacts[]) => Promise<void>): Promise<void>;
}

/** Managing segment definitions and previewing them. */
export interface SegmentCatalog extends SegmentMemberLists {
  create(segment: Segment): Promise<void>;
  /** Throws ConcurrentWriteError when the segment changed since it was read. */
  update(previous: Segment, next: Segment): Promise<void>;
  list(limit: number, cursor?: string, options?: { archived?: boolean }): Promise<Page<Segment>>;
  scanFacts(options: FactsScanOptions, onPage: (facts: SegmentFacts[]) => Promise<void>): Promise<void>;
  /** Undefined when there is no such segment. */
  archive(id: string, now: Date): Promise<Segment | undefined>;
}

/** Writing a contact's membership changes; the facts of one contact to redo a change that lost a race. */
export interface MembershipWrites {
  /** Returns the version after the change; throws ConcurrentWriteError when the contact changed or vanished. */
  applyChange(change: MembershipChange): Promise<number>;
  factsOf(contactId: string): Promise<SegmentFacts | undefined>;
}

/** A segment run: every segment, leased while it runs, and the facts of every contact. */
export interface SegmentRunStore extends MembershipWrites, FactsScanner, SegmentsById {
  listAll(): Promise<Segment[]>;
  /** The segment as leased, or undefined when another run holds it. */
  acquireLease(id: string, runId: string, now: Date, until: Date): Promise<Segment | undefined>;
  /** Records a finished run and gives the lease back; whether the count was recorded (rule unchanged). */
  finishRun(segment: Segment, summary: SegmentRunSummary, memberCount: number): Promise<boolean>;
  releaseLease(id: string, runId: string): Promise<void>;
}

/** A live refresh of one changed contact's memberships. */
export interface SegmentRefreshStore extends MembershipWrites, SegmentMemberCounts {}
