import { randomUUID } from 'node:crypto';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { RetryStrategyV2 } from '@smithy/types';
import { inject } from 'vitest';
import { ensureTable } from '#infra/local/create-table';
import { repositoriesFor } from '#shared/container';
import { createDocumentClient, type TableRef } from '#shared/store/dynamo-client';
import './provided';

/**
 * Retries for the DynamoDB Local stand-in's lock time-outs: like the SDK's standard strategy (10
 * attempts, jittered exponential backoff) but without its client-wide retry quota, which twenty
 * contending transactions drain within seconds, after which every lock time-out fails at once.
 */
const standInRetries: RetryStrategyV2 = {
  acquireInitialRetryToken: async () => ({ getRetryCount: () => 0, getRetryDelay: () => 0 }),
  refreshRetryTokenForRetry: async (token, error) => {
    const count = token.getRetryCount() + 1;
    if (count >= 10 || !['TRANSIENT', 'THROTTLING', 'SERVER_ERROR'].includes(error.errorType)) throw new Error('not retried');
    const delay = Math.round(Math.random() * Math.min(2000, 50 * 2 ** count)) + 20;
    return { getRetryCount: () => count, getRetryDelay: () => delay };
  },
  recordSuccess: () => undefined,
};

/** A fresh table in the shared DynamoDB Local (or the one at `endpoint`), created from the same definition CDK deploys. */
export async function createTestTable(endpoint: string = inject('dynamoDbEndpoint')): Promise<TableRef & { scanAll(): Promise<Record<string, unknown>[]> }> {
  const tableName = `test-${randomUUID()}`;
  const raw = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(raw, tableName);
  // DynamoDB Local answers heavy transaction contention with a 500 ("timed out waiting for a lock ... will
  // succeed in actual DynamoDB"); retrying those rides it out without touching any assertion.
  const client = createDocumentClient({ AWS_REGION: 'eu-central-1', DYNAMODB_ENDPOINT: endpoint }, { retryStrategy: standInRetries });
  return {
    client,
    tableName,
    async scanAll() {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await raw.send(new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start as never } : {}) }));
        items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },
  };
}

export async function testRepositories() {
  const table = await createTestTable();
  return { table, ...repositoriesFor(table) };
}
