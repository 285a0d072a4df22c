import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '#infra/local/create-table';
import { startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { freePort } from '#infra/local/ports';
import { startSesLocal } from '#infra/local/ses-local';

/**
 * DynamoDB Local and the SES stand-in on free ports with the table created, and the environment the
 * handlers read set to point at them: what each benchmark runs against.
 */
export async function startBenchServices() {
  const [dynamoPort, sesPort] = [await freePort(), await freePort()];
  const dynamo = await startDynamoDbLocal({ port: dynamoPort });
  const ses = await startSesLocal({ port: sesPort });
  const tableName = 'bench';
  const raw = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(raw, tableName);
  raw.destroy();
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_REGION: 'eu-central-1',
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    SES_ENDPOINT: ses.endpoint,
    MAIL_FROM: 'bench@example.de',
    PUBLIC_BASE_URL: 'http://127.0.0.1',
    TOKEN_SECRET: 'bench-signing-key-0123456789-0123456789',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  return {
    tableName,
    dynamoEndpoint: dynamo.endpoint,
    sesEndpoint: ses.endpoint,
    stop: async () => {
      await Promise.all([dynamo.stop(), ses.stop()]);
    },
  };
}
