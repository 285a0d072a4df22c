import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Topic } from '#shared/domain/topic';
import type { TableRef } from './dynamo-client';
import { archiveItem, patchItem } from './entity-writes';
import { keys } from './keys';
import { getAll, type Page, queryPage, withoutKeys } from './pagination';
import { putNew } from './put-new';

/** Subscription topics: `TOPIC#<id>` / `META`, listed through gsi1 partition `TOPIC` (archived ones: `TOPIC#ARCHIVED`). */
export class TopicRepository {
  constructor(private readonly table: TableRef) {}

  create(topic: Topic): Promise<void> {
    return putNew(this.table, { ...keys.topic(topic.id), gsi1pk: keys.listing('TOPIC'), gsi1sk: topic.id, type: 'topic', ...topic }, `Topic ${topic.id}`);
  }

  async get(id: string): Promise<Topic | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.topic(id) }));
    return result.Item ? withoutKeys<Topic>(result.Item) : undefined;
  }

  /** The topics with these ids that exist, in no particular order. */
  async getMany(ids: readonly string[]): Promise<Topic[]> {
    return (
      await getAll(
        this.table,
        [...new Set(ids)].map((id) => keys.topic(id)),
      )
    ).map((item) => withoutKeys<Topic>(item));
  }

  /** Writes the change if the topic is still as read; a concurrent change is a ConcurrentWriteError (409). */
  update(previous: Topic, next: Topic): Promise<void> {
    return patchItem(this.table, keys.topic(previous.id), previous, next);
  }

  /** Archives the topic (idempotent); undefined when there is no such topic. */
  async archive(id: string, now: Date): Promise<Topic | undefined> {
    const item = await archiveItem(this.table, keys.topic(id), 'TOPIC', now);
    return item ? withoutKeys<Topic>(item) : undefined;
  }

  list(limit: number, cursor?: string, options: { archived?: boolean } = {}): Promise<Page<Topic>> {
    const partition = options.archived ? keys.archivedListing('TOPIC') : keys.listing('TOPIC');
    return queryPage(this.table, { index: 'gsi1', partition, limit, ...(cursor ? { cursor } : {}) }, (item) => withoutKeys<Topic>(item));
  }
}
