import { createHash } from 'node:crypto';
import { ConflictError } from './errors';
import type { ColumnMap } from './import-columns';

/**
 * `waiting_for_upload`: an upload URL was handed out, no file arrived yet; `queued`: the file is there
 * (or a run handed on) and the next run is waiting in the queue; `running`, `done`, `failed`.
 */
export const IMPORT_STATUSES = ['waiting_for_upload', 'queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Outcome counts of an import's rows. */
export interface ImportCounts {
  created: number;
  merged: number;
  /** Rows of this file imported before (a re-posted or resumed file): nothing written again. */
  skipped: number;
  rejectedCount: number;
}

/** An import in the history: written when it starts, its progress while it runs, its outcome at the end. */
export interface ImportRecord extends ImportCounts {
  importId: string;
  fileName?: string;
  campaignId: string | null;
  topics: string[];
  consentSource?: string;
  status: ImportStatus;
  /** Data rows in the file. */
  rows: number;
  /** Rows done so far (created, merged, skipped or rejected); updated every few hundred rows. */
  processed: number;
  startedAt: string;
  finishedAt?: string;
  /** Why a failed run ended before its last row (the time limit, an unexpected error); posting the file again continues. */
  error?: string;
  /** Of an uploaded import: until when its upload URL takes the file. */
  uploadExpiresAt?: string;
}

/** A new import's record: nothing done yet, counts at zero. */
export function newImportRecord(
  request: { importId: string; fileName?: string; campaignId?: string; topics: string[]; consentSource?: string },
  status: ImportStatus,
  rows: number,
  startedAt: Date,
): ImportRecord {
  return {
    importId: request.importId,
    ...(request.fileName ? { fileName: request.fileName } : {}),
    campaignId: request.campaignId ?? null,
    topics: request.topics,
    ...(request.consentSource ? { consentSource: request.consentSource } : {}),
    status,
    rows,
    processed: 0,
    created: 0,
    merged: 0,
    skipped: 0,
    rejectedCount: 0,
    startedAt: startedAt.toISOString(),
  };
}

/** What an import's id is derived from besides the file. */
export interface ImportIdentity {
  campaignId?: string;
  topics: string[];
  consentSource?: string;
  map?: ColumnMap;
}

/**
 * The id of an import: the first 24 characters of the base64url SHA-256 of the file's raw bytes followed
 * by the UTF-8 JSON `[campaignId, topics, consentSource]` (absent ones `null`; `[…, map]` when a column
 * map is given), so the same file imported the same way is one import (its rows claimed once) and a
 * browser can compute the id with `crypto.subtle` before the upload answers (README, Imports).
 */
export function importIdOf(bytes: Uint8Array, identity: ImportIdentity): string {
  return createHash('sha256')
    .update(bytes)
    .update(JSON.stringify(importIdQuery(identity)))
    .digest('base64url')
    .slice(0, 24);
}

/** The part of an import's id after the file's bytes: `[campaignId, topics, consentSource(, map)]`. */
export function importIdQuery(identity: ImportIdentity): unknown[] {
  const query: unknown[] = [identity.campaignId ?? null, identity.topics, identity.consentSource ?? null];
  if (identity.map) query.push(identity.map);
  return query;
}

/** Another request is importing the same file the same way right now. */
export class ImportRunningError extends ConflictError {
  constructor(readonly importId: string) {
    super(`Import ${importId} is running; follow it with GET /v1/imports/${importId}`);
  }
}
