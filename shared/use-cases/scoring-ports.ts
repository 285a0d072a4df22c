import type { Contact } from '#shared/domain/contact';
import type { ScoreEntry, ScoringConfig } from '#shared/domain/scoring';
import type { SegmentFacts } from '#shared/domain/segment-rule';
import type { DomainEvent } from '#shared/events/publisher';

/** A rebuild of every contact's score: its state, as `GET /v1/scoring` shows it, plus where its scan is. */
export interface RebuildState {
  runId: string;
  status: 'running' | 'done';
  /** `rules`: a rules change or `POST /v1/scoring/rebuild`; `decay`: the daily schedule. */
  reason: 'rules' | 'decay';
  /** Contacts rescored so far. */
  done: number;
  startedAt: string;
  finishedAt?: string;
  /** The scan's position (opaque), so the next invocation resumes there. */
  cursor?: string;
}

/** What one score write carries: the profile's new score, conditioned on the version it was computed from. */
export interface ScoreWrite {
  contactId: string;
  /** The profile version the score was computed from; the write fails if it changed since. */
  seenVersion: number;
  score: number;
  rulesVersion: number;
  /** A new ledger entry, put only if no entry with its event id exists (else the write is a duplicate). */
  entry?: ScoreEntry;
  /** Set `qualifiedAt` and publish this `lead.qualified` through the outbox in the same transaction. */
  qualified?: { at: string; event: DomainEvent };
  /** The score fell below the threshold: `qualifiedAt` is removed, so a later crossing qualifies again. */
  clearQualified?: boolean;
}

/** `written`; `duplicate`: the entry's event was scored before; `conflict`: the profile changed (re-read, retry); `gone`: no profile. */
export type ScoreWriteOutcome = 'written' | 'duplicate' | 'conflict' | 'gone';

/** The lead-scoring store: rules, ledger, score writes, rebuild state and the contact scan. */
export interface ScoringStore {
  config(): Promise<ScoringConfig>;
  /** Saves new rules if the stored version is still `previousVersion`, starting a rebuild in the same transaction; false on a concurrent change. */
  saveConfig(config: ScoringConfig, previousVersion: number, rebuild: RebuildState, event: DomainEvent): Promise<boolean>;
  rebuildState(): Promise<RebuildState | undefined>;
  /** Starts a rebuild (superseding one under way): the state and its request event in one transaction. */
  startRebuild(rebuild: RebuildState, event: DomainEvent): Promise<void>;
  /** Records progress (or the end) of run `runId`; false when another run superseded it. */
  saveRebuild(rebuild: RebuildState): Promise<boolean>;
  /** Puts a request for the run to go on (the next invocation resumes at the saved cursor). */
  requestRebuild(event: DomainEvent): Promise<void>;
  profile(contactId: string): Promise<Contact | undefined>;
  ledger(contactId: string): Promise<ScoreEntry[]>;
  /** The profile and its ledger in one consistent read. */
  profileWithLedger(contactId: string): Promise<{ profile: Contact | undefined; ledger: ScoreEntry[] }>;
  writeScore(write: ScoreWrite): Promise<ScoreWriteOutcome>;
  /** A page of contact facts from the facts index (`attributes` of each), starting at `cursor`; `segment` of `totalSegments`. */
  scanContacts(options: { attributes: readonly string[]; cursor?: string; limit: number; segment?: number; totalSegments?: number }): Promise<{
    items: SegmentFacts[];
    cursor?: string;
  }>;
}
