import { createHash, randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { functions, queues } from '../functions';
import type { DeadLetters } from './dead-letters';
import { invokeFunction } from './handler-modules';

interface Message {
  id: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
  sentAt: number;
}

export interface LocalQueueStats {
  visible: number;
  inFlight: number;
  delivered: number;
  deadLettered: number;
}

export interface LocalQueues {
  /** Answers an SQS JSON-protocol call (`AmazonSQS.SendMessageBatch`, ...). */
  handle(target: string, input: Record<string, unknown>): { status: number; body: unknown };
  stats(): Record<string, LocalQueueStats>;
  /** Resolves when no message is visible or in flight (test and benchmark helper). */
  drained(queue: keyof typeof queues, timeoutMs?: number): Promise<void>;
  stop(): void;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/**
 * The local SQS: the product's queues (infra/functions.ts `queues`) with the same redrive rule as in
 * AWS (after `maxReceiveCount` receives a message goes to the dead-letter list) and an event source per
 * consuming function that runs at most its `maxConcurrency` invocations at once, `batchSize` messages
 * each, with SQS events, and honours `batchItemFailures`. Failed messages become visible again after
 * `retryDelayMs` (AWS waits for the visibility timeout; locally that would only slow tests down).
 */
export function createLocalQueues(options: {
  rootDir: string;
  deadLetters: DeadLetters;
  retryDelayMs?: number;
  /** False: only hold messages (a benchmark of the producer alone). */
  consume?: boolean;
}): LocalQueues {
  const retryDelayMs = options.retryDelayMs ?? 2000;
  const state = new Map<string, { messages: Message[]; inFlight: number; delivered: number; deadLettered: number; wake: Array<() => void> }>();
  for (const name of Object.keys(queues)) state.set(name, { messages: [], inFlight: 0, delivered: 0, deadLettered: 0, wake: [] });
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();

  const queueState = (name: string) => {
    const queue = state.get(name);
    if (!queue) throw new Error(`No local queue ${name}`);
    return queue;
  };
  const queueOf = (url: unknown) => {
    const name =
      String(url ?? '')
        .split('/')
        .pop() ?? '';
    return state.has(name) ? name : undefined;
  };
  const notify = (name: string) => {
    const queue = queueState(name);
    for (const wake of queue.wake.splice(0)) wake();
  };
  const notifyLater = (name: string, ms: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      notify(name);
    }, ms);
    timers.add(timer);
  };

  const take = (name: string, max: number): Message[] => {
    const queue = queueState(name);
    const now = Date.now();
    const taken: Message[] = [];
    for (const message of queue.messages) {
      if (taken.length >= max) break;
      if (message.visibleAt <= now) taken.push(message);
    }
    for (const message of taken) {
      message.receiveCount += 1;
      message.visibleAt = Number.POSITIVE_INFINITY;
    }
    queue.inFlight += taken.length;
    return taken;
  };

  const settle = (name: string, functionName: string, batch: Message[], failedIds: Set<string>, error: string) => {
    const queue = queueState(name);
    queue.inFlight -= batch.length;
    for (const message of batch) {
      if (!failedIds.has(message.id)) {
        queue.messages.splice(queue.messages.indexOf(message), 1);
        queue.delivered += 1;
        continue;
      }
      if (message.receiveCount >= queues[name as keyof typeof queues].maxReceiveCount) {
        queue.messages.splice(queue.messages.indexOf(message), 1);
        queue.deadLettered += 1;
        options.deadLetters.push({ functionName, error, queueMessage: { messageId: message.id, receiveCount: message.receiveCount, body: message.body } });
      } else {
        message.visibleAt = Date.now() + retryDelayMs;
        notifyLater(name, retryDelayMs + 5);
      }
    }
  };

  const worker = async (name: string, functionName: string, batchSize: number, lane: number) => {
    const queue = queueState(name);
    while (!stopped) {
      const batch = take(name, batchSize);
      if (batch.length === 0) {
        await new Promise<void>((resolve) => queue.wake.push(resolve));
        continue;
      }
      const event: SQSEvent = {
        Records: batch.map((message) => ({
          messageId: message.id,
          receiptHandle: randomUUID(),
          body: message.body,
          attributes: {
            ApproximateReceiveCount: String(message.receiveCount),
            SentTimestamp: String(message.sentAt),
            SenderId: 'local',
            ApproximateFirstReceiveTimestamp: String(Date.now()),
          },
          messageAttributes: {},
          md5OfBody: md5(message.body),
          eventSource: 'aws:sqs',
          eventSourceARN: `arn:aws:sqs:local:000000000000:${name}`,
          awsRegion: 'local',
        })),
      };
      try {
        const result = (await invokeFunction<SQSBatchResponse | undefined>(options.rootDir, functionName, event, lane)) ?? { batchItemFailures: [] };
        settle(name, functionName, batch, new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier)), 'reported as failed');
      } catch (error) {
        settle(name, functionName, batch, new Set(batch.map((message) => message.id)), (error as Error).name);
      }
    }
  };

  for (const spec of functions) {
    if (!spec.queue || options.consume === false) continue;
    // Each lane is a container of its own, as Lambda runs concurrent invocations.
    for (let lane = 0; lane < spec.queue.maxConcurrency; lane += 1) void worker(spec.queue.queue, spec.name, spec.queue.batchSize, lane);
  }

  const send = (name: string, body: string) => {
    const message: Message = { id: randomUUID(), body, receiveCount: 0, visibleAt: Date.now(), sentAt: Date.now() };
    queueState(name).messages.push(message);
    return message;
  };

  return {
    handle(target, input) {
      const name = queueOf(input.QueueUrl);
      if (!name) return { status: 400, body: { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' } };
      if (target === 'AmazonSQS.SendMessage') {
        const body = String(input.MessageBody ?? '');
        const message = send(name, body);
        notify(name);
        return { status: 200, body: { MessageId: message.id, MD5OfMessageBody: md5(body) } };
      }
      if (target === 'AmazonSQS.SendMessageBatch') {
        const entries = (input.Entries as Array<{ Id: string; MessageBody: string }> | undefined) ?? [];
        if (entries.length === 0 || entries.length > 10)
          return { status: 400, body: { __type: 'com.amazonaws.sqs#TooManyEntriesInBatchRequest', message: 'A batch holds 1 to 10 entries.' } };
        const successful = entries.map((entry) => ({ Id: entry.Id, MessageId: send(name, entry.MessageBody).id, MD5OfMessageBody: md5(entry.MessageBody) }));
        notify(name);
        return { status: 200, body: { Successful: successful, Failed: [] } };
      }
      return { status: 400, body: { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: `The local queue does not support ${target}` } };
    },
    stats() {
      return Object.fromEntries(
        [...state].map(([name, queue]) => [
          name,
          {
            visible: queue.messages.filter((message) => message.visibleAt !== Number.POSITIVE_INFINITY).length,
            inFlight: queue.inFlight,
            delivered: queue.delivered,
            deadLettered: queue.deadLettered,
          },
        ]),
      );
    },
    async drained(name, timeoutMs = 120_000) {
      const until = Date.now() + timeoutMs;
      const queue = queueState(name);
      while (queue.messages.length > 0 || queue.inFlight > 0) {
        if (Date.now() > until) throw new Error(`Queue ${name} did not drain within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      for (const queue of state.values()) for (const wake of queue.wake.splice(0)) wake();
    },
  };
}
