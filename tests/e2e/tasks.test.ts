import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
let setup: Awaited<ReturnType<typeof aCaptureSetup>>;

interface TaskBody {
  id: string;
  title: string;
  dueAt: string;
  status: 'open' | 'done';
  overdue: boolean;
  assigneeId?: string;
  team?: string;
  contactId?: string;
  companyId?: string;
  completedAt?: string;
  subject: { kind: string; id: string; name: string };
}

async function capture(fields: Record<string, unknown>): Promise<string> {
  const response = await api.submit(setup.form.id, JSON.stringify(fields));
  expect(response.status).toBe(202);
  return ((await response.json()) as { contactId: string }).contactId;
}

async function send(path: string, method: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await api.admin(path, { method, body: JSON.stringify(body), headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const fieldsNamed = (body: Record<string, unknown>) => ((body.errors ?? []) as Array<{ path: string }>).map((issue) => issue.path);

beforeAll(async () => {
  setup = await aCaptureSetup(`tasks-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }, { name: 'company' }] });
});

describe('users', () => {
  it('lists the configured users with their team, roles and time zone, and knows the caller', async () => {
    const users = await api.adminJson<{ items: Array<{ id: string; team?: string; roles: string[]; timeZone: string }> }>('/v1/users');
    expect(users.items.map((user) => user.id)).toEqual(expect.arrayContaining(['local-admin', 'sales-anna', 'sales-carla']));
    expect(users.items.find((user) => user.id === 'sales-carla')).toMatchObject({ team: 'sales-west', roles: ['sales'], timeZone: 'America/New_York' });
    const me = await api.adminJson<{ id: string; roles: string[]; digest: boolean }>('/v1/users/me');
    expect(me).toMatchObject({ id: 'local-admin', roles: ['admin'], digest: true });
  });

  it('turns the caller’s digest off and on again, and refuses a digest that is not a boolean', async () => {
    expect((await send('/v1/users/me', 'PATCH', { digest: false })).body.digest).toBe(false);
    expect((await api.adminJson<{ digest: boolean }>('/v1/users/me')).digest).toBe(false);
    expect((await send('/v1/users/me', 'PATCH', { digest: true })).body.digest).toBe(true);
    const bad = await send('/v1/users/me', 'PATCH', { digest: 'yes' });
    expect(bad.status).toBe(400);
    expect(fieldsNamed(bad.body)).toContain('digest');
  });
});

describe('tasks', () => {
  it('creates a task for the caller on a contact, lists it first among their open tasks when overdue, completes and reopens it', async () => {
    const contactId = await capture({ email: `task-${suffix}@example.de`, firstName: 'Erika', lastName: `Muster${suffix}` });
    const overdue = await send('/v1/tasks', 'POST', { contactId, title: 'Angebot nachfassen', dueAt: '2020-01-02T09:00:00+01:00' });
    expect(overdue.status).toBe(201);
    expect(overdue.body).toMatchObject({ assigneeId: 'local-admin', status: 'open', overdue: true, dueAt: '2020-01-02T08:00:00.000Z' });
    expect(overdue.body.subject).toEqual({ kind: 'contact', id: contactId, name: `Erika Muster${suffix}` });
    expect(overdue.body).not.toHaveProperty('version');
    const later = await send('/v1/tasks', 'POST', { contactId, title: 'Später anrufen', dueAt: '2099-01-01T09:00:00Z' });

    const mine = await api.adminJson<{ items: TaskBody[] }>('/v1/tasks?limit=200');
    const ids = mine.items.map((task) => task.id);
    expect(ids.indexOf(String(overdue.body.id))).toBeLessThan(ids.indexOf(String(later.body.id)));
    expect(mine.items.every((task, at) => at === 0 || (mine.items[at - 1]?.dueAt ?? '') <= task.dueAt)).toBe(true);

    const done = await send(`/v1/tasks/${overdue.body.id}`, 'PATCH', { status: 'done' });
    expect(done.body).toMatchObject({ status: 'done', overdue: false });
    expect(done.body.completedAt).toEqual(expect.any(String));
    const open = await api.adminJson<{ items: TaskBody[] }>('/v1/tasks?limit=200');
    expect(open.items.map((task) => task.id)).not.toContain(overdue.body.id);
    const doneList = await api.adminJson<{ items: TaskBody[] }>('/v1/tasks?status=done&limit=200');
    expect(doneList.items.map((task) => task.id)).toContain(overdue.body.id);

    const reopened = await send(`/v1/tasks/${overdue.body.id}`, 'PATCH', { status: 'open', dueAt: '2099-02-01T08:00:00Z' });
    expect(reopened.body).toMatchObject({ status: 'open', dueAt: '2099-02-01T08:00:00.000Z', overdue: false });
    expect(reopened.body).not.toHaveProperty('completedAt');

    const view = await api.adminJson<{ tasks: TaskBody[]; timeline: Array<{ kind: string; event?: string; taskId?: string }> }>(`/v1/contacts/${contactId}`);
    expect(view.tasks.map((task) => task.id).sort()).toEqual([overdue.body.id, later.body.id].sort());
    expect(view.timeline.filter((entry) => entry.kind === 'task' && entry.taskId === overdue.body.id).map((entry) => entry.event)).toEqual(['created']);
    const byContact = await api.adminJson<{ items: TaskBody[] }>(`/v1/tasks?contactId=${contactId}`);
    expect(byContact.items.map((task) => task.id)).toEqual([later.body.id, overdue.body.id]);
  });

  it('assigns to a team, shows it to the team’s members among their tasks, and reassigns it to a user', async () => {
    const contactId = await capture({ email: `team-${suffix}@example.de`, lastName: `Team${suffix}` });
    const created = await send('/v1/tasks', 'POST', { contactId, title: 'Rückruf', dueAt: '2030-05-05T10:00:00Z', team: 'sales-west' });
    expect(created.body).toMatchObject({ team: 'sales-west' });
    expect(created.body).not.toHaveProperty('assigneeId');
    const west = await api.adminJson<{ items: TaskBody[] }>('/v1/tasks?team=sales-west&limit=200');
    expect(west.items.map((task) => task.id)).toContain(created.body.id);
    const moved = await send(`/v1/tasks/${created.body.id}`, 'PATCH', { assigneeId: 'sales-carla' });
    expect(moved.body).toMatchObject({ assigneeId: 'sales-carla' });
    expect(moved.body).not.toHaveProperty('team');
    const carla = await api.adminJson<{ items: TaskBody[] }>('/v1/tasks?assigneeId=sales-carla&limit=200');
    expect(carla.items.map((task) => task.id)).toContain(created.body.id);
    expect((await api.adminJson<{ items: TaskBody[] }>('/v1/tasks?team=sales-west&limit=200')).items.map((task) => task.id)).not.toContain(created.body.id);
  });

  it('pages the caller’s tasks with a cursor, and lists only those due before dueBefore', async () => {
    const contactId = await capture({ email: `page-${suffix}@example.de` });
    for (const day of ['01', '02', '03'])
      await send('/v1/tasks', 'POST', { contactId, title: `Tag ${day}`, dueAt: `2031-03-${day}T09:00:00Z`, assigneeId: 'sales-ben' });
    const first = await api.adminJson<{ items: TaskBody[]; nextCursor?: string }>('/v1/tasks?assigneeId=sales-ben&dueBefore=2031-03-03T00:00:00Z&limit=1');
    expect(first.items.map((task) => task.title)).toEqual(['Tag 01']);
    const second = await api.adminJson<{ items: TaskBody[]; nextCursor?: string }>(
      `/v1/tasks?assigneeId=sales-ben&dueBefore=2031-03-03T00:00:00Z&limit=1&cursor=${first.nextCursor}`,
    );
    expect(second.items.map((task) => task.title)).toEqual(['Tag 02']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('answers a retried create with the same task (Idempotency-Key)', async () => {
    const contactId = await capture({ email: `idem-${suffix}@example.de` });
    const body = { contactId, title: 'Einmal', dueAt: '2032-01-01T09:00:00Z' };
    const key = `task-${suffix}`;
    const first = await send('/v1/tasks', 'POST', body, { 'idempotency-key': key });
    const again = await send('/v1/tasks', 'POST', body, { 'idempotency-key': key });
    expect(again.body.id).toBe(first.body.id);
    expect((await api.adminJson<{ items: TaskBody[] }>(`/v1/tasks?contactId=${contactId}`)).items).toHaveLength(1);
  });

  it('names the bad field: a due time in an unknown format, an unknown assignee, team, contact or company, both or neither subject', async () => {
    const contactId = await capture({ email: `bad-${suffix}@example.de` });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ contactId, title: 'x', dueAt: '03.12.2026 09:00' }, 'dueAt'],
      [{ contactId, title: 'x', dueAt: '2026-12-03T09:00:00Z', assigneeId: 'nobody' }, 'assigneeId'],
      [{ contactId, title: 'x', dueAt: '2026-12-03T09:00:00Z', team: 'no-such-team' }, 'team'],
      [{ contactId: 'no-such-contact', title: 'x', dueAt: '2026-12-03T09:00:00Z' }, 'contactId'],
      [{ companyId: 'no-such-company', title: 'x', dueAt: '2026-12-03T09:00:00Z' }, 'companyId'],
      [{ contactId, companyId: 'c', title: 'x', dueAt: '2026-12-03T09:00:00Z' }, 'companyId'],
      [{ title: 'x', dueAt: '2026-12-03T09:00:00Z' }, 'contactId'],
      [{ contactId, title: 'x', dueAt: '2026-12-03T09:00:00Z', assigneeId: 'sales-ben', team: 'sales-west' }, 'team'],
      [{ contactId, title: '', dueAt: '2026-12-03T09:00:00Z' }, 'title'],
    ];
    for (const [body, field] of cases) {
      const answer = await send('/v1/tasks', 'POST', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(fieldsNamed(answer.body), JSON.stringify(body)).toContain(field);
    }
    const created = await send('/v1/tasks', 'POST', { contactId, title: 'ok', dueAt: '2026-12-03T09:00:00Z' });
    const badPatch = await send(`/v1/tasks/${created.body.id}`, 'PATCH', { status: 'later' });
    expect(fieldsNamed(badPatch.body)).toContain('status');
    expect((await send(`/v1/tasks/${created.body.id}`, 'PATCH', { assigneeId: 'nobody' })).status).toBe(400);
    expect((await send('/v1/tasks/no-such-task', 'PATCH', { status: 'done' })).status).toBe(404);
    expect((await api.admin('/v1/tasks/no-such-task')).status).toBe(404);
    expect((await api.admin('/v1/tasks?status=later')).status).toBe(400);
    expect((await api.admin('/v1/tasks?dueBefore=tomorrow')).status).toBe(400);
    expect((await api.admin('/v1/tasks?cursor=forged')).status).toBe(400);
  });
});

describe('owners', () => {
  it('sets, shows, inherits from the company, lists by owner and clears the owner of contacts and companies', async () => {
    const company = `Eigner${suffix} GmbH`;
    const own = await capture({ email: `own-${suffix}@example.de`, lastName: `Eigen${suffix}`, company });
    const colleague = await capture({ email: `col-${suffix}@example.de`, lastName: `Kollege${suffix}`, company });
    const view = await api.adminJson<{ contact: { companyId: string }; owner: unknown }>(`/v1/contacts/${own}`);
    expect(view.owner).toBeNull();
    const companyId = view.contact.companyId;

    expect((await send(`/v1/companies/${companyId}`, 'PATCH', { ownerId: 'sales-ben' })).body.ownerId).toBe('sales-ben');
    expect((await send(`/v1/contacts/${own}`, 'PATCH', { ownerId: 'sales-anna' })).body.ownerId).toBe('sales-anna');

    const owned = await api.adminJson<{ owner: { id: string; name: string }; ownerInherited: boolean }>(`/v1/contacts/${own}`);
    expect(owned).toMatchObject({ owner: { id: 'sales-anna', name: 'Anna Vertrieb' }, ownerInherited: false });
    const inherited = await api.adminJson<{ owner: { id: string }; ownerInherited: boolean }>(`/v1/contacts/${colleague}`);
    expect(inherited).toMatchObject({ owner: { id: 'sales-ben' }, ownerInherited: true });
    const companyView = await api.adminJson<{ owner: { id: string } }>(`/v1/companies/${companyId}`);
    expect(companyView.owner.id).toBe('sales-ben');

    const bens = await api.adminJson<{ items: Array<{ id: string }> }>('/v1/contacts?ownerId=sales-ben&limit=500');
    expect(bens.items.map((contact) => contact.id)).toContain(colleague);
    expect(bens.items.map((contact) => contact.id)).not.toContain(own);
    const annas = await api.adminJson<{ items: Array<{ id: string }> }>('/v1/contacts?ownerId=sales-anna&limit=500');
    expect(annas.items.map((contact) => contact.id)).toContain(own);
    const bensCompanies = await api.adminJson<{ items: Array<{ id: string }> }>('/v1/companies?ownerId=sales-ben&limit=500');
    expect(bensCompanies.items.map((found) => found.id)).toContain(companyId);

    // Leaving the company: the colleague no longer inherits Ben.
    await send(`/v1/contacts/${colleague}`, 'PATCH', { company: '' });
    expect(
      (await api.adminJson<{ items: Array<{ id: string }> }>('/v1/contacts?ownerId=sales-ben&limit=500')).items.map((contact) => contact.id),
    ).not.toContain(colleague);

    const cleared = await send(`/v1/contacts/${own}`, 'PATCH', { ownerId: null });
    expect(cleared.body).not.toHaveProperty('ownerId');
    expect((await api.adminJson<{ owner: { id: string }; ownerInherited: boolean }>(`/v1/contacts/${own}`)).ownerInherited).toBe(true);
    expect(
      (await api.adminJson<{ items: Array<{ id: string }> }>('/v1/contacts?ownerId=sales-anna&limit=500')).items.map((contact) => contact.id),
    ).not.toContain(own);
    await send(`/v1/companies/${companyId}`, 'PATCH', { ownerId: null });
    expect((await api.adminJson<{ items: Array<{ id: string }> }>('/v1/companies?ownerId=sales-ben&limit=500')).items.map((found) => found.id)).not.toContain(
      companyId,
    );
  });

  it('refuses an owner who is not a user, naming ownerId', async () => {
    const contactId = await capture({ email: `noowner-${suffix}@example.de`, company: `Niemand${suffix} AG` });
    const bad = await send(`/v1/contacts/${contactId}`, 'PATCH', { ownerId: 'nobody' });
    expect(bad.status).toBe(400);
    expect(fieldsNamed(bad.body)).toContain('ownerId');
    const { contact } = await api.adminJson<{ contact: { companyId: string } }>(`/v1/contacts/${contactId}`);
    const badCompany = await send(`/v1/companies/${contact.companyId}`, 'PATCH', { ownerId: 'nobody' });
    expect(badCompany.status).toBe(400);
    expect(fieldsNamed(badCompany.body)).toContain('ownerId');
    expect((await api.admin('/v1/companies?ownerId=x&q=y')).status).toBe(400);
  });

  it('keeps the owner index right when a contact is merged or erased, and erases and exports their tasks', async () => {
    const survivor = await capture({ email: `surv-${suffix}@example.de`, lastName: `Bleibt${suffix}` });
    const other = await capture({ email: `other-${suffix}@example.de`, lastName: `Geht${suffix}` });
    await send(`/v1/contacts/${other}`, 'PATCH', { ownerId: 'sales-carla' });
    const task = await send('/v1/tasks', 'POST', { contactId: other, title: 'Nach Merge', dueAt: '2033-01-01T09:00:00Z' });
    const merged = await send(`/v1/contacts/${survivor}/merge`, 'POST', { otherId: other });
    expect(merged.status).toBe(200);
    const carlas = await api.adminJson<{ items: Array<{ id: string }> }>('/v1/contacts?ownerId=sales-carla&limit=500');
    expect(carlas.items.map((contact) => contact.id)).toContain(survivor);
    expect(carlas.items.map((contact) => contact.id)).not.toContain(other);
    const moved = await api.adminJson<TaskBody>(`/v1/tasks/${task.body.id}`);
    expect(moved.contactId).toBe(survivor);

    const exported = await api.adminJson<{ tasks: Array<{ id: string }> }>(`/v1/contacts/${survivor}/export`);
    expect(exported.tasks.map((entry) => entry.id)).toEqual([task.body.id]);
    expect((await api.admin(`/v1/contacts/${survivor}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api.admin(`/v1/tasks/${task.body.id}`)).status).toBe(404);
    expect(
      (await api.adminJson<{ items: Array<{ id: string }> }>('/v1/contacts?ownerId=sales-carla&limit=500')).items.map((contact) => contact.id),
    ).not.toContain(survivor);
  });
});
