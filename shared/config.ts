import * as z from '#shared/zod';

/**
 * Environment, parsed once per container with zod. Each section is parsed on first use and cached, so
 * a function reads only the variables it needs and a missing one fails at cold start with its name.
 */

const optionalUrl = z.url().optional();

const tableSchema = z.object({
  TABLE_NAME: z.string().min(1),
  AWS_REGION: z.string().min(1).default('eu-central-1'),
  /** Set locally and in tests to point the SDK at DynamoDB Local. */
  DYNAMODB_ENDPOINT: optionalUrl,
});

const auditSchema = z.object({
  /** Days an audit entry is kept (the table's TTL removes it then). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
});

const mailSchema = z.object({
  AWS_REGION: z.string().min(1).default('eu-central-1'),
  MAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /** Set locally and in tests to point the SDK at the SES stand-in. */
  SES_ENDPOINT: optionalUrl,
});

const linksSchema = z.object({
  /** Where recipients' links point: the API's public base URL, without a trailing slash. */
  PUBLIC_BASE_URL: z.url().transform((url) => url.replace(/\/+$/, '')),
  CONFIRM_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(30).default(7),
});

const signingSchema = z
  .object({
    /** Locally: the key itself. */
    TOKEN_SECRET: z.string().min(32).optional(),
    /** In AWS: the Secrets Manager secret that holds the key. */
    TOKEN_SECRET_ARN: z.string().min(1).optional(),
    AWS_REGION: z.string().min(1).default('eu-central-1'),
  })
  .refine((env) => env.TOKEN_SECRET ?? env.TOKEN_SECRET_ARN, {
    message: 'TOKEN_SECRET or TOKEN_SECRET_ARN must be set',
    path: ['TOKEN_SECRET_ARN'],
  });

const eventsSchema = z.object({
  AWS_REGION: z.string().min(1).default('eu-central-1'),
  EVENT_BUS_NAME: z.string().min(1).default('leadflow'),
  /** Set locally and in tests to point the SDK at the local bus. */
  EVENTS_ENDPOINT: optionalUrl,
});

const segmentsSchema = z.object({
  /** Parallel Scan segments (workers) of a segment run and a preview. */
  SEGMENT_SCAN_WORKERS: z.coerce.number().int().min(1).max(64).default(8),
  /** How long a run holds its segments; a crashed run's segments are free again after this. */
  SEGMENT_LEASE_SECONDS: z.coerce.number().int().min(60).max(7200).default(900),
  /** How long a preview reads before it answers an estimate from what it read (API Gateway ends a request at 30 s). */
  SEGMENT_PREVIEW_BUDGET_MS: z.coerce.number().int().min(100).max(25_000).default(20_000),
  /** A live count is estimated once its 1/16 sample holds this many contacts (±4.4 % at 95 % or better). */
  SEGMENT_PREVIEW_ESTIMATE_FROM: z.coerce.number().int().min(1).default(2_000),
});

const sweeperSchema = z.object({
  /** A sending mailing whose record has not changed for this long is started again (its preparation resumes). */
  MAILING_STUCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
});

const queueSchema = z.object({
  AWS_REGION: z.string().min(1).default('eu-central-1'),
  /** The queue mailing recipients wait in for the sender. */
  MAIL_QUEUE_URL: z.url(),
  /** Set locally and in tests to point the SDK at the local queue stand-in. */
  SQS_ENDPOINT: optionalUrl,
});

const senderSchema = z.object({
  /** The queue event source's maximum concurrency: how many senders share the SES rate. */
  MAIL_SENDER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(2),
  /** How long a claim keeps a recipient from other senders; a crashed sender's claims lapse after it. */
  MAIL_CLAIM_LEASE_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  /** Inbound address for List-Unsubscribe's mailto fallback (SES receiving routes it); none when unset. */
  UNSUBSCRIBE_MAILTO: z.email().optional(),
  /** How long the links in a mail keep working (unsubscribe, preferences). */
  UNSUBSCRIBE_TOKEN_TTL_DAYS: z.coerce.number().int().min(30).max(3650).default(400),
});

