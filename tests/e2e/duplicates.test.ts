import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
let setup: Awaited<ReturnType<typeof aCaptureSetup>>;

interface Listed {
  id: string;
  email: string;
  mergedIds?: string[];
}
interface Duplicates {
  items: Array<{ a: Listed; b: Listed; reasons: string[] }>;
  truncated: boolean;
  checked: number;
}
interface Problem {
  status: number;
  detail: string;
  errors?: Array<{ path: string; message: string }>;
  mergedInto?: string;
}

async function capture(fields: Record<string, unknown>): Promise<string> {
  const response = await api.submit(setup.form.id, JSON.stringify(fields));
  expect(response.status).toBe(202);
  return ((await response.json()) as { contactId: string }).contactId;
}

async function send(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await api.admin(path, { method, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Expects a 400 problem naming exactly `path`. */
async function expectRefused(method: string, path: string, body: unknown, field: string) {
  const answer = await send(method, path, body);
  expect(answer.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
  expect((answer.body as Problem).errors?.map((issue) => issue.path)).toEqual([field]);
}

const pairOf = (list: Duplicates, a: string, b: string) => list.items.find((pair) => [pair.a.id, pair.b.id].sort().join() === [a, b].sort().join());

beforeAll(async () => {
  setup = await aCaptureSetup(`dup-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }, { name: 'company' }, { name: 'phone' }] });
});

describe('GET /v1/contacts/duplicates', () => {
  it('lists a pair once with all its reasons, and hides it once dismissed', async () => {
    const company = `Dup${suffix} GmbH`;
    const a = await capture({
      email: `jurgen.${suffix}@gmail.com`,
      firstName: 'Jürgen',
      lastName: `Weiß${suffix}`,
      company,
    });
    const b = await capture({
      email: `jurgen${suffix}+messe@googlemail.com`,
      firstName: 'Juergen',
      lastName: `Weiss${suffix}`,
      company: company.toLowerCase(),
    });

    const listed = await api.adminJson<Duplicates>('/v1/contacts/duplicates');
    expect(pairOf(listed, a, b)?.reasons).toEqual(['same_mailbox', 'same_name_company']);
    expect(listed.checked).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(pairOf(listed, a, b))).not.toContain('emailNormalised');

    const dismissed = await send('POST', '/v1/contacts/duplicates/dismissals', { a: b, b: a });
    expect(dismissed.status).toBe(204);
    expect(pairOf(await api.adminJson<Duplicates>('/v1/contacts/duplicates'), a, b)).toBeUndefined();
  });

  it('refuses a bad limit and a bad dismissal, naming the field', async () => {
    for (const limit of ['0', '501', 'viele']) {
      const answer = await send('GET', `/v1/contacts/duplicates?limit=${limit}`);
      expect(answer.status, limit).toBe(400);
      expect((answer.body as Problem).errors?.map((issue) => issue.path)).toEqual(['query.limit']);
    }
    await expectRefused('POST', '/v1/contacts/duplicates/dismissals', { a: 'same', b: 'same' }, 'b');
    await expectRefused('POST', '/v1/contacts/duplicates/dismissals', { b: 'x' }, 'a');
    // An unknown key is refused as the body's (its message names the key).
    const extra = await send('POST', '/v1/contacts/duplicates/dismissals', { a: 'x', b: 'y', c: 'z' });
    expect(extra.status).toBe(400);
    expect(JSON.stringify((extra.body as Problem).errors)).toMatch(/Unrecognized key.*c/);
  });
});

describe('POST /v1/contacts/{id}/merge', () => {
  it('merges the other into the survivor: the other id is 404 with mergedInto, its address finds the survivor', async () => {
    const otherEmail = `zweit-${suffix}@example.de`;
    const survivor = await capture({ email: `erst-${suffix}@example.de`, firstName: 'Maria', phone: '040 123 456' });
    const other = await capture({ email: otherEmail, lastName: `Mergel${suffix}`, phone: '+49 40 123456' });
    expect(pairOf(await api.adminJson<Duplicates>('/v1/contacts/duplicates'), survivor, other)?.reasons).toEqual(['same_phone']);

    const merged = await api.adminJson<{ contact: Listed & { firstName?: string; lastName?: string }; touchpoints: unknown[] }>(
      `/v1/contacts/${survivor}/merge`,
      { otherId: other },
    );
    expect(merged.contact).toMatchObject({ id: survivor, firstName: 'Maria', lastName: `Mergel${suffix}`, mergedIds: [other] });
    expect(merged.touchpoints).toHaveLength(2);
    expect(JSON.stringify(merged)).not.toMatch(/movedFrom|mergedEmails|emailNormalised/);

    const gone = await send('GET', `/v1/contacts/${other}`);
    expect(gone).toMatchObject({ status: 404, body: { mergedInto: survivor } });
    expect(await send('PATCH', `/v1/contacts/${other}`, { jobTitle: 'CEO' })).toMatchObject({ status: 404, body: { mergedInto: survivor } });
    const byEmail = await api.adminJson<{ items: Listed[] }>(`/v1/contacts?email=${encodeURIComponent(otherEmail)}`);
    expect(byEmail.items.map((contact) => contact.id)).toEqual([survivor]);
    expect(await capture({ email: otherEmail.toUpperCase() })).toBe(survivor);
    expect(pairOf(await api.adminJson<Duplicates>('/v1/contacts/duplicates'), survivor, other)).toBeUndefined();

    // Merging twice changes nothing: the survivor's view again.
    const again = await send('POST', `/v1/contacts/${survivor}/merge`, { otherId: other });
    expect(again.status).toBe(200);
    expect((again.body as { contact: Listed }).contact.mergedIds).toEqual([other]);
  });

  it('answers 400 naming otherId for itself, an unknown, an erased or an already merged contact, and 404 for an unknown id', async () => {
    const survivor = await capture({ email: `s-${suffix}@example.de` });
    const other = await capture({ email: `o-${suffix}@example.de` });
    const third = await capture({ email: `t-${suffix}@example.de` });
    const erased = await capture({ email: `e-${suffix}@example.de` });
    expect((await api.admin(`/v1/contacts/${erased}`, { method: 'DELETE' })).status).toBe(204);
    await api.adminJson(`/v1/contacts/${survivor}/merge`, { otherId: other });

    for (const body of [{}, { otherId: '' }, { otherId: 42 }, { otherId: survivor }, { otherId: 'nobody-at-all' }, { otherId: erased }])
      await expectRefused('POST', `/v1/contacts/${survivor}/merge`, body, 'otherId');
    await expectRefused('POST', `/v1/contacts/${third}/merge`, { otherId: other }, 'otherId');
    expect((await send('POST', `/v1/contacts/${survivor}/merge`, { otherId: third, extra: true })).status).toBe(400);
    expect((await send('POST', `/v1/contacts/${survivor}/merge`, 'not json')).status).toBe(400);
    expect((await send('POST', '/v1/contacts/nobody-at-all/merge', { otherId: third })).status).toBe(404);
    expect(await send('POST', `/v1/contacts/${other}/merge`, { otherId: third })).toMatchObject({ status: 404, body: { mergedInto: survivor } });
  });
});
