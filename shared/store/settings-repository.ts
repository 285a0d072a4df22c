import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Settings } from '#shared/domain/settings';
import type { TableRef } from './dynamo-client';
import { keys } from './keys';
import { withoutKeys } from './pagination';

/** The product's settings: one item, `SETTINGS` / `META`. */
export class SettingsRepository {
  constructor(private readonly table: TableRef) {}

  async get(): Promise<Settings> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.settings }));
    return result.Item ? withoutKeys<Settings>(result.Item) : {};
  }

  async save(settings: Settings): Promise<void> {
    await this.table.client.send(new PutCommand({ TableName: this.table.tableName, Item: { ...keys.settings, type: 'settings', ...settings } }));
  }
}
