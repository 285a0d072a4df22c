import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { allRoutes, routeKey, type RouteSpec } from '#infra/functions';
import { rolesMatrix } from '#infra/roles-matrix';
import { ROLES } from '#shared/domain/user';
import { type ApiEvent, type ApiResult, httpHandler } from '#shared/http/http-handler';
import { ADMIN_ONLY, EVERYONE, MARKETING, MARKETING_READ, rolesNeeded, SALES_WORK } from '#shared/http/route-roles';
import { anApiEvent, type Claims } from '#tests/helpers/api-event';

const rootDir = path.resolve(import.meta.dirname, '../..');
const adminRoutes = allRoutes().filter((route) => route.auth === 'admin');
const ROLE_SETS = [EVERYONE, MARKETING_READ, MARKETING, SALES_WORK, ADMIN_ONLY];

function anEvent(route: Pick<RouteSpec, 'method' | 'path'>, claims: Claims | undefined): ApiEvent {
  return anApiEvent(routeKey(route), claims);
}

const lambdaContext = { functionName: 'roles-test', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function problemOf(result: ApiResult): { status: number; detail?: string } {
  return JSON.parse(String(result.body)) as { status: number; detail?: string };
}

describe('the roles matrix of the manifest', () => {
  it('names the roles of every admin route from the role sets, and none on public routes', () => {
    for (const route of allRoutes()) {
      if (route.auth === 'public') expect(route.roles, routeKey(route)).toBeUndefined();
      else expect(ROLE_SETS, routeKey(route)).toContain(route.roles);
    }
  });

  it('lets admins call every admin route', () => {
    expect(adminRoutes.filter((route) => !route.roles?.includes('admin')).map(routeKey)).toEqual([]);
  });

  it("opens the caller's own profile to every role", () => {
    const me = adminRoutes.filter((route) => route.path === '/v1/users/me');
    expect(me.map((route) => [routeKey(route), route.roles])).toEqual([
      ['GET /v1/users/me', EVERYONE],
      ['PATCH /v1/users/me', EVERYONE],
    ]);
  });

  it("gives analysts no route that changes anything (a segment's preview only counts)", () => {
    const analystsNonGet = adminRoutes.filter((route) => route.method !== 'GET' && route.roles?.includes('analyst')).map(routeKey);
    expect(analystsNonGet).toEqual(['POST /v1/segments/preview', 'PATCH /v1/users/me']);
  });

  it('gives analysts no export of personal data: no GDPR export, print list, rejected import rows or suppression list', () => {
    for (const key of ['GET /v1/contacts/{id}/export', 'GET /v1/print-exports/{id}', 'GET /v1/imports/{id}/rejected', 'GET /v1/suppressions']) {
      expect(adminRoutes.find((route) => routeKey(route) === key)?.roles, key).not.toContain('analyst');
    }
  });

  it('leaves erasure, the GDPR export, suppressions and changing the settings to admins', () => {
    const adminsOnly = adminRoutes.filter((route) => route.roles === ADMIN_ONLY).map(routeKey);
    expect(adminsOnly.sort()).toEqual(
      [
        'GET /v1/contacts/{id}/export',
        'DELETE /v1/contacts/{id}',
        'GET /v1/suppressions',
        'POST /v1/suppressions',
        'DELETE /v1/suppressions/{email}',
        'PUT /v1/settings',
        'GET /v1/audit',
      ].sort(),
    );
  });

  it('lets sales work contacts, companies, activities, duplicates, orders and tasks, and read campaigns', () => {
    const salesWrites = adminRoutes.filter((route) => route.method !== 'GET' && route.roles?.includes('sales')).map(routeKey);
    expect(salesWrites.sort()).toEqual(
      [
        'PATCH /v1/contacts/{id}',
        'POST /v1/contacts/{id}/activities',
        'POST /v1/contacts/duplicates/dismissals',
        'POST /v1/contacts/{id}/merge',
        'PATCH /v1/companies/{id}',
        'POST /v1/orders',
        'PATCH /v1/users/me',
        'POST /v1/tasks',
        'PATCH /v1/tasks/{id}',
      ].sort(),
    );
    expect(adminRoutes.find((route) => routeKey(route) === 'GET /v1/campaigns')?.roles).toContain('sales');
    expect(adminRoutes.find((route) => routeKey(route) === 'POST /v1/campaigns')?.roles).not.toContain('sales');
  });

  it('is printed for the README with a row for every admin route and a column for every role', () => {
    const lines = rolesMatrix().split('\n');
    expect(lines[0]).toBe(`| Route | ${ROLES.join(' | ')} |`);
    expect(lines.slice(2)).toHaveLength(adminRoutes.length);
    for (const route of adminRoutes) {
      const row = lines.find((line) => line.startsWith(`| \`${routeKey(route)}\` |`));
      expect(row, routeKey(route)).toBe(`| \`${routeKey(route)}\` | ${ROLES.map((role) => (route.roles?.includes(role) ? '✓' : '–')).join(' | ')} |`);
    }
  });

  it('is in the README as the manifest says it (paste the output of npx tsx infra/roles-matrix.ts after a change)', () => {
    expect(readFileSync(path.join(rootDir, 'README.md'), 'utf8')).toContain(rolesMatrix());
  });
});

describe('requireAuth, the one place that decides', () => {
  const spec = { method: 'GET', path: '/v1/things', auth: 'admin', roles: MARKETING } as const;
  const handler = httpHandler([spec], { 'GET /v1/things': async () => ({ statusCode: 204 }) });

  it.each([
    ['admin', ['admin']],
    ['marketer', ['marketer']],
    ['an analyst who is a marketer too', ['analyst', 'marketer']],
    ['a marketer as API Gateway flattens the claim', '[analyst marketer]'],
  ] as const)('lets %s call a route open to admin and marketer', async (_who, groups) => {
    const result = await handler(anEvent(spec, { sub: 'u-1', 'cognito:groups': typeof groups === 'string' ? groups : [...groups] }), lambdaContext);
    expect(result.statusCode).toBe(204);
  });

  it.each([
    ['an analyst', { sub: 'u-1', 'cognito:groups': ['analyst'] }],
    ['sales', { sub: 'u-1', 'cognito:groups': '[sales]' }],
    ['a token without groups', { sub: 'u-1' }],
    ['a token whose groups are no roles', { sub: 'u-1', 'cognito:groups': ['everyone', 'Admins'] }],
  ] as const)('refuses %s with 403 naming the roles needed', async (_who, claims) => {
    const result = await handler(anEvent(spec, claims as Claims), lambdaContext);
    expect(result.statusCode).toBe(403);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(problemOf(result)).toMatchObject({ status: 403, detail: 'This needs the role admin or marketer' });
  });

  it('refuses a request without a principal with 401, before looking at roles', async () => {
    const result = await handler(anEvent(spec, undefined), lambdaContext);
    expect(result.statusCode).toBe(401);
  });

  it('opens a route that names no roles to admins only (fails closed)', async () => {
    const undecided = { method: 'GET', path: '/v1/undecided', auth: 'admin' } as const;
    const open = httpHandler([undecided], { 'GET /v1/undecided': async () => ({ statusCode: 204 }) });
    expect((await open(anEvent(undecided, { sub: 'u-1', 'cognito:groups': ['admin'] }), lambdaContext)).statusCode).toBe(204);
    const refused = await open(anEvent(undecided, { sub: 'u-1', 'cognito:groups': ['marketer', 'analyst', 'sales'] }), lambdaContext);
    expect(problemOf(refused)).toMatchObject({ status: 403, detail: 'This needs the role admin' });
  });

  it('names three or more roles as a list', () => {
    expect(rolesNeeded(MARKETING_READ)).toBe('This needs the role admin, marketer or analyst');
  });
});

describe('a token without any known group', () => {
  beforeAll(() => {
    // What the handlers read at cold start; nothing is contacted: the refusal comes before any route runs.
    vi.stubEnv('TABLE_NAME', 'roles-test');
    vi.stubEnv('PUBLIC_BASE_URL', 'https://leadflow.example');
    vi.stubEnv('TOKEN_SECRET', 'a-test-signing-key-of-at-least-thirty-two-chars');
    vi.stubEnv('MAIL_FROM', 'Leadflow <no-reply@leadflow.example>');
    vi.stubEnv('UPLOADS_BUCKET', 'roles-test-uploads');
    vi.stubEnv('MAIL_QUEUE_URL', 'http://127.0.0.1:1/000000000000/mail');
    vi.stubEnv('IMPORT_QUEUE_URL', 'http://127.0.0.1:1/000000000000/imports');
    // No table here to write the refusal's audit entry to: that refused calls are audited as failed is
    // tested against the local stack (tests/e2e/roles.test.ts).
    vi.stubEnv('AUDIT_DISABLED', '1');
  });

  it.each(adminRoutes.map((route) => [routeKey(route), route] as const))('gets 403 from %s', async (_key, route) => {
    const module = (await import(pathToFileURL(path.join(rootDir, 'functions', route.functionName, 'handler.ts')).href)) as {
      handler: (event: ApiEvent, context: Context) => Promise<ApiResult>;
    };
    const event = anEvent(route, { sub: 'someone', 'cognito:groups': '[]' });
    const result = await module.handler({ ...event, headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' }, body: '{}' }, lambdaContext);
    expect(result.statusCode).toBe(403);
    expect(problemOf(result).detail).toMatch(/^This needs the role admin/);
  });
});
