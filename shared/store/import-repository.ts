import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ColumnMap } from '#shared/domain/import-columns';
import { IMPORT_STATUSES, type ImportCounts, type ImportRecord, type ImportStatus } from '#shared/domain/import-record';
import type { ImportSurvey, StreamPosition } from '#shared/domain/import-stream';
import type { ImportRejection, ImportRunProgress, UploadedImport } from '#shared/use-cases/import-ports';
import type { TableRef } from './dynamo-client';
import { writeIf } from './errors';
import { keys, rowOfImportClaim, SK_PREFIX } from './keys';
import { getAll, type Page, queryAll, queryPage } from './pagination';

/** How far back the dashboard looks for imports still running (older ones are taken as interrupted). */
const RUNNING_WINDOW_MS = 60 * 60 * 1000;

const STATUSES: readonly string[] = IMPORT_STATUSES;

export type { ImportRejection, ImportRunProgress, UploadedImport };

/** The record as the API shows it: named attributes only, no keys or bookkeeping. */
function toRecord(item: Record<string, unknown>): ImportRecord {
  const count = (name: string) => (typeof item[name] === 'number' ? item[name] : 0);
  return {
    importId: String(item.importId),
    ...(typeof item.fileName === 'string' ? { fileName: item.fileName } : {}),
    campaignId: typeof item.campaignId === 'string' ? item.campaignId : null,
    topics: Array.isArray(item.topics) ? item.topics.map(String) : [],
    ...(typeof item.consentSource === 'string' ? { consentSource: item.consentSource } : {}),
    status: item.status as ImportStatus,
    rows: count('rows'),
    processed: count('processed'),
    created: count('created'),
    merged: count('merged'),
    skipped: count('skipped'),
    rejectedCount: count('rejectedCount'),
    startedAt: String(item.startedAt),
    ...(typeof item.finishedAt === 'string' ? { finishedAt: item.finishedAt } : {}),
    ...(typeof item.error === 'string' ? { error: item.error } : {}),
    ...(typeof item.uploadExpiresAt === 'string' ? { uploadExpiresAt: item.uploadExpiresAt } : {}),
  };
}

const isRecord = (item: Record<string, unknown> | undefined): item is Record<string, unknown> =>
  typeof item?.importId === 'string' && STATUSES.includes(String(item.status));

/**
 * Imports (`IMPORT#<importId>`): the record (`META`, listed through gsi1 `IMPORT` by start time) and every
 * rejected row with its reason (`REJ#<n>`); an imported row's claim is its touchpoint (keys.ts
 * `importRowTouchpoint`, listed through gsi1 `IMPORTROWS#<file>`), before 0.8.0 a `ROW#<n>` item here. An uploaded import's record (`kind: upload`) also keeps its column map, the survey
 * of its file and the position its next run continues from. Records of 0.5.0 and before (`status: completed`) are not part of the history.
 */
export class ImportRepository {
  constructor(private readonly table: TableRef) {}

