import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './dynamo-client';
import { AlreadyExistsError, isConditionalCheckFailed } from './errors';

/**
 * Puts an item that must not exist yet (a new entity under its id); an existing one is an
 * {@link AlreadyExistsError} naming `what` (`Mailing m-1`), never an overwrite.
 */
export async function putNew(table: TableRef, item: Record<string, unknown>, what: string): Promise<void> {
  try {
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw new AlreadyExistsError(`${what} exists already`, { cause: error });
    throw error;
  }
}
