import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Topic } from '#shared/domain/topic';
import type { TableRef } from './dynamo-client';
import { keys } from './keys';
import { getAll, type Page, queryPage, withoutKeys } from './pagination';
import { putNew } from './put-new';

/** Subscription topics: `TOPIC#<id>` / `META`, listed through gsi1 partition `TOPIC`. */
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
    return (await getAll(this.table, [...new Set(ids)].map((id) => keys.topic(id)))).map((item) => withoutKeys<Topic>(item));
  }

  list(limit: number, cursor?: string): Promise<Page<Topic>> {
    return queryPage(this.table, { index: 'gsi1', partition: keys.listing('TOPIC'), limit, ...(cursor ? { cursor } : {}) }, (item) =>
      withoutKeys<Topic>(item),
    );
  }
}
