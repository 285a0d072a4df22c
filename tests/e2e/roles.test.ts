import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { allRoutes, routeKey, type RouteSpec } from '#infra/functions';
import { ROLES, type Role } from '#shared/domain/user';
import { aCaptureSetup, api, until } from '#tests/helpers/api';

const adminRoutes = allRoutes().filter((route) => route.auth === 'admin');
const DUMMY: Record<string, string> = { id: `roles-missing-${randomUUID().slice(0, 8)}`, key: 'roles_missing', email: 'nobody-roles@example.com' };

function filled(route: RouteSpec, params: Record<string, string> = {}): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? DUMMY[name] ?? 'x'));
}

/** A request as `role`: path parameters filled with ids nobody has, a body (a JSON array) that no route accepts, so nothing is written. */
async function call(route: RouteSpec, role: Role): Promise<{ status: number; body: string }> {
  const response = await api.admin(filled(route), {
    method: route.method,
    as: role,
    ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: '[]' }),
  });
  return { status: response.status, body: await response.text() };
}

async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let at = 0; at < items.length; at += size) results.push(...(await Promise.all(items.slice(at, at + size).map(work))));
  return results;
}

describe('every admin route and every role, as the matrix says', () => {
  const cases = adminRoutes.flatMap((route) => ROLES.map((role) => ({ route, role, allowed: route.roles?.includes(role) ?? role === 'admin' })));
  let answers: Array<{ key: string; role: Role; allowed: boolean; status: number; body: string }>;

  beforeAll(async () => {
    answers = await inBatches(cases, 24, async ({ route, role, allowed }) => ({ key: routeKey(route), role, allowed, ...(await call(route, role)) }));
  }, 120_000);

  it.each(ROLES)(
    'lets %s call exactly the routes open to it, and refuses the others with 403 naming the roles needed (an allowed call may fail on its dummy input, never with 401, 403 or 5xx)',
    (role) => {
      const mine = answers.filter((answer) => answer.role === role);
      expect(mine).toHaveLength(adminRoutes.length);
      const wrong = mine.filter((answer) => (answer.allowed ? answer.status === 403 || answer.status === 401 || answer.status >= 500 : answer.status !== 403));
      expect(wrong.map((answer) => `${answer.key}: ${answer.status} ${answer.body.slice(0, 120)}`)).toEqual([]);
      for (const refused of mine.filter((answer) => !answer.allowed)) {
        const problem = JSON.parse(refused.body) as { status: number; detail: string };
        const needed = adminRoutes.find((route) => routeKey(route) === refused.key)?.roles ?? ['admin'];
        expect(problem.status, refused.key).toBe(403);
        for (const name of needed) expect(problem.detail, refused.key).toContain(name);
      }
    },
  );

  it('audits a refused write as failed with 403, under the caller who tried it', async () => {
    const trail = await api.adminJson<{ items: Array<{ actor: string; route: string; outcome: string; status: number }> }>(
      `/v1/audit?actor=local-analyst&limit=200`,
    );
    expect(trail.items).toContainEqual(expect.objectContaining({ actor: 'local-analyst', route: 'DELETE /v1/contacts/{id}', outcome: 'failed', status: 403 }));
  });

  it('refuses a token no role has with 401 before any route runs', async () => {
    const response = await fetch(api.url('/v1/contacts'), { headers: { authorization: 'Bearer not-a-token-of-any-role' } });
    expect(response.status).toBe(401);
  });

  it('signs each token in as its own user with its role', async () => {
    const me = await Promise.all(ROLES.map(async (role) => (await (await api.admin('/v1/users/me', { as: role })).json()) as { id: string; roles: Role[] }));
    expect(me.map((user) => [user.id, user.roles])).toEqual([
      ['local-admin', ['admin']],
      ['local-marketer', ['marketer']],
      ['local-analyst', ['analyst']],
      ['sales-anna', ['sales']],
    ]);
  });
});

