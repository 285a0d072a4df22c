import type { Applied, AttributionFacts, CounterRows, DayRange } from '#shared/domain/campaign-analytics';

/**
 * The ports of campaign analytics, the attribution counters and the dashboard. The stats repository
 * satisfies them.
 */

/** What a contact has contributed to the counters, and the version that guards it. */
export interface AttributionState {
  facts: AttributionFacts;
  applied: Applied;
  version: number;
}

/** The counter rows a report over `range` reads (both ends included). */
export interface CounterRowsReader {
  rows(campaignId: string, range: DayRange): Promise<CounterRows>;
}

/** The campaign's day rows (totals and e-mail funnel) of `range`. */
export interface DayRowsReader {
  dayRows(campaignId: string, range: DayRange): Promise<CounterRows['days']>;
}

/** A contact's share of the counters, and moving them to a new share. */
export interface AttributionStore {
  /** Undefined when the contact does not exist. */
  attributionState(contactId: string): Promise<AttributionState | undefined>;
  /** Throws ConcurrentWriteError when another run moved the share first (re-read and retry). */
  applyContributions(contactId: string, current: Pick<AttributionState, 'applied' | 'version'>, next: Applied): Promise<'moved' | 'unchanged' | 'gone'>;
}
