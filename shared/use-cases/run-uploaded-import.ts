import { randomUUID } from 'node:crypto';
import { ValidationError } from '#shared/domain/errors';
import type { ImportCounts } from '#shared/domain/import-record';
import { type ImportSurvey, type StreamedRow, type StreamPosition, streamImportRows, surveyImportStream } from '#shared/domain/import-stream';
import type { UploadReader } from '#shared/files/s3-uploads';
import { uploadObjectKey } from '#shared/files/upload-keys';
import {
  CLAIM_CHECK_ROWS,
  CONCURRENCY,
  importableFields,
  type ImportPorts,
  importRow,
  loadImportRequest,
  PROGRESS_EVERY,
  PROGRESS_EVERY_MS,
  STALE_AFTER_MS,
} from './import-contacts';
import type { ImportRunProgress, UploadedImport, UploadedImportStore } from './import-ports';

/**
 * Time a run keeps in hand before the function's deadline (15 minutes in AWS): it starts no more
 * rows, lets the rows in flight finish, saves its position and hands on to the next run.
 */
export const RUN_STOP_BEFORE_DEADLINE_MS = 30_000;

/** The queue the next run of an import waits in (the import queue: SQS in AWS, the local queue locally). */
export interface ImportQueue {
  handOn(importId: string): Promise<void>;
}

export type RunImportPorts = Pick<ImportPorts, 'contacts' | 'companies' | 'clock' | 'newId' | 'isErased' | 'campaigns' | 'topics' | 'customFields'> & {
  imports: UploadedImportStore;
  uploads: UploadReader;
  queue: ImportQueue;
};

/** What a run did: finished the import, handed on to a next run, or found nothing to do (another run holds it, it is done, or unknown). */
export type RunOutcome = 'done' | 'failed' | 'handed-on' | 'nothing-to-do';

/**
 * The uploaded file of `importId` is in the bucket (its object-created notification): the import is
 * queued and its first run starts. A notification for an import no longer waiting (a second PUT, a
 * repeated notification) changes nothing, and its run finds nothing to do unless a run is due.
 */
export async function uploadArrived(ports: RunImportPorts, importId: string, timeLeftMs: () => number): Promise<RunOutcome> {
  await ports.imports.markUploaded(importId, ports.clock.now());
  return runUploadedImport(ports, importId, timeLeftMs);
}

/**
 * One run of an uploaded import: takes the queued import (or one whose run died), surveys the file on
 * its first run (encoding, delimiter, headers, rows, the file's id; a file that is not readable CSV
 * fails the import before any row is written), then streams the rows from where the last run stopped
 * through the capture path, 16 at a time, each claimed under the file's id so the same file uploaded
 * again writes nothing twice. Near the deadline it finishes the rows in flight, saves its position
 * (row and byte offset) and hands on to the next run through the queue. An unexpected error gives the
 * import back to the queue (status `queued`) at the last safe position and is thrown, so the message
 * is retried and, after its last receive, parked in the dead-letter queue (see {@link failUploadedImport}).
 */
export async function runUploadedImport(ports: RunImportPorts, importId: string, timeLeftMs: () => number): Promise<RunOutcome> {
  const upload = await ports.imports.getUpload(importId);
  if (!upload || (upload.record.status !== 'queued' && upload.record.status !== 'running')) return 'nothing-to-do';
  const runId = randomUUID();
  const now = ports.clock.now();
  if (!(await ports.imports.claimRun(importId, runId, now, new Date(now.getTime() - STALE_AFTER_MS)))) return 'nothing-to-do';
  const fail = async (error: string) => {
    await ports.imports.finishUpload(importId, runId, { status: 'failed', error }, ports.clock.now());
    return 'failed' as const;
  };
  const identity = {
    topics: upload.record.topics,
    ...(upload.record.campaignId ? { campaignId: upload.record.campaignId } : {}),
    ...(upload.record.consentSource ? { consentSource: upload.record.consentSource } : {}),
    ...(upload.map ? { map: upload.map } : {}),
  };
  let request: Awaited<ReturnType<typeof loadImportRequest>>;
  let survey = upload.survey;
  const definitions = await importableFields(ports);
  try {
    request = await loadImportRequest(ports, identity, 'body');
    if (!survey) {
      const file = await ports.uploads.open(uploadObjectKey(importId));
      if (!file) return await fail('the uploaded file is not in the bucket (uploads are kept for 7 days); upload it again');
      survey = await surveyImportStream(file, identity, definitions);
      await ports.imports.saveSurvey(importId, runId, survey, ports.clock.now());
    }
  } catch (error) {
    if (error instanceof ValidationError) return fail(describe(error));
    throw error;
  }
  return importFrom(ports, { importId, runId, upload, survey, campaign: request.campaign, topics: request.topics, timeLeftMs, definitions });
}

/** The last receive of a run's message failed too: the import ends `failed` (the message goes to the dead-letter queue). */
export async function failUploadedImport(ports: Pick<RunImportPorts, 'imports' | 'clock'>, importId: string): Promise<void> {
  await ports.imports.finishUpload(
    importId,
    undefined,
    { status: 'failed', error: 'the import stopped on an unexpected error, several times; its chunk was set aside for the operator' },
    ports.clock.now(),
  );
}

const describe = (error: ValidationError) => `${error.message}: ${error.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`;

