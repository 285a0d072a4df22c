import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { functions, queues as queueSettings } from '../functions';
import { ensureTable } from './create-table';
import { assertJava, startDynamoDbLocal } from './dynamodb-local';
import type { DeadLetters } from './dead-letters';
import { createLocalEventBus } from './event-bus';
import { createGateway } from './gateway';
import { createLocalQueues, type LocalQueues } from './local-queue';
import { assertPortFree } from './ports';
import { createLocalScheduler } from './scheduler';
import { type S3Notification, startS3Local } from './s3-local';
import { startSesLocal } from './ses-local';
import { startStreamPoller } from './stream-poller';
import { type RoleTokens, roleTokens } from './role-tokens';
import { LOCAL_USERS } from './users';

export interface LocalStackOptions {
  rootDir: string;
  apiPort: number;
  sesPort: number;
  dynamoDbPort: number;
  eventsPort: number;
  /** The S3 stand-in holding the uploads bucket. */
  s3Port: number;
  adminToken?: string;
  /** The other roles' tokens (infra/local/role-tokens.ts); random per start for a role not given. */
  roleTokens?: Partial<Omit<RoleTokens, 'admin'>>;
  /** Keep DynamoDB data (and the link-signing key) under this folder; in memory when absent. */
  dataDir?: string;
  tableName?: string;
  mailFrom?: string;
  /** How long a failed queue message stays invisible before it is delivered again (AWS: the visibility timeout). */
  queueRetryDelayMs?: number;
  /** The pause before a failed bus delivery is retried (AWS: Lambda's asynchronous retries, about a minute). */
  eventRetryDelayMs?: number;
  /** Use this SES stand-in instead of starting one (a test that stops and restarts it). */
  sesEndpoint?: string;
  /** Use this DynamoDB Local instead of starting one (the integration tests' own). */
  dynamoDbEndpoint?: string;
}

export interface LocalStack {
  apiUrl: string;
  sesUrl: string;
  dynamoDbEndpoint: string;
  eventsUrl: string;
  s3Endpoint: string;
  adminToken: string;
  /** Every role's token, the admin's included. */
  tokens: RoleTokens;
  tableName: string;
  /** The local queues (the benchmark and tests wait for them to drain). */
  queues: LocalQueues;
  stop(): Promise<void>;
}

/** The local uploads bucket (in AWS the stack names it). */
const UPLOADS_BUCKET = 'leadflow-uploads';