describe("an analyst's answers", () => {
  const suffix = randomUUID().slice(0, 8);
  const email = `maskiert.${suffix}@example.de`;
  const twinEmail = `zwilling.${suffix}@example.de`;
  const phone = `+49 511 ${suffix.replace(/\D/g, '').padEnd(6, '7').slice(0, 6)}`;
  const street = `Geheimweg ${suffix}`;
  const address = { street, addressLine2: `Hof ${suffix}`, postalCode: '30159', city: 'Hannover', country: 'DE' };
  const company = `Maskenbau ${suffix} GmbH`;
  const params: Record<string, string> = {};

  beforeAll(async () => {
    const setup = await aCaptureSetup(`roles-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }, { name: 'company' }] });
    const captured = async (mail: string) => {
      const response = await api.submit(setup.form.id, JSON.stringify({ email: mail, firstName: 'Mara', lastName: `Maske${suffix}`, company }));
      expect(response.status).toBe(202);
      return ((await response.json()) as { contactId: string }).contactId;
    };
    const contactId = await captured(email);
    const twinId = await captured(twinEmail);
    for (const id of [contactId, twinId]) {
      const patched = await api.admin(`/v1/contacts/${id}`, { method: 'PATCH', body: JSON.stringify({ phone, address }) });
      expect(patched.status).toBe(200);
    }
    const view = await until(
      'the company of the capture',
      () => api.adminJson<{ contact: { companyId?: string } }>(`/v1/contacts/${contactId}`),
      (body) => body.contact.companyId !== undefined,
    );
    const companyId = String(view.contact.companyId);
    expect((await api.admin(`/v1/companies/${companyId}`, { method: 'PATCH', body: JSON.stringify({ address }) })).status).toBe(200);
    const segment = await api.adminJson<{ id: string }>('/v1/segments', {
      name: `Masken ${suffix}`,
      rule: { all: [{ field: 'company', op: 'eq', value: company }] },
      schedule: 'daily',
    });
    expect((await api.admin(`/v1/segments/${segment.id}/evaluate`, { method: 'POST' })).status).toBeLessThan(300);
    await until(
      'the segment evaluated',
      () => api.adminJson<{ memberCount: number }>(`/v1/segments/${segment.id}`),
      (body) => body.memberCount === 2,
    );
    const task = await api.adminJson<{ id: string }>('/v1/tasks', { contactId, title: `Anrufen ${suffix}`, dueAt: '2030-01-01T09:00:00Z' });
    Object.assign(params, { contactId, companyId, segmentId: segment.id, taskId: task.id });
  }, 60_000);

  function paramsFor(route: RouteSpec): Record<string, string> {
    if (route.path.startsWith('/v1/contacts/')) return { id: params.contactId ?? '' };
    if (route.path.startsWith('/v1/companies/')) return { id: params.companyId ?? '' };
    if (route.path.startsWith('/v1/segments/')) return { id: params.segmentId ?? '' };
    if (route.path.startsWith('/v1/tasks/')) return { id: params.taskId ?? '' };
    return {};
  }

  it('never carry the raw email, phone or address of a contact, on any GET route open to analysts', async () => {
    const reads = adminRoutes.filter((route) => route.method === 'GET' && route.roles?.includes('analyst'));
    const queries: Record<string, string> = {
      'GET /v1/contacts': `?q=${encodeURIComponent(`Maske${suffix}`)}`,
      'GET /v1/companies': `?q=${encodeURIComponent('Maskenbau')}`,
    };
    const bodies = await inBatches(reads, 8, async (route) => {
      const response = await api.admin(`${filled(route, paramsFor(route))}${queries[routeKey(route)] ?? ''}`, { as: 'analyst' });
      return { key: routeKey(route), status: response.status, body: await response.text() };
    });
    const adminView = await api.adminJson(`/v1/contacts/${params.contactId}`);
    // The seeded values are there for an admin, so a scan that finds none of them in an analyst's answers means something.
    for (const raw of [email, phone, street]) expect(JSON.stringify(adminView)).toContain(raw);
    const seen = bodies.filter((answer) => answer.status === 200);
    expect(seen.map((answer) => answer.key)).toEqual(
      expect.arrayContaining([
        'GET /v1/contacts',
        'GET /v1/contacts/{id}',
        'GET /v1/companies/{id}',
        'GET /v1/segments/{id}/members',
        'GET /v1/tasks/{id}',
        'GET /v1/contacts/duplicates',
      ]),
    );
    const leaks = seen.flatMap((answer) =>
      [email, twinEmail, `maskiert.${suffix}`, phone, street, address.addressLine2, '"30159"']
        .filter((raw) => answer.body.includes(raw))
        .map((raw) => `${answer.key}: ${raw}`),
    );
    expect(leaks).toEqual([]);
  });

  it('cannot ask whether an address is a contact: a search by email is refused, a marketer may', async () => {
    const asAnalyst = await api.admin(`/v1/contacts?email=${encodeURIComponent(email)}`, { as: 'analyst' });
    expect(asAnalyst.status).toBe(403);
    expect(((await asAnalyst.json()) as { detail: string }).detail).toContain('email address');
    const asMarketer = await api.admin(`/v1/contacts?email=${encodeURIComponent(email)}`, { as: 'marketer' });
    expect(((await asMarketer.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('show the masked values where the raw ones are: the first letter and the domain of the email, the city', async () => {
    const view = await api.adminJson<{ contact: { email: string; phone: string; address: { street: string; city: string } } }>(
      `/v1/contacts/${params.contactId}`,
      undefined,
    );
    expect(view.contact.email).toBe(email);
    const masked = (await (await api.admin(`/v1/contacts/${params.contactId}`, { as: 'analyst' })).json()) as typeof view;
    expect(masked.contact).toMatchObject({ email: 'm•••@example.de', address: { street: '•••', city: 'Hannover' } });
    expect(masked.contact.phone).toMatch(/^•••\d\d$/);
  });
});
