import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger';
import { count, metrics } from './metrics';

/**
 * A queue, stream, schedule or event handler with the product's log context and metrics: every line
 * it logs carries Lambda's request id and the function's name (Powertools `injectLambdaContext`), keys
 * a handler appends for one invocation are gone before the next, the counters it adds to are written
 * when it ends (`logMetrics`), and the records a batch handler reports as failed are counted
 * (`FailedBatchItems`). HTTP handlers get the same from `httpHandler`.
 *
 * @example
 * ```ts
 * export const handler = observedHandler(async (event: DynamoDBStreamEvent) => publish(event));
 * ```
 */
export function observedHandler<E, R>(handler: (event: E, context: Context) => Promise<R>) {
  return middy<E, R, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(countFailedBatchItems<E, R>())
    .handler(handler);
}

/** Counts the `batchItemFailures` a queue or stream handler answers with (SQS, DynamoDB streams). */
function countFailedBatchItems<E, R>(): MiddlewareObj<E, R, Error, Context> {
  return {
    after: (request) => {
      const response: unknown = request.response;
      if (typeof response === 'object' && response !== null && 'batchItemFailures' in response && Array.isArray(response.batchItemFailures))
        count('failedBatchItems', response.batchItemFailures.length);
    },
  };
}