async function importFrom(
  ports: RunImportPorts,
  run: {
    importId: string;
    runId: string;
    upload: UploadedImport;
    survey: ImportSurvey;
    campaign: Awaited<ReturnType<typeof loadImportRequest>>['campaign'];
    topics: Awaited<ReturnType<typeof loadImportRequest>>['topics'];
    timeLeftMs: () => number;
    definitions: Awaited<ReturnType<typeof importableFields>>;
  },
): Promise<RunOutcome> {
  const { importId, runId, upload, survey } = run;
  const record = upload.record;
  const counts: ImportCounts & { processed: number } = {
    created: record.created,
    merged: record.merged,
    skipped: record.skipped,
    rejectedCount: record.rejectedCount,
    processed: record.processed,
  };
  let position: StreamPosition = upload.position ?? { row: 1, byte: 0 };
  /** Rows started and not finished, by row, with the position before each: the earliest is where a retry resumes. */
  const pending = new Map<number, StreamPosition>();
  /** The position after the last row started. */
  let started = position;
  const safePosition = (): StreamPosition => pending.values().next().value ?? started;
  /**
   * Rows past the safe position that are finished and counted (a later row can finish before an
   * earlier one): a run resuming at the safe position meets their claims and must not count them twice.
   */
  const countedAhead = new Set(upload.ahead ?? []);
  const progress = (): ImportRunProgress => {
    const position = safePosition();
    for (const row of countedAhead) if (row < position.row) countedAhead.delete(row);
    return { ...counts, position, ahead: [...countedAhead] };
  };

  const companyIds = new Map<string, Promise<string>>();
  const rowPorts = {
    ...ports,
    companies: {
      ensure: (name: string, newId: () => string, now: Date) => {
        const key = name.toLowerCase();
        if (!companyIds.has(key)) companyIds.set(key, ports.companies.ensure(name, newId, now));
        return companyIds.get(key) as Promise<string>;
      },
    },
  };
  const inFlight = new Set<Promise<void>>();
  let reported = counts.processed;
  let reportedAt = ports.clock.now().getTime();
  let stoppedEarly = false;
  /** The first row that failed unexpectedly: the run stops and gives the import back at the last safe position. */
  let failure: { error: unknown } | undefined;
  const file = await ports.uploads.open(uploadObjectKey(importId), position.byte);
  if (!file)
    return ports.imports
      .finishUpload(
        importId,
        runId,
        { status: 'failed', error: 'the uploaded file is not in the bucket (uploads are kept for 7 days); upload it again', counts },
        ports.clock.now(),
      )
      .then(() => 'failed');
  try {
    rows: for await (const batch of batches(streamImportRows(file, survey, upload.map, position, run.definitions), CLAIM_CHECK_ROWS)) {
      const claimed = await ports.imports.claimedRows(
        survey.fileId,
        batch.map(({ row }) => row),
      );
      for (const { row, values, nextByte } of batch) {
        if (run.timeLeftMs() < RUN_STOP_BEFORE_DEADLINE_MS) {
          stoppedEarly = true;
          break rows;
        }
        const before = started;
        started = { row, byte: nextByte };
        if (claimed.has(row)) {
          if (countedAhead.has(row)) continue;
          counts.skipped += 1;
          counts.processed += 1;
          continue;
        }
        pending.set(row, before);
        const task = importRow(rowPorts, {
          importId,
          claimId: survey.fileId,
          row,
          values,
          campaign: run.campaign,
          topics: run.topics,
          consentSource: record.consentSource,
          definitions: run.definitions,
        })
          .then(async (outcome) => {
            if (outcome.kind === 'rejected') {
              await ports.imports.reject(importId, { row, reason: outcome.reason });
              counts.rejectedCount += 1;
            } else counts[outcome.kind] += 1;
            counts.processed += 1;
            pending.delete(row);
            if (pending.size === 0) countedAhead.clear();
            else if (row > (pending.keys().next().value ?? row)) countedAhead.add(row);
          })
          .catch((error: unknown) => {
            // Kept, not left to whichever await happens to watch this row: a row that failed while the
            // loop waited elsewhere must still stop the run, or the import would end `done` without it.
            failure ??= { error };
          })
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
        if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
        if (failure) throw failure.error;
        const now = ports.clock.now();
        if (counts.processed - reported >= PROGRESS_EVERY || (counts.processed > reported && now.getTime() - reportedAt >= PROGRESS_EVERY_MS)) {
          reported = counts.processed;
          reportedAt = now.getTime();
          if (!(await ports.imports.saveRun(importId, runId, progress(), now))) throw new Error(`Import ${importId} was taken over by another run`);
        }
      }
    }
    await Promise.all(inFlight);
    if (failure) throw failure.error;
  } catch (error) {
    // Give the import back at the earliest row not finished; the message's retry continues from there.
    await Promise.allSettled(inFlight);
    await ports.imports.saveRun(importId, runId, progress(), ports.clock.now(), true);
    throw error;
  }
  position = safePosition();
  if (stoppedEarly) {
    await ports.imports.saveRun(importId, runId, { ...counts, position, ahead: [] }, ports.clock.now(), true);
    await ports.queue.handOn(importId);
    return 'handed-on';
  }
  await ports.imports.finishUpload(importId, runId, { status: 'done', counts }, ports.clock.now());
  return 'done';
}

async function* batches(rows: AsyncIterable<StreamedRow>, size: number): AsyncGenerator<StreamedRow[]> {
  let batch: StreamedRow[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
