import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '#infra/local/dynamodb-local';
import { freePort } from '#infra/local/ports';
import { startSesLocal } from '#infra/local/ses-local';
import './provided';

/** Starts real DynamoDB Local and the SES stand-in on free ports for the integration tests. */
export default async function setup(project: TestProject) {
  const [dynamoPort, sesPort] = [await freePort(), await freePort()];
  const [dynamo, ses] = await Promise.all([startDynamoDbLocal({ port: dynamoPort }), startSesLocal({ port: sesPort })]);
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  return async () => {
    await Promise.all([dynamo.stop(), ses.stop()]);
  };
}
