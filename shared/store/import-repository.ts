import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from './dynamo-client';
import { keys } from './keys';

/** Import runs, keyed by the file's hash: `IMPORT#<hash>` / `META` holds the finished summary. */
export class ImportRepository {
  constructor(private readonly table: TableRef) {}

  async completed<T>(importId: string): Promise<T | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.importMeta(importId) }));
    return result.Item?.status === 'completed' ? (JSON.parse(String(result.Item.summary)) as T) : undefined;
  }

  async complete(importId: string, summary: unknown, at: Date): Promise<void> {
    await this.table.client.send(
      new PutCommand({ TableName: this.table.tableName, Item: { ...keys.importMeta(importId), type: 'import', status: 'completed', summary: JSON.stringify(summary), completedAt: at.toISOString() } }),
    );
  }
}
