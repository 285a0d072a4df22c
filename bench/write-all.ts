import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TableRef } from '#shared/store/dynamo-client';

/** Seeds benchmark data: BatchWriteItem in 25s, 8 requests in flight, unprocessed items sent again. */
export async function writeAll(table: TableRef, items: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < items.length) {
        let requests = items.slice(next, next + 25).map((Item) => ({ PutRequest: { Item } }));
        next += 25;
        while (requests.length > 0) {
          const result = await table.client.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: requests } }));
          requests = (result.UnprocessedItems?.[table.tableName] ?? []) as typeof requests;
        }
      }
    }),
  );
}
