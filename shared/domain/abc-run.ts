import type { AbcThresholds, CurrencyClasses } from './abc-classification';

/** A finished ABC run: when, with which thresholds and period, and the accounts and revenue per class. */
export interface AbcRunSummary {
  runId: string;
  startedAt: string;
  computedAt: string;
  thresholds: AbcThresholds;
  /** The months classified, `2025-12` to `2026-11`. */
  period: { from: string; to: string };
  /** Accounts and revenue per class, per currency (each currency classified on its own). */
  currencies: CurrencyClasses[];
  /** Accounts (companies, contacts without one) with no revenue in the period. */
  none: { accounts: number };
  /** Contacts read by the scan. */
  contacts: number;
  /** Profiles and companies whose class changed (the only ones written). */
  written: { contacts: number; companies: number };
  durationMs: number;
}

/**
 * What `GET /v1/abc` shows: the last finished run's figures (`runId`, `computedAt`, `thresholds`, `period`,
 * `currencies`, `none`, …) and the state: `never` (no run finished yet), `running` (one is under way; the
 * figures are still the last finished run's), `done`, or `failed` (the last run failed or was cut short).
 */
export type AbcStatus = Partial<Omit<AbcRunSummary, 'thresholds' | 'currencies' | 'none'>> & {
  status: 'never' | 'running' | 'done' | 'failed';
  /** The last run's thresholds; before any run, those the next run uses. */
  thresholds: AbcThresholds;
  currencies: CurrencyClasses[];
  none: { accounts: number };
  /** The run under way (`running`) or the one that failed (`failed`). */
  attempt?: { runId: string; startedAt: string };
};

/** What the store keeps: the lease of the run under way, the last finished run, the last failure. */
export interface AbcRunRecord {
  current?: { runId: string; startedAt: string; until: string };
  last?: AbcRunSummary;
  failed?: { runId: string; startedAt: string; at: string };
}

/** The status from the record, at `now` (a lease that ran out is a crashed run: failed). */
export function abcStatus(record: AbcRunRecord, settingsThresholds: AbcThresholds, now: Date): AbcStatus {
  const base = record.last ?? { thresholds: settingsThresholds, currencies: [], none: { accounts: 0 } };
  if (record.current && Date.parse(record.current.until) > now.getTime()) {
    return { ...base, status: 'running', attempt: { runId: record.current.runId, startedAt: record.current.startedAt } };
  }
  const failure = record.current ?? record.failed;
  if (failure && (!record.last || failure.startedAt > record.last.startedAt)) {
    return { ...base, status: 'failed', attempt: { runId: failure.runId, startedAt: failure.startedAt } };
  }
  return { ...base, status: record.last ? 'done' : 'never' };
}
