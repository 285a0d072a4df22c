import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger';

/**
 * A queue, stream, schedule or event handler with the product's log context: every line it logs
 * carries Lambda's request id and the function's name (Powertools `injectLambdaContext`), and keys a
 * handler appends for one invocation are gone before the next. HTTP handlers get the same from
 * `httpHandler`.
 *
 * @example
 * ```ts
 * export const handler = observedHandler(async (event: DynamoDBStreamEvent) => publish(event));
 * ```
 */
export function observedHandler<E, R>(handler: (event: E, context: Context) => Promise<R>) {
  return middy<E, R, Error, Context>().use(injectLambdaContext(logger, { resetKeys: true })).handler(handler);
}