  async get(importId: string): Promise<ImportRecord | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.importMeta(importId), ConsistentRead: true }));
    return isRecord(result.Item) ? toRecord(result.Item) : undefined;
  }

  /**
   * Writes the record of a run that starts, unless the import is done or another run is at work on it:
   * a record that failed, one of before 0.6.0, or one running without progress since `staleBefore`
   * (its process died) is taken over. Returns false when the record stands.
   */
  start(record: ImportRecord, staleBefore: Date): Promise<boolean> {
    return writeIf(
      this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.importMeta(record.importId),
            gsi1pk: keys.listing('IMPORT'),
            gsi1sk: `${record.startedAt}#${record.importId}`,
            type: 'import',
            ...record,
            updatedAt: record.startedAt,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #status IN (:failed, :legacy) OR (#status = :running AND updatedAt < :stale)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':failed': 'failed', ':legacy': 'completed', ':running': 'running', ':stale': staleBefore.toISOString() },
        }),
      ),
    );
  }

  /** The counts so far of the run that started at `startedAt`; false when another run took the record over. */
  progress(importId: string, startedAt: string, progress: ImportCounts & { processed: number }, at: Date): Promise<boolean> {
    const sets = Object.entries({ ...progress, updatedAt: at.toISOString() });
    return writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.importMeta(importId),
          UpdateExpression: `SET ${sets.map((_, index) => `#f${index} = :f${index}`).join(', ')}`,
          ConditionExpression: 'startedAt = :startedAt AND #status = :running',
          ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(sets.map(([name], index) => [`#f${index}`, name])) },
          ExpressionAttributeValues: {
            ':startedAt': startedAt,
            ':running': 'running',
            ...Object.fromEntries(sets.map(([, value], index) => [`:f${index}`, value])),
          },
        }),
      ),
    );
  }

  /** The final record of the run that started at `record.startedAt` (done or failed); false when another run took it over. */
  finish(record: ImportRecord, at: Date): Promise<boolean> {
    return writeIf(
      this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.importMeta(record.importId),
            gsi1pk: keys.listing('IMPORT'),
            gsi1sk: `${record.startedAt}#${record.importId}`,
            type: 'import',
            ...record,
            updatedAt: at.toISOString(),
          },
          ConditionExpression: 'startedAt = :startedAt',
          ExpressionAttributeValues: { ':startedAt': record.startedAt },
        }),
      ),
    );
  }

  /** The record of an upload handed out (status `waiting_for_upload`), with the column map its runs apply. */
  async createUpload(record: ImportRecord, map: ColumnMap | undefined): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.importMeta(record.importId),
          gsi1pk: keys.listing('IMPORT'),
          gsi1sk: `${record.startedAt}#${record.importId}`,
          type: 'import',
          kind: 'upload',
          ...record,
          ...(map ? { map: JSON.stringify(map) } : {}),
          updatedAt: record.startedAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** An uploaded import with its survey and position; undefined for an unknown id or an import posted whole. */
  async getUpload(importId: string): Promise<UploadedImport | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.importMeta(importId), ConsistentRead: true }));
    const item = result.Item;
    if (!isRecord(item) || item.kind !== 'upload') return undefined;
    return {
      record: toRecord(item),
      // JSON strings: headers may be empty, and a map's keys in DynamoDB may not.
      ...(typeof item.map === 'string' ? { map: JSON.parse(item.map) as ColumnMap } : {}),
      ...(typeof item.survey === 'string' ? { survey: JSON.parse(item.survey) as ImportSurvey } : {}),
      ...(item.position ? { position: item.position as StreamPosition } : {}),
      ...(Array.isArray(item.ahead) ? { ahead: item.ahead.filter((row): row is number => typeof row === 'number') } : {}),
    };
  }

  /** The file arrived: `waiting_for_upload` becomes `queued`. False when it was no longer waiting. */
  markUploaded(importId: string, at: Date): Promise<boolean> {
    return this.update(importId, { status: 'queued', updatedAt: at.toISOString() }, '#status = :waiting', { ':waiting': 'waiting_for_upload' });
  }

  /**
   * Takes a queued import for the run `runId`, or one whose run stopped reporting progress before
   * `staleBefore` (its process died). False when another run holds it or it is no longer queued.
   */
  claimRun(importId: string, runId: string, at: Date, staleBefore: Date): Promise<boolean> {
    return this.update(
      importId,
      { status: 'running', runId, updatedAt: at.toISOString() },
      '#status = :queued OR (#status = :running AND updatedAt < :stale)',
      {
        ':queued': 'queued',
        ':running': 'running',
        ':stale': staleBefore.toISOString(),
      },
    );
  }

  /** The survey of the run that holds the import (file id, detection, rows). */
  saveSurvey(importId: string, runId: string, survey: ImportSurvey, at: Date): Promise<boolean> {
    return this.update(
      importId,
      { survey: JSON.stringify(survey), rows: survey.rows, position: { row: 1, byte: 0 }, updatedAt: at.toISOString() },
      'runId = :runId AND #status = :running',
      { ':runId': runId, ':running': 'running' },
    );
  }

  /**
   * The counts and position of the run that holds the import; `handOn` gives it back to the queue
   * (`queued`) for the next run. False when another run took it over.
   */
  saveRun(importId: string, runId: string, progress: ImportRunProgress, at: Date, handOn = false): Promise<boolean> {
    return this.update(
      importId,
      { ...progress, ...(handOn ? { status: 'queued' } : {}), updatedAt: at.toISOString() },
      'runId = :runId AND #status = :running',
      {
        ':runId': runId,
        ':running': 'running',
      },
    );
  }

  /** The end of an uploaded import (done, or failed with why); `runId` undefined ends it whoever holds it (a poison message's last receive). */
  finishUpload(
    importId: string,
    runId: string | undefined,
    outcome: { status: 'done' | 'failed'; error?: string; counts?: ImportCounts & { processed: number } },
    at: Date,
  ): Promise<boolean> {
    const sets = {
      status: outcome.status,
      ...(outcome.counts ?? {}),
      ...(outcome.error ? { error: outcome.error } : {}),
      finishedAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    return runId
      ? this.update(importId, sets, 'runId = :runId AND #status = :running', { ':runId': runId, ':running': 'running' })
      : this.update(importId, sets, 'attribute_exists(pk) AND #status <> :done', { ':done': 'done' });
  }

  private update(importId: string, sets: Record<string, unknown>, condition: string, values: Record<string, unknown>): Promise<boolean> {
    const entries = Object.entries(sets);
    return writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.importMeta(importId),
          UpdateExpression: `SET ${entries.map((_, index) => `#f${index} = :f${index}`).join(', ')}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(entries.map(([name], index) => [`#f${index}`, name])) },
          ExpressionAttributeValues: { ...values, ...Object.fromEntries(entries.map(([, value], index) => [`:f${index}`, value])) },
        }),
      ),
    );
  }

  /** Keeps a rejected row and its reason (the same row rejected again overwrites it). */
  async reject(importId: string, rejection: ImportRejection): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.importRejection(importId, rejection.row), type: 'import-rejection', row: rejection.row, reason: rejection.reason },
      }),
    );
  }

  /** A page of the rejected rows, by row number. */
  rejections(importId: string, limit: number, cursor?: string): Promise<Page<ImportRejection>> {
    return queryPage(
      this.table,
      { partition: keys.importPartition(importId), skPrefix: SK_PREFIX.importRejection, limit, ...(cursor ? { cursor } : {}) },
      toRejection,
    );
  }

  /** Every rejected row, by row number (the CSV download). */
  async allRejections(importId: string): Promise<ImportRejection[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.importPartition(importId), ':prefix': SK_PREFIX.importRejection },
    });
    return items.map(toRejection);
  }

  /**
   * Which of these rows of the file were imported before: their touchpoints, which are the rows'
   * claims (one gsi1 Query over the rows' range), or the claim items versions before 0.8.0 wrote.
   */
  async claimedRows(importId: string, rows: readonly number[]): Promise<Set<number>> {
    const wanted = [...new Set(rows)];
    if (wanted.length === 0) return new Set();
    const [touched, claimed] = await Promise.all([
      queryAll(this.table, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :first AND :last',
        ExpressionAttributeValues: {
          ':pk': keys.importRowTouchpoints(importId),
          ':first': keys.importRowPosition(Math.min(...wanted)),
          ':last': keys.importRowPosition(Math.max(...wanted)),
        },
        ProjectionExpression: 'gsi1sk',
      }),
      getAll(
        this.table,
        wanted.map((row) => keys.importRow(importId, row)),
        { expression: '#sk', names: { '#sk': 'sk' } },
      ),
    ]);
    const done = new Set([...touched.map((item) => Number(item.gsi1sk)), ...claimed.map((item) => rowOfImportClaim(String(item.sk)))]);
    return new Set(wanted.filter((row) => done.has(row)));
  }

  /** The history, newest first. */
  list(limit: number, cursor?: string): Promise<Page<ImportRecord>> {
    return queryPage(this.table, { index: 'gsi1', partition: keys.listing('IMPORT'), limit, newestFirst: true, ...(cursor ? { cursor } : {}) }, toRecord);
  }

  /** Imports running now: status running and started within the last hour (for the dashboard). */
  async running(now: Date): Promise<ImportRecord[]> {
    const items = await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :since',
      FilterExpression: '#status = :running',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': keys.listing('IMPORT'), ':since': new Date(now.getTime() - RUNNING_WINDOW_MS).toISOString(), ':running': 'running' },
      ScanIndexForward: false,
    });
    return items.map(toRecord);
  }
}

function toRejection(item: Record<string, unknown>): ImportRejection {
  return { row: Number(item.row), reason: String(item.reason) };
}
