import type { ColumnMap } from '#shared/domain/import-columns';
import type { ImportCounts, ImportRecord } from '#shared/domain/import-record';
import type { ImportSurvey, StreamPosition } from '#shared/domain/import-stream';
import type { Page } from '#shared/domain/page';

/**
 * The ports of the import use cases (posted files, dry runs, uploads and their runs, the history).
 * The import and contact repositories satisfy them.
 */

/** A rejected row of an import and why. */
export interface ImportRejection {
  row: number;
  reason: string;
}

/** An uploaded import with what its runs keep between them (never shown by the API). */
export interface UploadedImport {
  record: ImportRecord;
  map?: ColumnMap;
  /** Set by the first run's survey pass. */
  survey?: ImportSurvey;
  /** Where the next run continues. */
  position?: StreamPosition;
  /** Rows after `position` that a run finished and counted before it stopped (their claims exist). */
  ahead?: number[];
}

/** An uploaded import's counts and position after some rows. */
export type ImportRunProgress = ImportCounts & { processed: number; position: StreamPosition; ahead: number[] };

/** Which of these rows of the file were imported before (their claims exist). */
export interface ClaimedRows {
  claimedRows(importId: string, rows: readonly number[]): Promise<Set<number>>;
}

/** Keeps a rejected row and its reason (the same row rejected again overwrites it). */
export interface RowRejections {
  reject(importId: string, rejection: ImportRejection): Promise<void>;
}

/** A posted file's import: its record through the run, rejected rows, claimed rows. */
export interface ImportStore extends ClaimedRows, RowRejections {
  get(importId: string): Promise<ImportRecord | undefined>;
  /** False when the import is done or another run is at work on it. */
  start(record: ImportRecord, staleBefore: Date): Promise<boolean>;
  /** False when another run took the record over. */
  progress(importId: string, startedAt: string, progress: ImportCounts & { processed: number }, at: Date): Promise<boolean>;
  /** False when another run took the record over. */
  finish(record: ImportRecord, at: Date): Promise<boolean>;
  rejections(importId: string, limit: number, cursor?: string): Promise<Page<ImportRejection>>;
}

/** The record of an upload handed out, with the column map its runs apply. */
export interface UploadCreator {
  createUpload(record: ImportRecord, map: ColumnMap | undefined): Promise<void>;
}

/** An uploaded import's runs: each takes the import, saves its survey and position, hands on or finishes. */
export interface UploadedImportStore extends ClaimedRows, RowRejections {
  getUpload(importId: string): Promise<UploadedImport | undefined>;
  /** False when it was no longer waiting for its file. */
  markUploaded(importId: string, at: Date): Promise<boolean>;
  /** False when another run holds it or it is no longer queued. */
  claimRun(importId: string, runId: string, at: Date, staleBefore: Date): Promise<boolean>;
  saveSurvey(importId: string, runId: string, survey: ImportSurvey, at: Date): Promise<boolean>;
  /** `handOn` gives it back to the queue for the next run; false when another run took it over. */
  saveRun(importId: string, runId: string, progress: ImportRunProgress, at: Date, handOn?: boolean): Promise<boolean>;
  /** `runId` undefined ends it whoever holds it. */
  finishUpload(
    importId: string,
    runId: string | undefined,
    outcome: { status: 'done' | 'failed'; error?: string; counts?: ImportCounts & { processed: number } },
    at: Date,
  ): Promise<boolean>;
}

/** The import history and its rejected rows. */
export interface ImportHistoryStore {
  get(importId: string): Promise<ImportRecord | undefined>;
  list(limit: number, cursor?: string): Promise<Page<ImportRecord>>;
  rejections(importId: string, limit: number, cursor?: string): Promise<Page<ImportRejection>>;
  allRejections(importId: string): Promise<ImportRejection[]>;
}

/** Which of these (normalised) addresses belong to a contact. */
export interface ExistingEmails {
  existingEmails(emailsNormalised: readonly string[]): Promise<Set<string>>;
}
