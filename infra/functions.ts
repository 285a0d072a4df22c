/**
 * THE manifest: every Lambda function of the product, its entry file, its triggers and what it may
 * touch. The CDK stack (infra/stack.ts) and the local stack (infra/local/) both read this list, so a
 * route, schedule or permission cannot exist in one and be missing in the other.
 *
 * Pure data on purpose: the local stack loads it beside the handlers. Handlers never import it: each
 * HTTP handler declares its own routes (shared/http/route-spec.ts) and tests/unit/handler-routes.test.ts
 * checks they equal these; the queue settings a consumer needs reach it as environment variables.
 */

import { SES_DETAIL_TYPES } from '../shared/domain/ses-event';
import { eventCatalog } from '../shared/events/catalog';
import { ADMIN_ONLY, EVERYONE, MARKETING, MARKETING_READ, SALES_WORK } from '../shared/http/route-roles';
import { ADMIN_MAX_BYTES, IMPORT_MAX_BYTES, routeKey, type RouteSpec, SUBMISSION_MAX_BYTES, TEMPLATE_MAX_BYTES } from '../shared/http/route-spec';
import type { streamFilters } from '../shared/store/keys';

export { type HttpMethod, routeKey, type RouteSpec } from '../shared/http/route-spec';

/** What a function may do; the CDK stack turns each flag into the narrowest IAM grant that allows it. */
export interface FunctionAccess {
  /** `read`: Get/Query; `write`: read plus Put/Update/ConditionCheck (transactions included). */
  table?: 'read' | 'write';
  /** DeleteItem as well (moving a unique claim, erasure). */
  tableDelete?: boolean;
  /** SES SendEmail through the product's configuration set. */
  sendMail?: boolean;
  /** The secret that signs confirmation and unsubscribe links. */
  signingKey?: boolean;
  /** Scan of the contact-facts index (and nothing else of the table): segment runs and previews. */
  scanFacts?: boolean;
  /** PutEvents on the product's bus. */
  publishEvents?: boolean;
  /** SendMessage on the mail queue (mailing recipients). */
  enqueueMail?: boolean;
  /** SES GetAccount: the sending quota mailings pace themselves by. */
  readSendQuota?: boolean;
  /** `MAIL_FROM` without sending rights: to check that a mailing's From belongs to the verified sender. */
  knowsSender?: boolean;
  /** PutObject under the uploads prefix of the uploads bucket: to sign the browser's upload URLs. */
  signUploads?: boolean;
  /** GetObject under the uploads prefix: the only reader of uploaded files. */
  readUploads?: boolean;
  /** SendMessage on the import queue (a run handing on to the next). */
  enqueueImports?: boolean;
  /** SendMessage on the print export queue (a background print export asked for). */
  enqueuePrintExports?: boolean;
  /** PutObject (multipart included) under the exports prefix of the uploads bucket: the writer of export files. */
  writeExports?: boolean;
  /** GetObject under the exports prefix, to sign 15-minute download URLs: the only reader of export files. */
  readExports?: boolean;
  /** SendMessage on the journey queue (participants whose step is due). */
  enqueueJourneys?: boolean;
  /** The user directory: Cognito ListUsers and AdminListGroupsForUser on the product's user pool (`USER_POOL_ID`). */
  readUsers?: boolean;
  /** Cognito AdminGetUser on the product's user pool: a user's MFA settings (the sign-in check). */
  readMfaSettings?: boolean;
  /**
   * PutItem on the audit trail's partitions only (`AUDIT*` leading keys): a `table: 'read'` function whose
   * routes are audited (shared/http/audit-trail.ts) writes their entries and nothing else.
   */
  writeAudit?: boolean;
  /**
   * Rotation of the link-signing secret: GetSecretValue, PutSecretValue, DescribeSecret and
   * UpdateSecretVersionStage on that secret only (Secrets Manager's four rotation steps).
   */
  rotateSigningKey?: boolean;
}

