import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer, type Server } from 'node:http';
import type { EventBridgeEvent } from 'aws-lambda';
import { functions } from '../functions';
import type { DeadLetters } from './dead-letters';
import { invokeFunction } from './handler-modules';
import type { LocalQueues } from './local-queue';
import type { LocalScheduler } from './scheduler';
import { buildSesEvent, injectSesEventSchema } from './ses-events';
import { eventDefinitionOf } from '../../shared/events/catalog';

/**
 * Why the product's own event (source `marketing`) does not fit the catalog, as a PutEvents entry
 * error, so a publisher that drifts from shared/events/catalog.ts fails its tests. Events of other
 * publishers (the ERP's `order.placed`) pass, as on EventBridge: their consumer parses them, and a
 * poison one ends in the dead letters.
 */
function catalogRefusal(source: string, detailType: string, detail: unknown): { ErrorCode: string; ErrorMessage: string } | undefined {
  if (source !== 'marketing') return undefined;
  const definition = eventDefinitionOf(source, detailType);
  if (!definition) return { ErrorCode: 'UnknownDetailType', ErrorMessage: `${detailType} is not in the event catalog` };
  const parsed = definition.schema.safeParse(detail);
  if (parsed.success) return undefined;
  return { ErrorCode: 'InvalidDetail', ErrorMessage: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') };
}

/** Retries of a failed asynchronous invocation (Lambda's default and the CDK stack's setting). */
const ASYNC_RETRIES = 2;

interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
}

export interface DeliveredEvent {
  id: string;
  source: string;
  detailType: string;
  detail: unknown;
  time: string;
}

/**
 * The local EventBridge: answers the real `PutEvents` API (awsJson1.1), keeps what was put for tests
 * (`GET /events`), and delivers each event to the manifest's functions whose trigger matches, as Lambda
 * would; an event whose function keeps failing (retried twice, as Lambda retries an asynchronous
 * invocation) lands on the dead-letter list (`GET /dead-letters`), as the function's DLQ would receive it. It also answers `POST /schedules/<function>/fire` (the local
 * scheduler's tick for that function, now), the SQS calls of the local queues (`GET /queues` shows
 * them), and `POST /ses/events` `{ messageId, eventType }`, which publishes what SES would report about
 * a sent mail (delivery, bounce, complaint, open, click) as `aws.ses` events.
 */
export function createLocalEventBus(options: {
  rootDir: string;
  deadLetters: DeadLetters;
  scheduler: LocalScheduler;
  queues: LocalQueues;
  /** Where `POST /ses/events` looks up a sent mail. */
  services: { sesUrl: string; dynamoDbEndpoint: string; tableName: string };
  /** The pause before the first retry of a failed invocation, doubled for the second (Lambda: about a minute). */
  retryDelayMs?: number;
}): Server {
  const events: DeliveredEvent[] = [];
  const { deadLetters } = options;
  /** An event the bus accepted (PutEvents or an injected SES event): kept for `GET /events`. */
  const accept = (source: string, detailType: string, detail: unknown): DeliveredEvent => {
    const event = { id: randomUUID(), source, detailType, detail, time: new Date().toISOString() };
    events.push(event);
    return event;
  };

  const retryDelayMs = options.retryDelayMs ?? 500;
  const deliver = async (event: DeliveredEvent) => {
    const targets = functions.filter((spec) => spec.events?.some((trigger) => trigger.source === event.source && trigger.detailType === event.detailType));
    await Promise.all(
      targets.map(async (spec) => {
        const lambdaEvent: EventBridgeEvent<string, unknown> = {
          version: '0',
          id: event.id,
          'detail-type': event.detailType,
          source: event.source,
          account: '000000000000',
          time: event.time,
          region: 'local',
          resources: [],
          detail: event.detail,
        };
        // As Lambda invokes asynchronously: a failed invocation is retried twice, with growing pauses, then dead-lettered.
        for (let attempt = 0; ; attempt += 1) {
          try {
            await invokeFunction(options.rootDir, spec.name, lambdaEvent);
            return;
          } catch (error) {
            if (attempt >= ASYNC_RETRIES) {
              deadLetters.push({ event, functionName: spec.name, error: (error as Error).name });
              return;
            }
            await sleep(retryDelayMs * 2 ** attempt);
          }
        }
      }),
    );
  };

  return createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/events') return send(200, { events });
    if (req.method === 'GET' && req.url === '/dead-letters') return send(200, { deadLetters });
    if (req.method === 'GET' && req.url === '/queues') return send(200, { queues: options.queues.stats() });
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method === 'POST' && target.startsWith('AmazonSQS.')) {
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return send(400, { __type: 'com.amazonaws.sqs#InvalidParameterValue', message: 'The body is not JSON' });
      }
      const answer = options.queues.handle(target, input);
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' });
      return res.end(JSON.stringify(answer.body));
    }
    if (req.method === 'POST' && req.url === '/ses/events') {
      let built: { detailType: string; detail: unknown };
      try {
        const input = injectSesEventSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
        if (!input.success)
          return send(400, {
            message: 'Invalid SES event request',
            errors: input.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
          });
        built = await buildSesEvent(input.data, options.services);
      } catch (error) {
        return send((error as Error).name === 'UnknownMessageError' ? 404 : 400, { message: (error as Error).message });
      }
      const event = accept('aws.ses', built.detailType, built.detail);
      send(200, { EventId: event.id, detailType: built.detailType });
      await deliver(event);
      return;
    }
    const fire = req.method === 'POST' ? /^\/schedules\/([a-z0-9-]+)\/fire$/.exec(req.url ?? '') : null;
    if (fire) {
      try {
        return send(200, { result: await options.scheduler.fire(fire[1] ?? '') });
      } catch (error) {
        return send(500, { __type: (error as Error).name, message: (error as Error).message });
      }
    }
    if (req.method !== 'POST' || req.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
      return send(400, { __type: 'UnknownOperationException', message: 'The local bus supports PutEvents only' });
    }
    let entries: PutEventsEntry[];
    try {
      entries = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: PutEventsEntry[] }).Entries ?? [];
    } catch {
      return send(400, { __type: 'ValidationException', message: 'The body is not JSON' });
    }
    const results: Array<{ EventId?: string; ErrorCode?: string; ErrorMessage?: string }> = [];
    const accepted: DeliveredEvent[] = [];
    for (const entry of entries) {
      let detail: unknown;
      try {
        detail = JSON.parse(entry.Detail ?? '{}');
      } catch {
        results.push({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' });
        continue;
      }
      const refusal = catalogRefusal(entry.Source ?? '', entry.DetailType ?? '', detail);
      if (refusal) {
        results.push(refusal);
        continue;
      }
      const event = accept(entry.Source ?? '', entry.DetailType ?? '', detail);
      accepted.push(event);
      results.push({ EventId: event.id });
    }
    send(200, { FailedEntryCount: results.filter((result) => result.ErrorCode).length, Entries: results });
    // Delivered after the answer, asynchronously, like EventBridge's own invocation of targets.
    for (const event of accepted) await deliver(event);
  });
}
