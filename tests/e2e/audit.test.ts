import { randomUUID } from 'node:crypto';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditItem } from '#shared/domain/audit';
import { emailHasher } from '#shared/security/email-hash';
import { createDocumentClient, type TableRef } from '#shared/store/dynamo-client';
import { keys } from '#shared/store/keys';
import { aCaptureSetup, api } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
let setup: Awaited<ReturnType<typeof aCaptureSetup>>;
let table: TableRef;

interface AuditPage {
  items: AuditItem[];
  nextCursor?: string;
}

const auditOf = (query: Record<string, string>) => api.adminJson<AuditPage>(`/v1/audit?${new URLSearchParams(query)}`);

/** Every stored item of the audit trail in an entity's partition (the raw table, as a person with table access would read it). */
async function storedItemsOf(entityId: string): Promise<Record<string, unknown>[]> {
  const page = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditEntityPartition(entityId) },
    }),
  );
  return page.Items ?? [];
}

async function aContact(name: string): Promise<{ id: string; email: string }> {
  const email = `${name}-${suffix}@example.de`;
  const response = await api.submit(setup.form.id, JSON.stringify({ email, consent: [setup.topicId] }));
  expect(response.status).toBe(202);
  const { contactId } = (await response.json()) as { contactId: string };
  return { id: contactId, email };
}