/** The product's queues (infra/constructs/stateful.ts); each has a dead-letter queue. */
export const queues = {
  /** Mailing recipients, in batches, waiting for the sender. */
  mail: {
    /** Receives before a message is parked in the dead-letter queue. */
    maxReceiveCount: 5,
    /** Lambda's advice: at least six times the consumer's timeout. */
    visibilityTimeoutSeconds: 6 * 180,
  },
  /** Uploaded imports: S3's object-created notifications and the runs' hand-offs to the next run. */
  imports: {
    /** A chunk that fails three times is parked (and its import marked failed), not retried for ever. */
    maxReceiveCount: 3,
    /** Longer than a run (15 minutes), so a message is not delivered twice while its run is at work. */
    visibilityTimeoutSeconds: 2 * 900,
  },
  /** Background print exports (segments above the synchronous limit, or asked for with `async=true`). */
  printExports: {
    /** An export that fails three times is parked (and marked failed). */
    maxReceiveCount: 3,
    /** Longer than a run (15 minutes), so a message is not delivered twice while its run is at work. */
    visibilityTimeoutSeconds: 2 * 900,
  },
  /** Journey participants whose step is due: entered just now, or found by the minute's sweep. */
  journeys: {
    /** A participant whose step keeps failing is parked after five receives (and found again by the sweep once fixed). */
    maxReceiveCount: 5,
    /** Six times the worker's timeout. */
    visibilityTimeoutSeconds: 6 * 60,
    /**
     * An alarm when the oldest waiting message is older than this: due steps are handed over every minute and
     * run in seconds, so a queue this far behind means the workers are failing or throttled (mails go out late).
     */
    ageAlarmSeconds: 5 * 60,
  },
} as const;

/** Messages of a product queue that invoke the function (an SQS event source in AWS, the local queue locally). */
export interface QueueSpec {
  queue: keyof typeof queues;
  batchSize: number;
  /** The event source's maximum concurrency: at most this many invocations at once. */
  maxConcurrency: number;
}

/** A schedule (an EventBridge rule in AWS, the local scheduler locally) that invokes the function. */
export interface ScheduleSpec {
  /** EventBridge `rate(...)` expression; the local scheduler reads the same one. */
  expression: string;
  description: string;
}

/** Changes of the table (its DynamoDB stream) that invoke the function, filtered before invocation. */
export interface StreamSpec {
  /** Which of shared/store/keys.ts `streamFilters` selects the records. */
  filter: keyof typeof streamFilters;
  batchSize: number;
}

/**
 * A Cognito user pool trigger (AWS only: Cognito cannot run locally, where tokens per role stand in).
 * `preTokenGeneration`: invoked before Cognito issues tokens (sign-in and refresh); a throw refuses them.
 */
export interface CognitoTriggerSpec {
  trigger: 'preTokenGeneration';
}

/**
 * A Secrets Manager rotation (AWS only: Secrets Manager cannot run locally, where `TOKEN_SECRET` is one
 * plain key): `signingKey` rotates the link-signing secret every `everyDays` days.
 */
export interface RotationSpec {
  secret: 'signingKey';
  everyDays: number;
}

export interface FunctionSpec {
  /** Logical name; also the folder under functions/. */
  name: string;
  description: string;
  routes?: RouteSpec[];
  /** EventBridge events that invoke the function (an EventBridge rule in AWS, the local bus locally). */
  events?: Array<{ source: string; detailType: string /** `default`: AWS services' bus (SES events); else the product's. */; bus?: 'default' }>;
  schedules?: ScheduleSpec[];
  stream?: StreamSpec;
  queue?: QueueSpec;
  cognito?: CognitoTriggerSpec;
  rotation?: RotationSpec;
  access: FunctionAccess;
  memoryMb?: number;
  timeoutSeconds?: number;
}

/** A function's time limit when the manifest names none (Lambda's and the local stand-ins'). */
export const DEFAULT_TIMEOUT_SECONDS = 10;

/** Senders at once: the mail queue's maximum concurrency, and the share of the SES rate each takes. */
export const MAIL_SENDERS = 2;

