import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AbcClass } from '#shared/domain/abc';
import type { AbcRunRecord, AbcRunSummary } from '#shared/domain/abc-run';
import type { Company } from '#shared/domain/company';
import type { Page } from '#shared/domain/page';
import type { TableRef } from './dynamo-client';
import { ConcurrentWriteError, isConditionalCheckFailed, writeIf } from './errors';
import { keys } from './keys';
import { decodeCursor, encodeCursor, queryAll, withoutKeys } from './pagination';

/** Companies read per Query while filtering the listing by class. */
const FILTER_READ = 500;

/**
 * The ABC classification's storage: its run record (`ABC` / `RUN`: the lease of the run under way, the last
 * finished run, the last failure) and the `abc` attribute it writes on companies and contact profiles.
 */
export class AbcRepository {
  constructor(private readonly table: TableRef) {}

  async runRecord(): Promise<AbcRunRecord> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.abcRun, ConsistentRead: true }));
    const item = result.Item ?? {};
    return {
      ...(item.current ? { current: item.current as NonNullable<AbcRunRecord['current']> } : {}),
      ...(item.last ? { last: item.last as AbcRunSummary } : {}),
      ...(item.failed ? { failed: item.failed as NonNullable<AbcRunRecord['failed']> } : {}),
    };
  }

  /** Takes the lease when no run holds it or the holder's ran out (a crashed run). */
  startRun(run: { runId: string; startedAt: string; until: string }, now: Date): Promise<boolean> {
    return writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.abcRun,
          UpdateExpression: 'SET #current = :current, #type = :type',
          ConditionExpression: 'attribute_not_exists(#current) OR #current.#until < :now',
          ExpressionAttributeNames: { '#current': 'current', '#until': 'until', '#type': 'type' },
          ExpressionAttributeValues: { ':current': run, ':now': now.toISOString(), ':type': 'abc-run' },
        }),
      ),
    );
  }

  async finishRun(summary: AbcRunSummary): Promise<void> {
    await writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.abcRun,
          UpdateExpression: 'SET #last = :last REMOVE #current',
          ConditionExpression: '#current.runId = :runId',
          ExpressionAttributeNames: { '#current': 'current', '#last': 'last' },
          ExpressionAttributeValues: { ':last': summary, ':runId': summary.runId },
        }),
      ),
    );
  }

  async failRun(run: { runId: string; startedAt: string }, at: Date): Promise<void> {
    await writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.abcRun,
          UpdateExpression: 'SET #failed = :failed REMOVE #current',
          ConditionExpression: '#current.runId = :runId',
          ExpressionAttributeNames: { '#current': 'current', '#failed': 'failed' },
          ExpressionAttributeValues: { ':failed': { ...run, at: at.toISOString() }, ':runId': run.runId },
        }),
      ),
    );
  }

  /**
   * Companies of one class, alphabetically, a page at a time: the company listing read with a filter (a
   * product has thousands of companies, not millions), until `limit` match or the listing ends.
   */
  async companiesOfClass(abc: AbcClass, limit: number, cursor?: string): Promise<Page<Company>> {
    const partition = keys.listing('COMPANY');
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined = cursor ? decodeCursor(cursor, { name: 'gsi1pk', value: partition }) : undefined;
    do {
      const page = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          FilterExpression: 'abc = :abc',
          ExpressionAttributeValues: { ':pk': partition, ':abc': abc },
          Limit: Math.min(FILTER_READ, Math.max(limit - items.length, 1) * 4),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start && items.length < limit);
    // A Query page may hold more matches than asked for: cut there, and go on after the last one shown.
    const shown = items.slice(0, limit);
    const last = shown[shown.length - 1];
    const more = items.length > limit || start !== undefined;
    const nextCursor = more && last ? encodeCursor({ pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk }) : undefined;
    return { items: shown.map((item) => withoutKeys<Company>(item)), ...(nextCursor ? { nextCursor } : {}) };
  }

  /** Every company (the gsi1 listing), id and class only. */
  async companyClasses(): Promise<Array<{ id: string; abc?: AbcClass }>> {
    const items = await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ProjectionExpression: 'id, abc',
      ExpressionAttributeValues: { ':pk': keys.listing('COMPANY') },
    });
    return items.map((item) => ({ id: String(item.id), ...(typeof item.abc === 'string' ? { abc: item.abc as AbcClass } : {}) }));
  }

  /**
   * Sets the company's class if it still has the one the run read (only the run writes it; a change of
   * anything else is not touched, so nothing is lost). Its `updatedAt` stays: the class is derived, not an edit.
   */
  setCompanyClass(id: string, seen: AbcClass | undefined, next: AbcClass): Promise<boolean> {
    return writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.company(id),
          UpdateExpression: 'SET abc = :next',
          ConditionExpression: seen === undefined ? 'attribute_exists(pk) AND attribute_not_exists(abc)' : 'attribute_exists(pk) AND abc = :seen',
          ExpressionAttributeValues: { ':next': next, ...(seen === undefined ? {} : { ':seen': seen }) },
        }),
      ),
    );
  }

  /** Sets a contact's class if its profile is still at `version`, and bumps the version (a profile write like any other). */
  async setContactClass(id: string, version: number, next: AbcClass): Promise<void> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.contact(id),
          UpdateExpression: 'SET abc = :next ADD version :one',
          ConditionExpression: 'version = :seen',
          ExpressionAttributeValues: { ':next': next, ':one': 1, ':seen': version },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConcurrentWriteError({ cause: error });
      throw error;
    }
  }
}