beforeAll(async () => {
  setup = await aCaptureSetup(`audit-${suffix}`);
  table = { client: createDocumentClient({ AWS_REGION: 'eu-central-1', DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint') }), tableName: 'leadflow' };
});

describe('the audit trail', () => {
  it('records a write with actor, role, the names of the fields changed, IP, user agent and outcome, never the values', async () => {
    const contact = await aContact('patched');
    const response = await api.admin(`/v1/contacts/${contact.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ phone: '+49 511 998877', jobTitle: 'Einkaufsleiterin' }),
      headers: { 'user-agent': 'audit-test/1.0' },
    });
    expect(response.status).toBe(200);
    const { items } = await auditOf({ entityId: contact.id });
    expect(items).toEqual([
      expect.objectContaining({
        actor: 'local-admin',
        role: 'admin',
        action: 'contact.updated',
        route: 'PATCH /v1/contacts/{id}',
        entityIds: [contact.id],
        fields: ['phone', 'jobTitle'],
        ip: expect.stringMatching(/127\.0\.0\.1/),
        userAgent: 'audit-test/1.0',
        outcome: 'succeeded',
        status: 200,
      }),
    ]);
    const stored = JSON.stringify(await storedItemsOf(contact.id));
    expect(stored).not.toContain('998877');
    expect(stored).not.toContain('Einkaufsleiterin');
    expect(stored).not.toContain(contact.email);
  });

  it('records a refused write as failed with its status, and the write changes nothing', async () => {
    const contact = await aContact('refused');
    const before = await api.adminJson<Record<string, unknown>>(`/v1/contacts/${contact.id}`);
    const response = await api.admin(`/v1/contacts/${contact.id}`, { method: 'PATCH', body: JSON.stringify({ score: 'very high' }) });
    expect(response.status).toBe(400);
    const { items } = await auditOf({ entityId: contact.id });
    expect(items).toEqual([expect.objectContaining({ action: 'contact.updated', fields: ['score'], outcome: 'failed', status: 400 })]);
    expect(await api.adminJson(`/v1/contacts/${contact.id}`)).toEqual(before);
  });

  it('writes one entry for a create retried with the same Idempotency-Key, and the entry again when the first was lost', async () => {
    const key = randomUUID();
    const body = JSON.stringify({ name: `Audited ${suffix}`, channel: 'ad' });
    const first = await api.admin('/v1/campaigns', { method: 'POST', body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    const retry = await api.admin('/v1/campaigns', { method: 'POST', body, headers: { 'idempotency-key': key } });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const once = await auditOf({ entityId: id });
    expect(once.items).toEqual([
      expect.objectContaining({ action: 'campaign.created', entityIds: [id], fields: ['name', 'channel'], outcome: 'succeeded', status: 201 }),
    ]);

    // The first attempt's entry is lost (deleted through the raw table client: no route can do this).
    const [copy] = await storedItemsOf(id);
    const entryId = String(copy?.id);
    for (const itemKey of [
      keys.auditEntry(entryId),
      keys.auditByActor('local-admin', String(copy?.at), entryId),
      keys.auditByEntity(id, String(copy?.at), entryId),
    ]) {
      await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: itemKey }));
    }
    expect((await auditOf({ entityId: id })).items).toEqual([]);

    const replay = await api.admin('/v1/campaigns', { method: 'POST', body, headers: { 'idempotency-key': key } });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await auditOf({ entityId: id })).items).toEqual([expect.objectContaining({ action: 'campaign.created', status: 201 })]);
    await api.admin('/v1/campaigns', { method: 'POST', body, headers: { 'idempotency-key': key } });
    expect((await auditOf({ entityId: id })).items).toHaveLength(1);
  });

  it("keeps an erasure's address only as its keyed hash", async () => {
    const contact = await aContact('erased');
    expect((await api.admin(`/v1/contacts/${contact.id}`, { method: 'DELETE' })).status).toBe(204);
    const { items } = await auditOf({ entityId: contact.id });
    expect(items).toEqual([
      expect.objectContaining({
        action: 'contact.erasure',
        route: 'DELETE /v1/contacts/{id}',
        outcome: 'succeeded',
        status: 204,
        emailHash: emailHasher(inject('tokenSecret'))(contact.email.toLowerCase()),
      }),
    ]);
    const stored = await storedItemsOf(contact.id);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(contact.email);
    expect(JSON.stringify(stored)).not.toContain(`erased-${suffix}`);
  });

  it('never keeps an address from the path (a suppression removed)', async () => {
    const email = `suppressed-${suffix}@example.de`;
    expect((await api.admin('/v1/suppressions', { method: 'POST', body: JSON.stringify({ email }) })).status).toBe(201);
    expect((await api.admin(`/v1/suppressions/${encodeURIComponent(email)}`, { method: 'DELETE' })).status).toBeLessThan(300);
    const today = new Date().toISOString().slice(0, 10);
    const { items } = await auditOf({ actor: 'local-admin', from: today, limit: '500' });
    // Other tests of the shared stack call these routes as the admin too (the roles matrix): this one's are among them.
    const suppressions = items.filter((item) => item.route.includes('/v1/suppressions'));
    expect(suppressions).toContainEqual(expect.objectContaining({ action: 'suppression.created', outcome: 'succeeded', fields: ['email'], entityIds: [] }));
    expect(suppressions).toContainEqual(expect.objectContaining({ action: 'suppression.deleted', outcome: 'succeeded', entityIds: [] }));
    expect(JSON.stringify(suppressions)).not.toContain(`suppressed-${suffix}`);
  });

  it('records the GDPR export of a person, a read that hands out personal data', async () => {
    const contact = await aContact('exported');
    expect((await api.admin(`/v1/contacts/${contact.id}/export`)).status).toBe(200);
    expect((await auditOf({ entityId: contact.id })).items).toEqual([
      expect.objectContaining({ action: 'contact.exported', outcome: 'succeeded', status: 200 }),
    ]);
  });

  it('records nothing for public routes (a form submission) nor for plain reads', async () => {
    const contact = await aContact('public');
    await api.adminJson(`/v1/contacts/${contact.id}`);
    expect((await auditOf({ entityId: contact.id })).items).toEqual([]);
    expect((await auditOf({ entityId: setup.form.id })).items.map((item) => item.action)).toEqual(['form.created']);
  });

  it("lists an actor's entries newest first, page by page, between two dates", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const first = await auditOf({ actor: 'local-admin', from: today, to: today, limit: '2' });
    expect(first.items).toHaveLength(2);
    expect(first.items[0]?.at.localeCompare(first.items[1]?.at ?? '')).toBeGreaterThanOrEqual(0);
    expect(first.nextCursor).toBeDefined();
    const second = await auditOf({ actor: 'local-admin', from: today, to: today, limit: '2', cursor: first.nextCursor ?? '' });
    expect(second.items).toHaveLength(2);
    expect((second.items[0]?.at ?? '') <= (first.items[1]?.at ?? '')).toBe(true);
    expect(second.items.map((item) => item.at + item.route)).not.toContain(`${first.items[1]?.at}${first.items[1]?.route}`);
    const everyone = await auditOf({ from: today, limit: '500' });
    expect(everyone.items.length).toBeGreaterThanOrEqual(4);
    expect(everyone.items.every((item, at) => at === 0 || (everyone.items[at - 1]?.at ?? '') >= item.at)).toBe(true);
    expect((await auditOf({ actor: 'nobody-at-all' })).items).toEqual([]);
    expect((await auditOf({ from: '2020-01-01', to: '2020-01-31' })).items).toEqual([]);
  });

  it('answers the same entries as CSV', async () => {
    const contact = await aContact('csv');
    await api.admin(`/v1/contacts/${contact.id}`, { method: 'PATCH', body: JSON.stringify({ firstName: 'Carla' }) });
    const response = await api.admin(`/v1/audit?entityId=${contact.id}`, { headers: { accept: 'text/csv' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, row, end] = (await response.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe('at,actor,role,action,route,entityIds,fields,ip,userAgent,outcome,status,emailHash');
    expect(row).toContain(`local-admin,admin,contact.updated,PATCH /v1/contacts/{id},${contact.id},firstName,`);
    expect(row).not.toContain('Carla');
    expect(end).toBe('');
  });

  it('refuses bad filters with 400 naming the field', async () => {
    for (const [query, field] of [
      ['from=yesterday', 'query.from'],
      ['to=2026-13-45', 'query.to'],
      ['from=2026-05-02&to=2026-05-01', 'query.to'],
      ['from=2020-01-01&to=2026-01-01', 'query.from'],
      ['limit=0', 'query.limit'],
      ['cursor=forged', 'cursor'],
    ] as const) {
      const response = await api.admin(`/v1/audit?${query}`);
      expect(response.status, query).toBe(400);
      const problem = (await response.json()) as { errors?: Array<{ path: string }> };
      expect(
        problem.errors?.map((error) => error.path),
        query,
      ).toContain(field);
    }
  });

  it('has no route that changes or deletes an entry', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const response = await api.admin('/v1/audit', { method, body: method === 'DELETE' ? undefined : '{}' });
      expect([404, 405], method).toContain(response.status);
      const some = await api.admin(`/v1/audit/${randomUUID()}`, { method, body: method === 'DELETE' ? undefined : '{}' });
      expect([404, 405], method).toContain(some.status);
    }
  });
});
