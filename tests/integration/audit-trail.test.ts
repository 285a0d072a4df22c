import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { AuditEntry } from '#shared/domain/audit';
import { type ApiEvent, httpHandler } from '#shared/http/http-handler';
import { idempotency } from '#shared/http/idempotency';
import { json } from '#shared/http/responses';
import { AuditRepository } from '#shared/store/audit-repository';
import { IdempotencyRepository } from '#shared/store/idempotency-repository';
import * as z from '#shared/zod';
import { createTestTable } from '#tests/helpers/test-table';

let table: Awaited<ReturnType<typeof createTestTable>>;
let audit: AuditRepository;

const anEntry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id: randomUUID(),
  at: '2026-05-04T09:30:00.000Z',
  actor: 'u-anna',
  roles: ['admin'],
  action: 'contact.updated',
  route: 'PATCH /v1/contacts/{id}',
  entityIds: ['c-1'],
  fields: ['phone'],
  ip: '203.0.113.7',
  userAgent: 'test',
  outcome: { result: 'succeeded', status: 200 },
  ...overrides,
});

const auditItems = async () => (await table.scanAll()).filter((item) => String(item.pk).startsWith('AUDIT'));

beforeAll(async () => {
  table = await createTestTable();
  audit = new AuditRepository(table);
  // The handlers' own table (the audit trail writes to the function's table, as in Lambda).
  Object.assign(process.env, { TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'), AUDIT_RETENTION_DAYS: '10' });
});

afterEach(() => vi.restoreAllMocks());

describe('the audit repository', () => {
  it('writes an entry once: a second put of its id writes nothing', async () => {
    const entry = anEntry({ entityIds: ['c-once', 'a-once'] });
    expect(await audit.record(entry, 1_800_000_000)).toBe(true);
    expect(await audit.record({ ...entry, at: '2026-05-04T10:00:00.000Z' }, 1_800_000_000)).toBe(false);
    const items = (await auditItems()).filter((item) => item.id === entry.id);
    // The entry, its actor's copy and one per entity, every one with the TTL.
    expect(items).toHaveLength(4);
    expect(items.every((item) => item.expiresAt === 1_800_000_000 && item.at === entry.at)).toBe(true);
  });

  it('lists by entity, by actor, by both and by dates, newest first, page by page', async () => {
    const entity = `c-${randomUUID()}`;
    const ats = ['2026-04-30T23:59:00.000Z', '2026-05-01T08:00:00.000Z', '2026-05-01T09:00:00.000Z', '2026-05-03T12:00:00.000Z'];
    for (const [at, index] of ats.map((value, position) => [value, position] as const)) {
      await audit.record(anEntry({ at, entityIds: [entity], actor: index % 2 === 0 ? 'u-ben' : 'u-carla' }), 1_800_000_000);
    }
    const range = { from: '2026-04-01T00:00:00.000Z', to: '2026-05-31T23:59:59.999Z' };
    expect((await audit.list({ ...range, entityId: entity }, 10)).items.map((item) => item.at)).toEqual([...ats].reverse());
    expect((await audit.list({ ...range, entityId: entity, actor: 'u-carla' }, 10)).items.map((item) => item.at)).toEqual([ats[3], ats[1]]);
    expect((await audit.list({ ...range, actor: 'u-ben' }, 10)).items.map((item) => item.at)).toEqual([ats[2], ats[0]]);
    expect((await audit.list({ entityId: entity, from: '2026-05-01T00:00:00.000Z', to: '2026-05-01T23:59:59.999Z' }, 10)).items).toHaveLength(2);

    // Without filters: one day partition after the other, a page ending inside a day continues there.
    const everyone = { from: '2026-04-30T00:00:00.000Z', to: '2026-05-03T23:59:59.999Z' };
    const first = await audit.list(everyone, 2);
    expect(first.items.map((item) => item.at)).toEqual([ats[3], ats[2]]);
    const second = await audit.list(everyone, 2, first.nextCursor);
    expect(second.items.map((item) => item.at)).toEqual([ats[1], ats[0]]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('finds the succeeded erasures since a time, with their hashes', async () => {
    const erased = anEntry({
      at: '2026-06-02T10:00:00.000Z',
      action: 'contact.erasure',
      route: 'DELETE /v1/contacts/{id}',
      emailHash: 'hash-1',
      outcome: { result: 'succeeded', status: 204 },
    });
    await audit.record(erased, 1_800_000_000);
    await audit.record(anEntry({ at: '2026-06-02T11:00:00.000Z', action: 'contact.erasure', outcome: { result: 'failed', status: 404 } }), 1_800_000_000);
    await audit.record(anEntry({ at: '2026-05-31T10:00:00.000Z', action: 'contact.erasure', emailHash: 'before-the-backup' }), 1_800_000_000);
    expect((await audit.erasuresSince('2026-06-01T00:00:00.000Z', '2026-06-03T00:00:00.000Z')).map((entry) => entry.emailHash)).toEqual(['hash-1']);
  });
});

describe('the audit middleware in httpHandler', () => {
  const clock = { now: () => new Date() };
  let writes = 0;
  const handler = httpHandler(
    [{ method: 'POST', path: '/v1/things/{id}', auth: 'admin' }],
    {
      'POST /v1/things/{id}': async (event) => {
        writes += 1;
        await table.client.send(new PutCommand({ TableName: table.tableName, Item: { pk: `THING#${event.pathParameters?.id}#${writes}`, sk: 'META' } }));
        return json(201, { id: `t-${writes}` });
      },
    },
    [
      idempotency(
        {
          begin: (...args) => new IdempotencyRepository(table).begin(...args),
          complete: (...args) => new IdempotencyRepository(table).complete(...args),
          release: (...args) => new IdempotencyRepository(table).release(...args),
        },
        clock,
      ),
    ],
    { 'POST /v1/things/{id}': { 201: z.object({ id: z.string() }) } },
  );
  const aRequest = (thingId: string, key?: string): ApiEvent =>
    ({
      version: '2.0',
      routeKey: 'POST /v1/things/{id}',
      rawPath: `/v1/things/${thingId}`,
      rawQueryString: '',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      pathParameters: { id: thingId },
      body: '{"name":"x"}',
      isBase64Encoded: false,
      requestContext: {
        http: { method: 'POST', path: `/v1/things/${thingId}`, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
        authorizer: { jwt: { claims: { sub: 'u-dora', 'cognito:groups': '[admin sales]' }, scopes: [] } },
      },
    }) as unknown as ApiEvent;
  const entriesOf = async (thingId: string) =>
    (await audit.list({ entityId: thingId, from: '2026-01-01T00:00:00.000Z', to: '2099-01-01T00:00:00.000Z' }, 50)).items;

  it('records the answer with the roles of the flattened groups claim and the TTL of AUDIT_RETENTION_DAYS', async () => {
    const response = await handler(aRequest('th-1'), {} as Context);
    expect(response.statusCode).toBe(201);
    const [entry] = await entriesOf('th-1');
    expect(entry).toMatchObject({
      actor: 'u-dora',
      roles: ['admin', 'sales'],
      action: 'thing.created',
      fields: ['name'],
      ip: '203.0.113.9',
      outcome: { result: 'succeeded', status: 201 },
    });
    const stored = (await auditItems()).find((item) => item.id === entry?.id && String(item.pk).startsWith('AUDITENTRY#'));
    const expected = Math.floor(Date.parse(String(entry?.at)) / 1000) + 10 * 24 * 3600;
    expect(stored?.expiresAt).toBe(expected);
  });

  it('answers 500 when the entry cannot be written (mock: the audit write fails), and the retry with its key replays and writes it', async () => {
    const key = randomUUID();
    const before = writes;
    vi.spyOn(AuditRepository.prototype, 'record').mockRejectedValueOnce(new Error('mock: the audit write fails'));
    const failed = await handler(aRequest('th-2', key), {} as Context);
    expect(failed.statusCode).toBe(500);
    expect(await entriesOf('th-2')).toEqual([]);
    vi.restoreAllMocks();
    const retry = await handler(aRequest('th-2', key), {} as Context);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers?.['idempotent-replayed']).toBe('true');
    // The route ran once; the replay passed through the audit middleware (no early return) and wrote the entry once.
    expect(writes).toBe(before + 1);
    expect(await entriesOf('th-2')).toEqual([expect.objectContaining({ outcome: { result: 'succeeded', status: 201 } })]);
    await handler(aRequest('th-2', key), {} as Context);
    expect(await entriesOf('th-2')).toHaveLength(1);
  });

  it('records a request without a key each time it runs', async () => {
    await handler(aRequest('th-3'), {} as Context);
    await handler(aRequest('th-3'), {} as Context);
    expect(await entriesOf('th-3')).toHaveLength(2);
  });
});
