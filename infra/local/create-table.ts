import {
  CreateTableCommand,
  DescribeTableCommand,
  ScanCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { keys } from '../../shared/store/keys';
import { tableDefinition } from '../table';

/** The CreateTable request for the one table, built from the definition CDK uses. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const attributes = new Set<string>([tableDefinition.partitionKey, tableDefinition.sortKey]);
  for (const index of tableDefinition.globalIndexes) {
    attributes.add(index.partitionKey);
    if (index.sortKey) attributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: tableDefinition.globalIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
      ],
      Projection: index.keysOnly
        ? { ProjectionType: 'KEYS_ONLY' as const }
        : index.include
          ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.include] }
          : { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.stream },
  };
}

/** Creates the table (and its TTL setting) unless it exists already. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (error instanceof ResourceInUseException) return addMissingIndexes(client, tableName);
    throw error;
  }
  await client.send(
    new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: tableDefinition.ttlAttribute, Enabled: true } }),
  );
}

/**
 * Data kept with `--persist` by an older version lacks newer indexes: add them, and give existing
 * contact profiles the facts-index key (segment runs see them) and the newest-index key (the contact
 * list shows them).
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const input = createTableInput(tableName);
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    await client.send(
      new UpdateTableCommand({ TableName: tableName, AttributeDefinitions: input.AttributeDefinitions, GlobalSecondaryIndexUpdates: [{ Create: index }] }),
    );
    if (index.IndexName === 'facts')
      await forEachProfile(
        client,
        tableName,
        (item) =>
          new UpdateItemCommand({ TableName: tableName, Key: keyOf(item), UpdateExpression: 'SET factsPk = #id', ExpressionAttributeNames: { '#id': 'id' } }),
      );
    if (index.IndexName === 'newest') await forEachProfile(client, tableName, newestKeyUpdate(tableName));
  }
}

function keyOf(item: Record<string, AttributeValue>): Record<string, AttributeValue> {
  const { pk, sk } = item;
  if (!pk || !sk) throw new Error('A scanned item has no key');
  return { pk, sk };
}

/** Sets a profile's newest-index key (from its id and creation time) unless it has one. */
function newestKeyUpdate(tableName: string) {
  return (item: Record<string, AttributeValue>) => {
    const { newestPk, newestSk } = keys.newestContact(item.id?.S ?? '', item.createdAt?.S ?? '');
    return new UpdateItemCommand({
      TableName: tableName,
      Key: keyOf(item),
      UpdateExpression: 'SET newestPk = :pk, newestSk = :sk',
      ConditionExpression: 'attribute_exists(createdAt) AND attribute_not_exists(newestPk)',
      ExpressionAttributeValues: { ':pk': { S: newestPk }, ':sk': { S: newestSk } },
    });
  };
}

async function forEachProfile(client: DynamoDBClient, tableName: string, update: (item: Record<string, AttributeValue>) => UpdateItemCommand): Promise<void> {
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'sk = :profile AND begins_with(pk, :contact)',
        ExpressionAttributeValues: { ':profile': { S: 'PROFILE' }, ':contact': { S: 'CONTACT#' } },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      try {
        await client.send(update(item));
      } catch (error) {
        // A profile that has the key already (or no creation time) is left as it is.
        if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
}
