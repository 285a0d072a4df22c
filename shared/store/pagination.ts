import { BatchGetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from '#shared/zod';
import { ValidationError } from '#shared/domain/errors';
import { inParallel } from '#shared/in-parallel';
import type { Page } from '#shared/domain/page';
import type { TableRef } from './dynamo-client';
import { LEAD_IS_NEW, NAME_INDEX_SLOTS, nameIndexSlot } from './keys';

export type { Page };

// Partial: a table Query's key has pk/sk only, a gsi1 Query's has all four.
const cursorSchema = z.partialRecord(z.enum(['pk', 'sk', 'gsi1pk', 'gsi1sk']), z.string().max(1024));

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

/**
 * Decodes an opaque cursor and checks it belongs to the partition being listed, so a forged cursor is
 * a 400 and never reaches DynamoDB as a start key of another partition.
 */
export function decodeCursor(cursor: string, partition: { name: string; value: string }): Record<string, string> {
  const parsed = cursorSchema.safeParse(cursorJson(cursor));
  if (!parsed.success || parsed.data[partition.name as keyof typeof parsed.data] !== partition.value) throw invalidCursor();
  return parsed.data as Record<string, string>;
}

const invalidCursor = (cause?: unknown) =>
  new ValidationError(
    'The cursor is not valid',
    [{ path: 'cursor', message: 'is not a cursor returned by this list' }],
    cause === undefined ? undefined : { cause },
  );

function cursorJson(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw invalidCursor(error);
  }
}

const positionSchema = z.strictObject({ after: z.string().min(1).max(1024) });

/**
 * A cursor for lists merged from several Queries (the shards of an index): it holds the sort key of
 * the last item shown, and the next page is what sorts after it in every shard.
 */
export function encodePosition(sortKey: string): string {
  return Buffer.from(JSON.stringify({ after: sortKey })).toString('base64url');
}

/** The sort key inside a position cursor; a forged one, or one `valid` refuses, is a 400. */
export function decodePosition(cursor: string, valid: (sortKey: string) => boolean): string {
  const parsed = positionSchema.safeParse(cursorJson(cursor));
  if (!parsed.success || !valid(parsed.data.after)) throw invalidCursor();
  return parsed.data.after;
}

/** One page of a Query over a single partition, with an opaque cursor for the next one. */
export async function queryPage<T>(
  table: TableRef,
  options: {
    index?: 'gsi1';
    partition: string;
    limit: number;
    cursor?: string;
    skPrefix?: string;
    newestFirst?: boolean;
  },
  map: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const pkName = options.index === 'gsi1' ? 'gsi1pk' : 'pk';
  const skName = options.index === 'gsi1' ? 'gsi1sk' : 'sk';
  const input: QueryCommandInput = {
    TableName: table.tableName,
    ...(options.index ? { IndexName: options.index } : {}),
    KeyConditionExpression: options.skPrefix ? '#pk = :pk AND begins_with(#sk, :prefix)' : '#pk = :pk',
    ExpressionAttributeNames: { '#pk': pkName, ...(options.skPrefix ? { '#sk': skName } : {}) },
    ExpressionAttributeValues: { ':pk': options.partition, ...(options.skPrefix ? { ':prefix': options.skPrefix } : {}) },
    Limit: options.limit,
    ScanIndexForward: !options.newestFirst,
    ...(options.cursor ? { ExclusiveStartKey: decodeCursor(options.cursor, { name: pkName, value: options.partition }) } : {}),
  };
  const result = await table.client.send(new QueryCommand(input));
  const nextCursor = encodeCursor(result.LastEvaluatedKey);
  return { items: (result.Items ?? []).map(map), ...(nextCursor ? { nextCursor } : {}) };
}

/** Every item a Query matches, following LastEvaluatedKey to the end (for one contact's partition). */
export async function queryAll(table: TableRef, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(new QueryCommand({ ...input, TableName: table.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** BatchGetItem reads at most this many keys per request. */
const BATCH_GET_LIMIT = 100;
const UNPROCESSED_ATTEMPTS = 5;
/** BatchGet requests in flight at once for one `getAll`. */
const BATCH_GET_PARALLEL = 4;

/**
 * The items with these keys that exist, in no particular order: BatchGetItem per 100 keys, asking
 * again for what DynamoDB leaves unprocessed (a few times).
 */
export async function getAll(
  table: TableRef,
  itemKeys: ReadonlyArray<{ pk: string; sk: string }>,
  projection?: { expression: string; names: Record<string, string> },
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  const read = projection ? { ProjectionExpression: projection.expression, ExpressionAttributeNames: projection.names } : {};
  const starts = Array.from({ length: Math.ceil(itemKeys.length / BATCH_GET_LIMIT) }, (_, index) => index * BATCH_GET_LIMIT);
  await inParallel(starts, BATCH_GET_PARALLEL, async (start) => {
    let request: Record<string, { Keys: Array<Record<string, unknown>> }> | undefined = {
      [table.tableName]: { Keys: itemKeys.slice(start, start + BATCH_GET_LIMIT), ...read },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < UNPROCESSED_ATTEMPTS; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const result = await table.client.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(result.Responses?.[table.tableName] ?? []));
      request = result.UnprocessedKeys as typeof request;
    }
    // A key left unread is not a missing item: callers take absence as "erased" or "unknown".
    if (request && Object.keys(request).length > 0) throw new Error('BatchGetItem left keys unprocessed after retries');
  });
  return found;
}

const NAME_SLOT_ATTRIBUTES = Array.from({ length: NAME_INDEX_SLOTS }, (_, at) => nameIndexSlot(at + 1)).flatMap((slot) => [slot.pk, slot.sk]);
const KEY_ATTRIBUTES = new Set([
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'factsPk',
  'newestPk',
  'newestSk',
  ...NAME_SLOT_ATTRIBUTES,
  'duePk',
  'dueSk',
  'ownerPk',
  'ownerSk',
  'type',
  'expiresAt',
  LEAD_IS_NEW,
  // Set on an item a merge moved from another contact's partition (its stream record announces nothing again).
  'movedFrom',
]);

/** An item without its key and bookkeeping attributes: the entity as the domain sees it. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const entity: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(name)) entity[name] = value;
  return entity as T;
}
