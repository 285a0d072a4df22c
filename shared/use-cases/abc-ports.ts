import type { AbcClass } from '#shared/domain/abc';
import type { AbcRunRecord, AbcRunSummary } from '#shared/domain/abc-run';
import type { Settings } from '#shared/domain/settings';
import type { SegmentFacts } from '#shared/domain/segment-rule';
import type { FactsScanner } from './segment-ports';

/** The ports of the ABC classification; the ABC repository, the segment repository (facts) and the settings satisfy them. */

/** The ABC run's record (lease, last run, last failure) and its writes of classes. */
export interface AbcStore {
  runRecord(): Promise<AbcRunRecord>;
  /** Takes the run's lease; false when another run holds it. */
  startRun(run: { runId: string; startedAt: string; until: string }, now: Date): Promise<boolean>;
  /** Records the finished run and gives the lease back. */
  finishRun(summary: AbcRunSummary): Promise<void>;
  /** Records a failed run and gives the lease back. */
  failRun(run: { runId: string; startedAt: string }, at: Date): Promise<void>;
  /** Every company's id and current class. */
  companyClasses(): Promise<Array<{ id: string; abc?: AbcClass }>>;
  /** Sets a company's class if it is still `seen`; false when it changed meanwhile or the company is gone. */
  setCompanyClass(id: string, seen: AbcClass | undefined, next: AbcClass): Promise<boolean>;
  /** Sets a contact's class, conditioned on its version (bumped); throws ConcurrentWriteError when it changed or vanished. */
  setContactClass(id: string, version: number, next: AbcClass): Promise<void>;
}

/** Every contact's facts (a parallel Scan), and one contact's again after a lost race. */
export interface AbcFacts extends FactsScanner {
  factsOf(contactId: string): Promise<SegmentFacts | undefined>;
}

export interface AbcSettings {
  get(): Promise<Settings>;
}