export const functions: readonly FunctionSpec[] = [
  {
    name: 'topics',
    description: 'Subscription topics (newsletter, product news, events)',
    routes: [
      { method: 'GET', path: '/v1/topics', auth: 'admin', roles: EVERYONE },
      { method: 'POST', path: '/v1/topics', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'GET', path: '/v1/topics/{id}', auth: 'admin', roles: EVERYONE },
      { method: 'PATCH', path: '/v1/topics/{id}', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      // Archives (UpdateItem): the topic stays readable and keeps the consents given to it.
      { method: 'DELETE', path: '/v1/topics/{id}', auth: 'admin', roles: MARKETING },
    ],
    access: { table: 'write' },
  },
  {
    name: 'campaigns',
    description: 'Campaigns that leads are attributed to',
    routes: [
      { method: 'GET', path: '/v1/campaigns', auth: 'admin', roles: EVERYONE },
      { method: 'POST', path: '/v1/campaigns', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'GET', path: '/v1/campaigns/{id}', auth: 'admin', roles: EVERYONE },
      { method: 'PATCH', path: '/v1/campaigns/{id}', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
    ],
    access: { table: 'write', tableDelete: true },
  },
  {
    name: 'forms',
    description: 'Lead-capture forms and their embeddable HTML',
    routes: [
      { method: 'GET', path: '/v1/forms', auth: 'admin', roles: MARKETING_READ },
      { method: 'POST', path: '/v1/forms', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'GET', path: '/v1/forms/{id}', auth: 'admin', roles: MARKETING_READ },
      { method: 'PATCH', path: '/v1/forms/{id}', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      // Archives (UpdateItem): submissions answer 410, the form stays readable.
      { method: 'DELETE', path: '/v1/forms/{id}', auth: 'admin', roles: MARKETING },
    ],
    access: { table: 'write' },
  },
  {
    name: 'capture',
    description: 'Public web-form submissions: lead, touchpoint, consent request and their events (the outbox sends the confirmation mail)',
    routes: [
      { method: 'POST', path: '/v1/forms/{formId}/submissions', auth: 'public', maxBodyBytes: SUBMISSION_MAX_BYTES },
      { method: 'OPTIONS', path: '/v1/forms/{formId}/submissions', auth: 'public' },
    ],
    access: { table: 'write' },
  },
  {
    name: 'confirmation-mail',
    description: 'The double opt-in mail a capture asked for (consent.requested from the outbox), once per request',
    events: [eventCatalog.consentRequested.trigger],
    access: { table: 'write', sendMail: true, signingKey: true },
  },
  {
    name: 'consent',
    description: 'Public double opt-in confirmation links',
    routes: [{ method: 'GET', path: '/v1/consent/confirm', auth: 'public' }],
    access: { table: 'write', signingKey: true },
  },
  {
    name: 'contacts',
    description: 'Contact search, the 360-degree view, profile changes and activities',
    routes: [
      { method: 'GET', path: '/v1/contacts', auth: 'admin', roles: EVERYONE },
      { method: 'GET', path: '/v1/contacts/{id}', auth: 'admin', roles: EVERYONE },
      { method: 'PATCH', path: '/v1/contacts/{id}', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'POST', path: '/v1/contacts/{id}/activities', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
    ],
    // DeleteItem: a rename removes the old name's index entries. Users: owners are checked and shown.
    access: { table: 'write', tableDelete: true, readUsers: true },
  },
  {
    name: 'duplicates',
    description: 'Likely duplicate contacts (one scan of the contact facts) and merging two contacts into one',
    routes: [
      { method: 'GET', path: '/v1/contacts/duplicates', auth: 'admin', roles: EVERYONE },
      { method: 'POST', path: '/v1/contacts/duplicates/dismissals', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'POST', path: '/v1/contacts/{id}/merge', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
    ],
    // DeleteItem: a merge deletes the merged profile and moves its items. The duplicates list scans the
    // contact-facts index within API Gateway's 30 s (1M contacts in ~10-20 s with 8 workers).
    access: { table: 'write', tableDelete: true, scanFacts: true },
    memoryMb: 1769,
    timeoutSeconds: 29,
  },
  {
    name: 'gdpr',
    description: 'GDPR export (art. 15) and erasure (art. 17) of a contact',
    routes: [
      { method: 'GET', path: '/v1/contacts/{id}/export', auth: 'admin', roles: ADMIN_ONLY },
      { method: 'DELETE', path: '/v1/contacts/{id}', auth: 'admin', roles: ADMIN_ONLY },
    ],
    access: { table: 'write', tableDelete: true, signingKey: true },
  },
  {
    name: 'companies',
    description: 'Companies and their people; their channel blocks (copied onto their people) and address',
    routes: [
      { method: 'GET', path: '/v1/companies', auth: 'admin', roles: EVERYONE },
      { method: 'GET', path: '/v1/companies/{id}', auth: 'admin', roles: EVERYONE },
      { method: 'PATCH', path: '/v1/companies/{id}', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
    ],
    // Write: a company's channels (with proofs, copied onto its people), address and custom field values. Users: its owner.
    access: { table: 'write', readUsers: true },
  },
  {
    name: 'fields',
    description: 'Custom field definitions of contacts and companies',
    routes: [
      { method: 'GET', path: '/v1/fields', auth: 'admin', roles: EVERYONE },
      { method: 'POST', path: '/v1/fields', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      // DeleteItem of the definition, refused while a segment, form or template uses it.
      { method: 'DELETE', path: '/v1/fields/{key}', auth: 'admin', roles: MARKETING },
    ],
    access: { table: 'write', tableDelete: true },
  },
  {
    name: 'orders',
    description: 'Orders from the ERP over HTTP, idempotent on orderId',
    routes: [{ method: 'POST', path: '/v1/orders', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES }],
    access: { table: 'write' },
  },
  {
    name: 'imports',
    description: 'CSV imports of fair and portal leads through the capture path, their dry runs, history and rejected rows',
    routes: [
      { method: 'POST', path: '/v1/imports', auth: 'admin', roles: MARKETING, maxBodyBytes: IMPORT_MAX_BYTES },
      // Files of any size: an upload URL; the import then runs in imports-run.
      { method: 'POST', path: '/v1/imports/uploads', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'GET', path: '/v1/imports', auth: 'admin', roles: MARKETING_READ },
      { method: 'GET', path: '/v1/imports/{id}', auth: 'admin', roles: MARKETING_READ },
      { method: 'GET', path: '/v1/imports/{id}/rejected', auth: 'admin', roles: MARKETING },
    ],
    // The erased-address check needs the product key; API Gateway ends requests at 30 s.
    access: { table: 'write', signingKey: true, signUploads: true },
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  {
    name: 'imports-run',
    description: 'Imports uploaded CSV files of any size: streamed from S3 in runs of up to 15 minutes, each handing on to the next',
    // batchSize 1: a message is one run; two imports may run at once.
    queue: { queue: 'imports', batchSize: 1, maxConcurrency: 2 },
    access: { table: 'write', signingKey: true, readUploads: true, enqueueImports: true },
    memoryMb: 1024,
    timeoutSeconds: 900,
  },
  {
    name: 'segments',
    description: 'Segments: rules, preview, members, evaluation on request, print mailing address lists',
    routes: [
      { method: 'GET', path: '/v1/segments', auth: 'admin', roles: MARKETING_READ },
      { method: 'POST', path: '/v1/segments', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'POST', path: '/v1/segments/preview', auth: 'admin', roles: MARKETING_READ, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'GET', path: '/v1/segments/{id}', auth: 'admin', roles: MARKETING_READ },
      { method: 'PATCH', path: '/v1/segments/{id}', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'DELETE', path: '/v1/segments/{id}', auth: 'admin', roles: MARKETING },
      { method: 'POST', path: '/v1/segments/{id}/evaluate', auth: 'admin', roles: MARKETING },
      { method: 'GET', path: '/v1/segments/{id}/members', auth: 'admin', roles: MARKETING_READ },
      { method: 'POST', path: '/v1/segments/{id}/print-export', auth: 'admin', roles: MARKETING },
    ],
    access: { table: 'write', publishEvents: true, scanFacts: true, enqueuePrintExports: true },
    // A preview scans the contact-facts index within API Gateway's 30 s.
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  {
    name: 'print-export-run',
    description: 'Writes print mailing address lists of any size to exports/ of the uploads bucket (streamed multipart upload), touches included',
    // batchSize 1: a message is one export; two may run at once.
    queue: { queue: 'printExports', batchSize: 1, maxConcurrency: 2 },
    access: { table: 'write', writeExports: true },
    memoryMb: 1024,
    timeoutSeconds: 900,
  },
  {
    name: 'print-exports',
    description: "A background print export's state and, once done, its 15-minute download URL",
    routes: [{ method: 'GET', path: '/v1/print-exports/{id}', auth: 'admin', roles: MARKETING }],
    // The download hands out addresses: audited.
    access: { table: 'read', readExports: true, writeAudit: true },
  },
  {
    name: 'segments-run',
    description: 'Evaluates due segments in one parallel scan of the contact facts (schedule) or named ones (on request)',
    // Every 15 minutes: new and changed segments are evaluated soon; hourly and daily ones when due.
    schedules: [{ expression: 'rate(15 minutes)', description: 'Evaluate every due segment (new, changed, hourly, daily)' }],
    events: [eventCatalog.segmentsEvaluationRequested.trigger],
    access: { table: 'write', tableDelete: true, scanFacts: true },
    memoryMb: 1769,
    timeoutSeconds: 900,
  },
  {
    name: 'contact-refresh',
    description:
      "A changed contact (table stream): its company's channel blocks when it joined or left one, its segment memberships and its share of the campaign counters",
    stream: { filter: 'contactProfiles', batchSize: 100 },
    access: { table: 'write', tableDelete: true },
  },
  {
    name: 'outbox',
    description: 'The stream outbox: publishes outbox items, segment memberships, consent changes and finished mailings as events, with a stable id',
    stream: { filter: 'outbox', batchSize: 100 },
    access: { publishEvents: true },
  },
  {
    name: 'templates',
    description: 'Mail templates with merge fields, their preview for a contact, and test sends',
    routes: [
      { method: 'GET', path: '/v1/templates', auth: 'admin', roles: MARKETING_READ },
      { method: 'POST', path: '/v1/templates', auth: 'admin', roles: MARKETING, maxBodyBytes: TEMPLATE_MAX_BYTES },
      { method: 'GET', path: '/v1/templates/{id}', auth: 'admin', roles: MARKETING_READ },
      { method: 'PATCH', path: '/v1/templates/{id}', auth: 'admin', roles: MARKETING, maxBodyBytes: TEMPLATE_MAX_BYTES },
      { method: 'DELETE', path: '/v1/templates/{id}', auth: 'admin', roles: MARKETING },
      { method: 'POST', path: '/v1/templates/{id}/preview', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'POST', path: '/v1/templates/{id}/test', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
    ],
    // SendEmail for test sends, From the product's MAIL_FROM only.
    access: { table: 'write', sendMail: true },
  },
  {
    name: 'mailings',
    description: 'Mailings: create, send now or at scheduledAt, cancel, live counts',
    routes: [
      { method: 'GET', path: '/v1/mailings', auth: 'admin', roles: MARKETING_READ },
      { method: 'POST', path: '/v1/mailings', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'GET', path: '/v1/mailings/{id}', auth: 'admin', roles: MARKETING_READ },
      { method: 'POST', path: '/v1/mailings/{id}/send', auth: 'admin', roles: MARKETING },
      { method: 'POST', path: '/v1/mailings/{id}/cancel', auth: 'admin', roles: MARKETING },
    ],
    access: { table: 'write', knowsSender: true },
  },
  {
    name: 'mailings-prepare',
    description: "Snapshots a sending mailing's recipients, checks them and queues them in batches; starts scheduled mailings when due",
    events: [eventCatalog.mailingSendRequested.trigger],
    schedules: [{ expression: 'rate(1 minute)', description: 'Start scheduled mailings whose time has come' }],
    access: { table: 'write', enqueueMail: true },
    memoryMb: 1024,
    timeoutSeconds: 900,
  },
  {
    name: 'mailings-sweeper',
    description: 'Starts again mailings stuck in sending without progress (their start was lost); preparation resumes, nobody is mailed twice',
    schedules: [{ expression: 'rate(5 minutes)', description: 'Find mailings stuck in sending and ask for their preparation again' }],
    // Reads the mailing listing, writes the request into the outbox with the mailing: nothing else.
    access: { table: 'write' },
  },
  {
    name: 'mail-sender',
    description: 'Sends queued mailing recipients through SES: checked again, claimed, paced under the account rate',
    queue: { queue: 'mail', batchSize: 4, maxConcurrency: MAIL_SENDERS },
    access: { table: 'write', tableDelete: true, sendMail: true, readSendQuota: true, signingKey: true },
    memoryMb: 512,
    timeoutSeconds: 180,
  },
  {
    name: 'journeys',
    description: 'Journeys: drafts, versions, publish/pause/resume/archive, figures and participants',
    routes: [
      { method: 'GET', path: '/v1/journeys', auth: 'admin', roles: MARKETING_READ },
      { method: 'POST', path: '/v1/journeys', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'GET', path: '/v1/journeys/{id}', auth: 'admin', roles: MARKETING_READ },
      { method: 'PATCH', path: '/v1/journeys/{id}', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'POST', path: '/v1/journeys/{id}/publish', auth: 'admin', roles: MARKETING },
      { method: 'POST', path: '/v1/journeys/{id}/pause', auth: 'admin', roles: MARKETING },
      { method: 'POST', path: '/v1/journeys/{id}/resume', auth: 'admin', roles: MARKETING },
      { method: 'POST', path: '/v1/journeys/{id}/archive', auth: 'admin', roles: MARKETING },
      { method: 'GET', path: '/v1/journeys/{id}/participants', auth: 'admin', roles: MARKETING_READ },
      { method: 'POST', path: '/v1/journeys/{id}/simulate', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
    ],
    // The forecast scans the facts index and reads the SES quota; it sends nothing.
    access: { table: 'write', scanFacts: true, readSendQuota: true, knowsSender: true },
    timeoutSeconds: 29,
  },
  {
    name: 'settings',
    description: 'The product settings: the frequency cap across journeys and mailings',
    routes: [
      { method: 'GET', path: '/v1/settings', auth: 'admin', roles: MARKETING_READ },
      { method: 'PUT', path: '/v1/settings', auth: 'admin', roles: ADMIN_ONLY, maxBodyBytes: ADMIN_MAX_BYTES },
    ],
    access: { table: 'write' },
  },
  {
    name: 'journeys-worker',
    description: "Runs journey participants' due steps: one conditional move each, mails claimed before SES and paced under the account rate",
    queue: { queue: 'journeys', batchSize: 10, maxConcurrency: 4 },
    access: { table: 'write', sendMail: true, readSendQuota: true, signingKey: true },
    memoryMb: 512,
    timeoutSeconds: 60,
  },
  {
    name: 'journeys-sweep',
    description: 'Every minute: hands the participants whose step is due (the sharded due index) to the journey queue',
    schedules: [{ expression: 'rate(1 minute)', description: 'Hand due journey steps to the journey queue' }],
    access: { table: 'read', enqueueJourneys: true },
    timeoutSeconds: 50,
  },
  {
    name: 'journey-events',
    description:
      'Journey triggers and reactions on the bus: enters people (leads, consents, segments, orders), records opens and clicks, ends journeys by goal or unsubscribe',
    events: [
      eventCatalog.leadCaptured.trigger,
      eventCatalog.consentGranted.trigger,
      eventCatalog.consentWithdrawn.trigger,
      eventCatalog.segmentEntered.trigger,
      eventCatalog.segmentExited.trigger,
      eventCatalog.orderPlaced.trigger,
      eventCatalog.emailOpened.trigger,
      eventCatalog.emailClicked.trigger,
    ],
    access: { table: 'write', enqueueJourneys: true },
  },
  {
    name: 'mail-events',
    description: 'SES events (delivery, bounce, complaint, open, click): suppression, timeline, counters',
    events: SES_DETAIL_TYPES.map((detailType) => ({ source: 'aws.ses', detailType, bus: 'default' as const })),
    access: { table: 'write' },
  },
  {
    name: 'unsubscribe',
    description: 'Public one-click unsubscribe (RFC 8058) and the preference page',
    routes: [
      { method: 'GET', path: '/v1/unsubscribe', auth: 'public' },
      { method: 'POST', path: '/v1/unsubscribe', auth: 'public', maxBodyBytes: SUBMISSION_MAX_BYTES },
      { method: 'GET', path: '/v1/preferences', auth: 'public' },
      { method: 'POST', path: '/v1/preferences', auth: 'public', maxBodyBytes: SUBMISSION_MAX_BYTES },
    ],
    access: { table: 'write', signingKey: true },
  },
  {
    name: 'suppressions',
    description: 'The suppression list: addresses no mailing reaches',
    routes: [
      { method: 'GET', path: '/v1/suppressions', auth: 'admin', roles: ADMIN_ONLY },
      { method: 'POST', path: '/v1/suppressions', auth: 'admin', roles: ADMIN_ONLY, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'DELETE', path: '/v1/suppressions/{email}', auth: 'admin', roles: ADMIN_ONLY },
    ],
    access: { table: 'write', tableDelete: true },
  },
  {
    name: 'analytics',
    description: 'Campaign analytics: leads, opt-ins, customers, revenue, cost per lead, e-mail funnel (JSON or CSV); ABC classes and their revenue',
    routes: [
      { method: 'GET', path: '/v1/analytics/campaigns', auth: 'admin', roles: EVERYONE },
      { method: 'GET', path: '/v1/analytics/campaigns/{id}', auth: 'admin', roles: EVERYONE },
      { method: 'GET', path: '/v1/abc', auth: 'admin', roles: EVERYONE },
      // 202: publishes abc.recompute.requested for abc-run (PutEvents only; the run writes, not this function).
      { method: 'POST', path: '/v1/abc/recompute', auth: 'admin', roles: MARKETING },
    ],
    access: { table: 'read', publishEvents: true, writeAudit: true },
  },
  {
    name: 'audit',
    description: 'The audit trail (admins): who changed or exported which personal data, when, from where, with which outcome; JSON pages or CSV',
    routes: [{ method: 'GET', path: '/v1/audit', auth: 'admin', roles: ADMIN_ONLY }],
    // Read only: entries are written where the requests are served, and no route changes or deletes one.
    access: { table: 'read' },
    // A CSV of a long range reads up to 10,000 entries within API Gateway's 30 s.
    timeoutSeconds: 29,
  },
  {
    name: 'abc-run',
    description: 'ABC classification of accounts by 12 months of order revenue: one parallel scan of the contact facts, writes of changed classes',
    schedules: [{ expression: 'rate(1 day)', description: 'Classify accounts A/B/C by their trailing 12 months of order revenue' }],
    events: [eventCatalog.abcRecomputeRequested.trigger],
    // Write: `abc` on companies and profiles (conditional updates, no deletes). 1M contacts: see README, "ABC".
    access: { table: 'write', scanFacts: true },
    memoryMb: 1769,
    timeoutSeconds: 900,
  },
  {
    name: 'dashboard',
    description: "The console dashboard: every campaign's figures from its day counters, mailings under way, running imports",
    routes: [{ method: 'GET', path: '/v1/dashboard', auth: 'admin', roles: EVERYONE }],
    access: { table: 'read' },
    // One counter read per campaign, eight at once: a few hundred campaigns over three years fit in API Gateway's 30 s.
    timeoutSeconds: 29,
  },
  {
    name: 'stats-rebuild',
    description: "Recomputes every contact's share of the campaign counters from the stored timeline (invoked by hand)",
    access: { table: 'write', scanFacts: true },
    memoryMb: 1769,
    timeoutSeconds: 900,
  },
  {
    name: 'tasks',
    description: "The product's users (Cognito), the caller's digest preference, and tasks (Wiedervorlagen) on contacts and companies",
    routes: [
      { method: 'GET', path: '/v1/users', auth: 'admin', roles: EVERYONE },
      { method: 'GET', path: '/v1/users/me', auth: 'admin', roles: EVERYONE },
      { method: 'PATCH', path: '/v1/users/me', auth: 'admin', roles: EVERYONE, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'GET', path: '/v1/tasks', auth: 'admin', roles: EVERYONE },
      { method: 'POST', path: '/v1/tasks', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'GET', path: '/v1/tasks/{id}', auth: 'admin', roles: EVERYONE },
      { method: 'PATCH', path: '/v1/tasks/{id}', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
    ],
    access: { table: 'write', readUsers: true },
  },
  {
    name: 'task-digest',
    description: "Every hour: each user whose local time is 07:00 gets one mail of their due and overdue open tasks (their own and their team's)",
    schedules: [{ expression: 'rate(1 hour)', description: 'Send the morning task digest to the users whose morning it is' }],
    // The digest is a mail to staff (MAIL_FROM), claimed per user and local day before SES.
    access: { table: 'write', tableDelete: true, sendMail: true, readUsers: true },
    timeoutSeconds: 300,
  },
  {
    name: 'lead-qualified',
    description: 'A qualified lead (lead.qualified): an owner by round robin within the qualified-leads team when it has none, and one follow-up task',
    events: [eventCatalog.leadQualified.trigger],
    access: { table: 'write', readUsers: true },
  },
  {
    name: 'scoring',
    description: 'Lead scoring rules (versioned), their rebuild on request, and a preview of who would qualify under a draft',
    routes: [
      { method: 'GET', path: '/v1/scoring', auth: 'admin', roles: EVERYONE },
      { method: 'PUT', path: '/v1/scoring', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
      { method: 'POST', path: '/v1/scoring/rebuild', auth: 'admin', roles: MARKETING },
      { method: 'POST', path: '/v1/scoring/preview', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
    ],
    // The preview reads a sample of the contact-facts index and its contacts' ledgers within API Gateway's 30 s.
    access: { table: 'write', scanFacts: true },
    memoryMb: 1024,
    timeoutSeconds: 29,
  },
  {
    name: 'scoring-events',
    description:
      "Lead scoring on the bus: each scorable event claimed once in its contact's ledger with the new score (lead.qualified on crossing the threshold); rebuilds and the daily decay run",
    events: [
      eventCatalog.leadCaptured.trigger,
      eventCatalog.emailOpened.trigger,
      eventCatalog.emailClicked.trigger,
      eventCatalog.orderRecorded.trigger,
      eventCatalog.activityLogged.trigger,
      eventCatalog.consentGranted.trigger,
      eventCatalog.scoringRebuildRequested.trigger,
    ],
    schedules: [{ expression: 'rate(1 day)', description: 'Rescore every contact: points decay by full months' }],
    // A rebuild scans the contact-facts index for ids and rescores each contact, handing on before the limit.
    access: { table: 'write', scanFacts: true },
    memoryMb: 1024,
    timeoutSeconds: 900,
  },
  {
    name: 'order-events',
    description: 'Orders from the ERP as order.placed events on the bus',
    events: [eventCatalog.orderPlaced.trigger],
    access: { table: 'write' },
  },
  {
    name: 'sign-in-check',
    description: 'Before Cognito issues tokens: refuses a member of admin without a verified authenticator app (TOTP)',
    cognito: { trigger: 'preTokenGeneration' },
    access: { readMfaSettings: true },
    // Cognito waits 5 s for a trigger; one AdminGetUser takes milliseconds.
    timeoutSeconds: 5,
  },
  {
    name: 'link-key-rotation',
    description:
      'Rotates the link-signing secret: a new key signs, the previous ones verify until their links expire (400 days), the erased-address hash key stays',
    // Unsubscribe links live 400 days, so about five keys verify at once.
    rotation: { secret: 'signingKey', everyDays: 90 },
    access: { rotateSigningKey: true },
    timeoutSeconds: 30,
  },
];

/** Every route with the function that serves it. */
export function allRoutes(): Array<RouteSpec & { functionName: string }> {
  return functions.flatMap((fn) => (fn.routes ?? []).map((route) => ({ ...route, functionName: fn.name })));
}

/** The manifest entry for a route key, or undefined for a key no function serves. */
export function findRoute(key: string): (RouteSpec & { functionName: string }) | undefined {
  return allRoutes().find((route) => routeKey(route) === key);
}
