import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { freePort } from '#infra/local/ports';
import { startS3Local } from '#infra/local/s3-local';
import { startSesLocal } from '#infra/local/ses-local';
import './provided';

/** Starts real DynamoDB Local, the SES stand-in and the S3 stand-in (with an uploads bucket) on free ports for the integration tests. */
export default async function setup(project: TestProject) {
  const [dynamoPort, sesPort, s3Port] = [await freePort(), await freePort(), await freePort()];
  const [dynamo, ses, s3] = await Promise.all([
    startDynamoDbLocal({ port: dynamoPort }),
    startSesLocal({ port: sesPort }),
    startS3Local({ port: s3Port, bucket: 'test-uploads' }),
  ]);
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  project.provide('uploadsBucket', s3.bucket);
  return async () => {
    await Promise.all([dynamo.stop(), ses.stop(), s3.stop()]);
  };
}
