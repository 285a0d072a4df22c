import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './dynamo-client';
import { writeIf } from './errors';
import { keys } from './keys';

/** How long a digest claim is kept (TTL): a few days, long past the local day it claims. */
const DIGEST_CLAIM_DAYS = 3;

/**
 * What the product keeps per user beside the directory: the digest preference (`USER#<id>` / `PREFS`),
 * the claim of each local day's digest (`USER#<id>` / `DIGEST#<day>`, put only if absent) and the
 * round-robin counters of teams (`ROUNDROBIN#<team>` / `COUNTER`).
 */
export class UserPreferenceRepository {
  constructor(private readonly table: TableRef) {}

  /** Whether the user gets the morning digest: on unless they turned it off. */
  async digestEnabled(userId: string): Promise<boolean> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.userPreferences(userId) }));
    return result.Item?.digest !== false;
  }

  async setDigest(userId: string, digest: boolean, at: Date): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.userPreferences(userId), type: 'user-preferences', userId, digest, updatedAt: at.toISOString() },
      }),
    );
  }

  /** Claims the user's digest of `localDay`; false when it was claimed (sent, or being sent) already. */
  async claimDigest(userId: string, localDay: string, at: Date): Promise<boolean> {
    return writeIf(
      this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.digestClaim(userId, localDay),
            type: 'digest-claim',
            claimedAt: at.toISOString(),
            expiresAt: Math.floor(at.getTime() / 1000) + DIGEST_CLAIM_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  /** Gives a claim back after the mail could not be handed to SES, so the next run tries again. */
  async releaseDigest(userId: string, localDay: string): Promise<void> {
    await this.table.client.send(new DeleteCommand({ TableName: this.table.tableName, Key: keys.digestClaim(userId, localDay) }));
  }

  /** The team's next round-robin number (1, 2, 3, …), atomically. */
  async nextInTurn(team: string): Promise<number> {
    const result = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.roundRobin(team),
        UpdateExpression: 'SET #type = :type ADD turns :one',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'round-robin', ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.turns ?? 1);
  }
}