const uploadsSchema = z.object({
  AWS_REGION: z.string().min(1).default('eu-central-1'),
  /** The private bucket import files are uploaded to (infra/constructs/uploads-bucket.ts). */
  UPLOADS_BUCKET: z.string().min(3),
  /** Set locally and in tests to point the SDK at the S3 stand-in (path-style addressing). */
  S3_ENDPOINT: optionalUrl,
});

const importQueueSchema = z.object({
  AWS_REGION: z.string().min(1).default('eu-central-1'),
  /** The queue uploaded imports wait in, and hand their next chunk on through. */
  IMPORT_QUEUE_URL: z.url(),
  /** Set locally and in tests to point the SDK at the local queue stand-in. */
  SQS_ENDPOINT: optionalUrl,
});

const importRunSchema = z.object({
  /** The import queue's receives before a message is parked (the manifest's `queues.imports`): the last one marks the import failed. */
  IMPORT_QUEUE_MAX_RECEIVES: z.coerce.number().int().min(1).max(1000),
});

const printExportQueueSchema = z.object({
  AWS_REGION: z.string().min(1).default('eu-central-1'),
  /** The queue background print exports wait in for print-export-run. */
  PRINT_EXPORT_QUEUE_URL: z.url(),
  /** Set locally and in tests to point the SDK at the local queue stand-in. */
  SQS_ENDPOINT: optionalUrl,
});

const printExportRunSchema = z.object({
  /** The print export queue's receives before a message is parked (the manifest's `queues.printExports`): the last one marks the export failed. */
  PRINT_EXPORT_QUEUE_MAX_RECEIVES: z.coerce.number().int().min(1).max(1000),
});

const journeyQueueSchema = z.object({
  AWS_REGION: z.string().min(1).default('eu-central-1'),
  /** The queue journey participants whose step is due wait in for the worker. */
  JOURNEY_QUEUE_URL: z.url(),
  /** Set locally and in tests to point the SDK at the local queue stand-in. */
  SQS_ENDPOINT: optionalUrl,
});

const journeyWorkerSchema = z.object({
  /** How long a claimed journey mail is kept from other deliveries; a crashed worker's claim lapses after it. */
  JOURNEY_CLAIM_LEASE_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  /** How long unsubscribe links in journey mails work. */
  UNSUBSCRIBE_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(400),
});

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function parseSection<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv, section: string): T {
  const result = schema.safeParse(env);
  if (!result.success) {
    const names = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`Invalid ${section} configuration (${names})`);
  }
  return result.data;
}

function cached<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

export const tableConfig = cached(() => parseSection(tableSchema, process.env, 'table'));
export const auditConfig = cached(() => parseSection(auditSchema, process.env, 'audit'));
export const mailConfig = cached(() => parseSection(mailSchema, process.env, 'mail'));
export const linksConfig = cached(() => parseSection(linksSchema, process.env, 'links'));
export const signingConfig = cached(() => parseSection(signingSchema, process.env, 'signing'));
export const eventsConfig = cached(() => parseSection(eventsSchema, process.env, 'events'));
export const queueConfig = cached(() => parseSection(queueSchema, process.env, 'queue'));
export const senderConfig = cached(() => parseSection(senderSchema, process.env, 'sender'));
export const segmentsConfig = cached(() => parseSection(segmentsSchema, process.env, 'segments'));
export const sweeperConfig = cached(() => parseSection(sweeperSchema, process.env, 'sweeper'));
export const uploadsConfig = cached(() => parseSection(uploadsSchema, process.env, 'uploads'));
export const importQueueConfig = cached(() => parseSection(importQueueSchema, process.env, 'import queue'));
export const importRunConfig = cached(() => parseSection(importRunSchema, process.env, 'import run'));
export const printExportQueueConfig = cached(() => parseSection(printExportQueueSchema, process.env, 'print export queue'));
export const printExportRunConfig = cached(() => parseSection(printExportRunSchema, process.env, 'print export run'));
export const journeyQueueConfig = cached(() => parseSection(journeyQueueSchema, process.env, 'journey queue'));
export const journeyWorkerConfig = cached(() => parseSection(journeyWorkerSchema, process.env, 'journey worker'));

export type TableConfig = ReturnType<typeof tableConfig>;
export type MailConfig = ReturnType<typeof mailConfig>;
