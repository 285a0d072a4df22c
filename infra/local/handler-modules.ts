import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_TIMEOUT_SECONDS, functions } from '../functions';

const loaded = new Map<string, Promise<unknown>>();

/**
 * The `handler` export of functions/<name>/handler.ts, imported once, as Lambda loads it once per
 * container. The caller names the handler's type: the local stack only passes events through.
 */
export function loadHandlerModule<H>(rootDir: string, name: string, instance = 0): Promise<H> {
  const key = `${name}#${instance}`;
  let handler = loaded.get(key);
  if (!handler) {
    // Another instance is another module (its own state: caches, the mail pacer), like another Lambda container.
    const file = `${pathToFileURL(path.join(rootDir, 'functions', name, 'handler.ts')).href}${instance ? `?instance=${instance}` : ''}`;
    handler = import(file).then((module: { handler: unknown }) => module.handler);
    handler.catch(() => loaded.delete(key));
    loaded.set(key, handler);
  }
  return handler as Promise<H>;
}

/**
 * Invokes a manifest function with an event as Lambda would: its handler, and a context whose
 * remaining time counts down from the function's timeout in the manifest. `instance` picks the
 * container: concurrent invocations in AWS run in separate ones.
 */
export async function invokeFunction<R = unknown>(rootDir: string, name: string, event: unknown, instance = 0): Promise<R> {
  const handler = await loadHandlerModule<(event: unknown, context: unknown) => Promise<R>>(rootDir, name, instance);
  const spec = functions.find((candidate) => candidate.name === name);
  const deadline = Date.now() + (spec?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  // What the product's logs read from it (Powertools' Lambda context): the request id and the function.
  const context = {
    awsRequestId: randomUUID(),
    functionName: name,
    functionVersion: '$LATEST',
    memoryLimitInMB: String(spec?.memoryMb ?? 128),
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
  };
  return handler(event, { ...context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) });
}
