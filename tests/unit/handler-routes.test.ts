import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { functions, routeKey, type RouteSpec } from '#infra/functions';

const rootDir = path.resolve(import.meta.dirname, '../..');
const httpFunctions = functions.filter((spec) => spec.routes?.length);

/** A route as one line, every field of its spec in it: two lists are equal when their lines are. */
function described(route: RouteSpec): string {
  return `${routeKey(route)} auth=${route.auth} roles=${route.roles?.join(',') ?? 'none'} maxBodyBytes=${route.maxBodyBytes ?? 'default'}`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(rootDir, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

describe('the routes a handler declares', () => {
  beforeAll(() => {
    // What the handlers read at cold start; nothing here is contacted by merely loading them.
    vi.stubEnv('TABLE_NAME', 'routes-test');
    vi.stubEnv('PUBLIC_BASE_URL', 'https://leadflow.example');
    vi.stubEnv('TOKEN_SECRET', 'a-test-signing-key-of-at-least-thirty-two-chars');
    vi.stubEnv('MAIL_FROM', 'Leadflow <no-reply@leadflow.example>');
    vi.stubEnv('UPLOADS_BUCKET', 'routes-test-uploads');
    vi.stubEnv('MAIL_QUEUE_URL', 'http://127.0.0.1:1/000000000000/mail');
    vi.stubEnv('IMPORT_QUEUE_URL', 'http://127.0.0.1:1/000000000000/imports');
  });

  it.each(httpFunctions.map((spec) => [spec.name, spec] as const))("are the manifest's routes for %s", async (name, spec) => {
    const module = (await import(pathToFileURL(path.join(rootDir, 'functions', name, 'handler.ts')).href)) as { routes?: readonly RouteSpec[] };
    expect(module.routes, `functions/${name}/handler.ts exports routes`).toBeDefined();
    expect(new Set(module.routes?.map(described))).toEqual(new Set(spec.routes?.map(described)));
    expect(module.routes).toHaveLength(spec.routes?.length ?? 0);
  });

  it('exist only in functions the manifest gives routes', () => {
    const withRoutes = readdirSync(path.join(rootDir, 'functions')).filter((name) =>
      /export const routes\b/.test(readFileSync(path.join(rootDir, 'functions', name, 'handler.ts'), 'utf8')),
    );
    expect(withRoutes.sort()).toEqual(httpFunctions.map((spec) => spec.name).sort());
  });
});

describe('the code that runs in Lambda', () => {
  /** A static or dynamic import of infra/, by alias or by relative path. */
  const infraImport = /(?:from\s+|import\s*\(\s*)['"](?:#infra\/|(?:\.\.?\/)+infra\/)/;
  it('imports nothing from infra/ (routes and queue settings reach it from the handler and the environment)', () => {
    const offenders = [...sourceFiles('functions'), ...sourceFiles('shared')].filter((file) =>
      infraImport.test(readFileSync(path.join(rootDir, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('is checked by a pattern that does see such an import', () => {
    expect(infraImport.test("import { queues } from '#infra/functions';")).toBe(true);
    expect(infraImport.test("import type { RouteSpec } from '../../infra/functions';")).toBe(true);
    expect(infraImport.test("const m = await import('#infra/functions');")).toBe(true);
    expect(infraImport.test("import { logger } from '#shared/logger';")).toBe(false);
  });
});

describe('the environment a handler reads at cold start', () => {
  // The CDK stack sets MAIL_FROM only for functions whose access sends mail or knows the sender; a handler
  // reading the mail settings without either would fail its cold start in AWS (locally every function has it).
  it.each(functions.map((spec) => [spec.name, spec] as const))('%s reads the mail settings only with sendMail or knowsSender', (name, spec) => {
    const source = readFileSync(path.join(rootDir, 'functions', name, 'handler.ts'), 'utf8');
    if (/\bmailConfig\(\)/.test(source)) expect(spec.access.sendMail === true || spec.access.knowsSender === true, name).toBe(true);
  });
});
