import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './dynamo-client';
import { AlreadyExistsError, writeIf } from './errors';

/**
 * Puts an item that must not exist yet (a new entity under its id); an existing one is an
 * {@link AlreadyExistsError} naming `what` (`Mailing m-1`), never an overwrite.
 */
export async function putNew(table: TableRef, item: Record<string, unknown>, what: string): Promise<void> {
  const written = await writeIf(table.client.send(new PutCommand({ TableName: table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })));
  if (!written) throw new AlreadyExistsError(`${what} exists already`);
}
