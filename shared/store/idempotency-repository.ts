import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './dynamo-client';
import { isConditionalCheckFailed } from './errors';
import { keys } from './keys';

export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyRecord = { status: 'in_progress'; fingerprint: string } | { status: 'completed'; fingerprint: string; response: StoredResponse };

/** How long a key is remembered (and its response replayed). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/**
 * Idempotency keys: `IDEMPOTENCY#<scope>#<key>` items holding the request's fingerprint and, once
 * done, its response; removed by the table's TTL after a day. An in-progress claim expires after
 * `lockSeconds`, so a request that crashed does not block its retries.
 */
export class IdempotencyRepository {
  constructor(private readonly table: TableRef) {}

  /** Claims the key, or returns what an earlier request with it left behind. */
  async begin(scope: string, key: string, fingerprint: string, now: Date, lockSeconds: number): Promise<IdempotencyRecord | 'claimed'> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.idempotency(scope, key),
            type: 'idempotency',
            status: 'in_progress',
            fingerprint,
            lockedUntil: nowSeconds + lockSeconds,
            expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR (#status = :inProgress AND lockedUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':now': nowSeconds, ':inProgress': 'in_progress' },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const existing = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }));
    const item = existing.Item;
    if (item?.status === 'completed')
      return { status: 'completed', fingerprint: String(item.fingerprint), response: JSON.parse(String(item.response)) as StoredResponse };
    return { status: 'in_progress', fingerprint: String(item?.fingerprint ?? '') };
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.idempotency(scope, key),
        UpdateExpression: 'SET #status = :completed, #response = :response REMOVE lockedUntil',
        ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
        ExpressionAttributeValues: { ':completed': 'completed', ':response': JSON.stringify(response) },
      }),
    );
  }

  /**
   * Frees the key after a failed request, so the client's retry runs again: the claim's lock is
   * expired rather than the item deleted, which keeps DeleteItem out of the functions' grants.
   */
  async release(scope: string, key: string): Promise<void> {
    await this.table.client
      .send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.idempotency(scope, key),
          UpdateExpression: 'SET lockedUntil = :expired',
          ConditionExpression: '#status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':expired': 0, ':inProgress': 'in_progress' },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionalCheckFailed(error)) throw error;
      });
  }
}
