import path from 'node:path';
import { pathToFileURL } from 'node:url';

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
