import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './dynamo-client';
import { ConcurrentWriteError, isConditionalCheckFailed } from './errors';
import { type ArchivableKind, keys } from './keys';

/**
 * Archives an entity: `archivedAt` is set once (archiving again keeps the first time) and the item
 * moves from its gsi1 list to the archived one, in one conditional update. Returns the item as
 * stored, or undefined when there is no such item.
 */
export async function archiveItem(
  table: TableRef,
  key: { pk: string; sk: string },
  kind: ArchivableKind,
  now: Date,
): Promise<Record<string, unknown> | undefined> {
  try {
    const result = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: key,
        UpdateExpression: 'SET archivedAt = if_not_exists(archivedAt, :now), gsi1pk = :archived',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':archived': keys.archivedListing(kind) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return result.Attributes;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
}

/**
 * Writes the attributes `next` changes against `previous` (set, or removed when `next` drops them)
 * if nobody changed the item since `previous` was read: the condition is its `updatedAt`, so a
 * concurrent change is a {@link ConcurrentWriteError}, never lost. Attributes the change does not
 * touch (an archive meanwhile, the item's keys) stay as stored.
 */
export async function patchItem<T extends { updatedAt?: string }>(table: TableRef, key: { pk: string; sk: string }, previous: T, next: T): Promise<void> {
  const update = patchUpdate(table, key, previous, next);
  if (!update) return;
  try {
    await table.client.send(new UpdateCommand(update));
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw new ConcurrentWriteError({ cause: error });
    throw error;
  }
}

/**
 * The conditional update {@link patchItem} sends, for a transaction that writes more beside it; undefined
 * when `next` changes nothing. Its condition failing means a concurrent change (or no item).
 */
export function patchUpdate<T extends { updatedAt?: string }>(table: TableRef, key: { pk: string; sk: string }, previous: T, next: T) {
  const before = previous as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  const set = Object.keys(after).filter((name) => after[name] !== undefined && JSON.stringify(after[name]) !== JSON.stringify(before[name]));
  const remove = Object.keys(before).filter((name) => before[name] !== undefined && after[name] === undefined);
  const names = Object.fromEntries([...set, ...remove].map((name, index) => [`#a${index}`, name]));
  const placeholder = (name: string) => `#a${[...set, ...remove].indexOf(name)}`;
  const values = Object.fromEntries(set.map((name, index) => [`:v${index}`, after[name]]));
  const expression = [
    set.length > 0 ? `SET ${set.map((name, index) => `${placeholder(name)} = :v${index}`).join(', ')}` : '',
    remove.length > 0 ? `REMOVE ${remove.map(placeholder).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (expression === '') return undefined;
  const seen = previous.updatedAt;
  return {
    TableName: table.tableName,
    Key: key,
    UpdateExpression: expression,
    ConditionExpression: seen === undefined ? 'attribute_exists(pk) AND attribute_not_exists(#updatedAt)' : 'attribute_exists(pk) AND #updatedAt = :seen',
    ExpressionAttributeNames: { ...names, '#updatedAt': 'updatedAt' },
    ...(set.length > 0 || seen !== undefined ? { ExpressionAttributeValues: { ...values, ...(seen === undefined ? {} : { ':seen': seen }) } } : {}),
  };
}
