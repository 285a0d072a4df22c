import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RetryStrategyV2 } from '@smithy/types';
import type { TableConfig } from '#shared/config';

/**
 * A document client for the table, configured so JavaScript objects map to DynamoDB items without
 * surprises: `undefined` fields are dropped rather than rejected.
 */
export function createDocumentClient(
  config: Pick<TableConfig, 'AWS_REGION' | 'DYNAMODB_ENDPOINT'>,
  options: { maxAttempts?: number; retryStrategy?: RetryStrategyV2 } = {},
): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    maxAttempts: options.maxAttempts ?? 4,
    ...(options.retryStrategy ? { retryStrategy: options.retryStrategy } : {}),
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** The table a repository works on. */
export interface TableRef {
  client: DynamoDBDocumentClient;
  tableName: string;
}
