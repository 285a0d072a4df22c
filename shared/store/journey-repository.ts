import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Journey, JourneyDefinition } from '#shared/domain/journey-lifecycle';
import type { TableRef } from './dynamo-client';
import { ConcurrentWriteError, isConditionalCheckFailed } from './errors';
import { keys } from './keys';
import { type Page, queryPage, withoutKeys } from './pagination';
import { putNew } from './put-new';

/** A published version as stored: fixed once written. */
export interface JourneyVersion {
  journeyId: string;
  version: number;
  definition: JourneyDefinition;
  publishedAt: string;
}

/**
 * Journeys: `JOURNEY#<id>` / `META` (lifecycle and newest definition), listed through gsi1 `JOURNEY` by
 * creation (archived ones: `JOURNEY#ARCHIVED`); each published version `JOURNEY#<id>` / `V#<n>`, written
 * once (participants read the version they entered from it).
 */
export class JourneyRepository {
  constructor(private readonly table: TableRef) {}

  private item(journey: Journey): Record<string, unknown> {
    const listing = journey.status === 'archived' ? keys.archivedListing('JOURNEY') : keys.listing('JOURNEY');
    return { ...keys.journey(journey.id), gsi1pk: listing, gsi1sk: `${journey.createdAt}#${journey.id}`, type: 'journey', ...journey };
  }

  create(journey: Journey): Promise<void> {
    return putNew(this.table, this.item(journey), `Journey ${journey.id}`);
  }

  async get(id: string): Promise<Journey | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.journey(id) }));
    return result.Item ? withoutKeys<Journey>(result.Item) : undefined;
  }

  /** Writes `next` if the journey is still as read (its `updatedAt`); otherwise a ConcurrentWriteError (409). */
  async save(previous: Journey, next: Journey): Promise<void> {
    const put = {
      TableName: this.table.tableName,
      Item: this.item(next),
      ConditionExpression: 'updatedAt = :seen',
      ExpressionAttributeValues: { ':seen': previous.updatedAt },
    };
    try {
      if (previous.status === next.status) {
        await this.table.client.send(new PutCommand(put));
        return;
      }
      // A status change moves the set of live journeys: the triggers' catalogue is marked changed with it.
      await this.table.client.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, { Put: this.catalogChange(next.updatedAt) }] }));
    } catch (error) {
      if (isConditionalCheckFailed(error) || (error as { name?: string }).name === 'TransactionCanceledException')
        throw new ConcurrentWriteError({ cause: error });
      throw error;
    }
  }

  private catalogChange(at: string) {
    return { TableName: this.table.tableName, Item: { ...keys.journeyCatalog, type: 'journeyCatalog', changedAt: at } };
  }

  /** Publishes: the journey as `next` and its newest version fixed, together, or neither (a ConcurrentWriteError). */
  async publish(previous: Journey, next: Journey): Promise<void> {
    const version: JourneyVersion = { journeyId: next.id, version: next.version, definition: next.definition, publishedAt: next.publishedAt ?? next.updatedAt };
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.tableName,
                Item: this.item(next),
                ConditionExpression: 'updatedAt = :seen',
                ExpressionAttributeValues: { ':seen': previous.updatedAt },
              },
            },
            {
              Put: {
                TableName: this.table.tableName,
                Item: { ...keys.journeyVersion(next.id, next.version), type: 'journeyVersion', ...version },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { Put: this.catalogChange(next.updatedAt) },
          ],
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'TransactionCanceledException') throw new ConcurrentWriteError({ cause: error });
      throw error;
    }
  }

  /** When the set of live journeys last changed (a publish, pause, resume or archive), or undefined. */
  async catalogChangedAt(): Promise<string | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.journeyCatalog }));
    return typeof result.Item?.changedAt === 'string' ? result.Item.changedAt : undefined;
  }

  async getVersion(id: string, version: number): Promise<JourneyVersion | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.journeyVersion(id, version) }));
    return result.Item ? withoutKeys<JourneyVersion>(result.Item) : undefined;
  }

  list(limit: number, cursor?: string, options: { archived?: boolean } = {}): Promise<Page<Journey>> {
    const partition = options.archived ? keys.archivedListing('JOURNEY') : keys.listing('JOURNEY');
    return queryPage(this.table, { index: 'gsi1', partition, limit, ...(cursor ? { cursor } : {}) }, (item) => withoutKeys<Journey>(item));
  }
}