/** The link-signing key: random per run in memory, kept beside the data with --persist so old links still work. */
function signingKey(dataDir: string | undefined): string {
  if (process.env.TOKEN_SECRET) return process.env.TOKEN_SECRET;
  if (!dataDir) return randomBytes(32).toString('base64url');
  const file = path.join(dataDir, 'token-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}

/**
 * Starts everything `npm start` runs: DynamoDB Local, the SES stand-in, the S3 stand-in with the uploads bucket, the table (from the same
 * definition CDK deploys), the API gateway serving the manifest's handlers, and the stand-ins for what
 * triggers the other functions: the bus, the scheduler and the table's stream. Checks Java and the
 * ports first, so a missing runtime or a taken port fails before anything starts.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  assertJava();
  await assertPortFree(options.apiPort, 'API');
  if (!options.sesEndpoint) await assertPortFree(options.sesPort, 'SES stand-in');
  if (!options.dynamoDbEndpoint) await assertPortFree(options.dynamoDbPort, 'DynamoDB Local');
  await assertPortFree(options.eventsPort, 'local event bus');
  await assertPortFree(options.s3Port, 'S3 stand-in');

  if (options.dataDir) mkdirSync(path.join(options.dataDir, 'dynamodb'), { recursive: true });
  if (options.dataDir) mkdirSync(path.join(options.dataDir, 's3'), { recursive: true });
  const tokens = roleTokens({ ...options.roleTokens, ...(options.adminToken ? { admin: options.adminToken } : {}) });
  const adminToken = tokens.admin;
  const tableName = options.tableName ?? 'leadflow';
  const apiUrl = `http://127.0.0.1:${options.apiPort}`;

  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  try {
    const dynamo = options.dynamoDbEndpoint
      ? { endpoint: options.dynamoDbEndpoint }
      : await startDynamoDbLocal({ port: options.dynamoDbPort, ...(options.dataDir ? { dataDir: path.join(options.dataDir, 'dynamodb') } : {}) });
    if ('stop' in dynamo) stops.push(dynamo.stop);
    const ses = options.sesEndpoint ? { endpoint: options.sesEndpoint } : await startSesLocal({ port: options.sesPort });
    if ('stop' in ses) stops.push(ses.stop);
    // Like the bucket's notification to the import queue in AWS: each object created becomes a message
    // on the local import queue (once the queues exist, below).
    let notifyImports: (notification: S3Notification) => void = () => undefined;
    const s3 = await startS3Local({
      port: options.s3Port,
      bucket: UPLOADS_BUCKET,
      ...(options.dataDir ? { dataDir: path.join(options.dataDir, 's3') } : {}),
      onObjectCreated: (notification) => notifyImports(notification),
    });
    stops.push(s3.stop);

    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTable(client, tableName);
    client.destroy();

    // The handlers read their configuration from the environment, exactly as in Lambda.
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      AWS_REGION: process.env.AWS_REGION ?? 'eu-central-1',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      SES_ENDPOINT: ses.endpoint,
      MAIL_FROM: options.mailFrom ?? process.env.MAIL_FROM ?? 'Leadflow <no-reply@leadflow.local>',
      PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? apiUrl,
      TOKEN_SECRET: signingKey(options.dataDir),
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      AUDIT_RETENTION_DAYS: process.env.AUDIT_RETENTION_DAYS ?? '400',
      // No CloudWatch reads the EMF lines locally; `POWERTOOLS_METRICS_DISABLED=false npm start` shows them.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      EVENTS_ENDPOINT: `http://127.0.0.1:${options.eventsPort}`,
      EVENT_BUS_NAME: 'leadflow',
      SQS_ENDPOINT: `http://127.0.0.1:${options.eventsPort}`,
      S3_ENDPOINT: s3.endpoint,
      UPLOADS_BUCKET: s3.bucket,
      // Mails carry both List-Unsubscribe forms locally; nothing reads this mailbox (README, Limits).
      UNSUBSCRIBE_MAILTO: process.env.UNSUBSCRIBE_MAILTO ?? 'unsubscribe@leadflow.local',
      MAIL_QUEUE_URL: `http://127.0.0.1:${options.eventsPort}/000000000000/mail`,
      IMPORT_QUEUE_URL: `http://127.0.0.1:${options.eventsPort}/000000000000/imports`,
      JOURNEY_QUEUE_URL: `http://127.0.0.1:${options.eventsPort}/000000000000/journeys`,
      PRINT_EXPORT_QUEUE_URL: `http://127.0.0.1:${options.eventsPort}/000000000000/printExports`,
      PRINT_EXPORT_QUEUE_MAX_RECEIVES: String(queueSettings.printExports.maxReceiveCount),
      IMPORT_QUEUE_MAX_RECEIVES: String(queueSettings.imports.maxReceiveCount),
      USERS_JSON: process.env.USERS_JSON ?? JSON.stringify(LOCAL_USERS),
      MAIL_SENDER_CONCURRENCY: String(functions.find((spec) => spec.queue?.queue === 'mail')?.queue?.maxConcurrency ?? 2),
    });

    const deadLetters: DeadLetters = [];
    const scheduler = createLocalScheduler({ rootDir: options.rootDir, deadLetters });
    stops.push(async () => scheduler.stop());
    const queues = createLocalQueues({
      rootDir: options.rootDir,
      deadLetters,
      ...(options.queueRetryDelayMs !== undefined ? { retryDelayMs: options.queueRetryDelayMs } : {}),
    });
    stops.push(async () => queues.stop());
    notifyImports = (notification) => {
      queues.handle('AmazonSQS.SendMessage', { QueueUrl: process.env.IMPORT_QUEUE_URL, MessageBody: JSON.stringify(notification) });
    };
    const bus = createLocalEventBus({
      rootDir: options.rootDir,
      deadLetters,
      scheduler,
      queues,
      services: { sesUrl: ses.endpoint, dynamoDbEndpoint: dynamo.endpoint, tableName },
      ...(options.eventRetryDelayMs !== undefined ? { retryDelayMs: options.eventRetryDelayMs } : {}),
    });
    await listen(bus, options.eventsPort);
    stops.push(() => close(bus));
    const poller = await startStreamPoller({ endpoint: dynamo.endpoint, tableName, rootDir: options.rootDir, deadLetters });
    stops.push(poller.stop);

    const gateway: Server = createGateway({ adminToken, roleTokens: tokens, rootDir: options.rootDir });
    await listen(gateway, options.apiPort);
    stops.push(() => close(gateway));
    return {
      apiUrl,
      sesUrl: ses.endpoint,
      dynamoDbEndpoint: dynamo.endpoint,
      eventsUrl: `http://127.0.0.1:${options.eventsPort}`,
      s3Endpoint: s3.endpoint,
      adminToken,
      tokens,
      tableName,
      queues,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
