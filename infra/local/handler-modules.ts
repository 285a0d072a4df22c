import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_TIMEOUT_SECONDS, functions } from '../functions';

const loaded = new Map<string, Promise<unknown>>();

/**
 * The `handler` export of functions/<name>/handler.ts, imported once, as Lambda loads it once per
 * container. The caller names the handler's type: the local stack only passes events through.
 */
export function loadHandlerModule<H>(rootDir: string, name: string): Promise<H> {
  let handler = loaded.get(name);
  if (!handler) {
    const file = pathToFileURL(path.join(rootDir, 'functions', name, 'handler.ts')).href;
    handler = import(file).then((module: { handler: unknown }) => module.handler);
    handler.catch(() => loaded.delete(name));
    loaded.set(name, handler);
  }
  return handler as Promise<H>;
}

/**
 * Invokes a manifest function with an event as Lambda would: its handler, and a context whose
 * remaining time counts down from the function's timeout in the manifest.
 */
export async function invokeFunction<R = unknown>(rootDir: string, name: string, event: unknown): Promise<R> {
  const handler = await loadHandlerModule<(event: unknown, context: unknown) => Promise<R>>(rootDir, name);
  const deadline = Date.now() + (functions.find((spec) => spec.name === name)?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  return handler(event, { awsRequestId: randomUUID(), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) });
}
