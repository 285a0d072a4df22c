import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { reapplyErasuresTo } from '#infra/restore-reapply-erasures';
import { newId, repositoriesFor, systemClock } from '#shared/container';
import { auditErasedAddress } from '#shared/http/audit-trail';
import { type ApiEvent, httpHandler } from '#shared/http/http-handler';
import { noContent } from '#shared/http/responses';
import { emailHasher } from '#shared/security/email-hash';
import { ErasureRepository } from '#shared/store/erasure-repository';
import { storeCapture } from '#shared/use-cases/capture-lead';
import { eraseContact } from '#shared/use-cases/gdpr';
import { aTopic, aTouchpoint } from '#tests/helpers/factories';
import { createTestTable } from '#tests/helpers/test-table';

const KEY = 'restore-test-key-0123456789-0123456789';
let live: Awaited<ReturnType<typeof createTestTable>>;

async function aPerson(table: typeof live, name: string) {
  const email = `${name}-${randomUUID()}@example.de`;
  const { contact } = await storeCapture(
    { contacts: repositoriesFor(table).contacts, companies: repositoriesFor(table).companies, clock: systemClock, newId },
    {
      newContactId: newId(),
      email,
      emailNormalised: email.toLowerCase(),
      profile: { firstName: name },
      touchpoint: aTouchpoint(),
      consentTopics: [aTopic()],
      doubleOptIn: false,
      evidence: { source: 'form:f', method: 'single_opt_in' },
    },
  );
  return { id: contact.id, email };
}

/** The live function's erasure route: the real erasure and the real audit middleware on the live table. */
const erasureRoute = () =>
  httpHandler([{ method: 'DELETE', path: '/v1/contacts/{id}', auth: 'admin' }], {
    'DELETE /v1/contacts/{id}': async (event) => {
      const repositories = repositoriesFor(live);
      const { emailHash } = await eraseContact(
        { ...repositories, erasure: new ErasureRepository(live), hashEmail: emailHasher(KEY), clock: systemClock, newId },
        String(event.pathParameters?.id),
      );
      auditErasedAddress(event, emailHash);
      return noContent();
    },
  });

const anErasure = (id: string) =>
  ({
    version: '2.0',
    routeKey: 'DELETE /v1/contacts/{id}',
    rawPath: `/v1/contacts/${id}`,
    rawQueryString: '',
    headers: {},
    pathParameters: { id },
    isBase64Encoded: false,
    requestContext: {
      http: { method: 'DELETE', path: `/v1/contacts/${id}`, protocol: 'HTTP/1.1', sourceIp: '203.0.113.5', userAgent: 'test' },
      authorizer: { jwt: { claims: { sub: 'u-admin', 'cognito:groups': '[admin]' }, scopes: [] } },
    },
  }) as unknown as ApiEvent;

beforeAll(async () => {
  live = await createTestTable();
  Object.assign(process.env, { TABLE_NAME: live.tableName, DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint') });
});

describe('npm run restore:reapply-erasures', () => {
  it('erases again, in a restored copy, the people erased in the live table since the backup, and nobody else', async () => {
    const [anna, ben, carla] = [await aPerson(live, 'anna'), await aPerson(live, 'ben'), await aPerson(live, 'carla')];
    // The backup: a copy of every item as it is now.
    const restored = await createTestTable();
    for (const item of await live.scanAll()) await restored.client.send(new PutCommand({ TableName: restored.tableName, Item: item }));
    const backupAt = new Date(Date.now() - 1000);

    const handler = erasureRoute();
    for (const person of [anna, ben]) expect((await handler(anErasure(person.id), {} as Context)).statusCode).toBe(204);
    const restoredContacts = repositoriesFor(restored).contacts;
    expect(await restoredContacts.get(anna.id)).toBeDefined();

    const summary = await reapplyErasuresTo(live, restored, backupAt, KEY);
    expect(summary).toEqual({ erasures: 2, erased: expect.arrayContaining([anna.id, ben.id]) });
    expect(summary.erased).toHaveLength(2);
    expect(await restoredContacts.get(anna.id)).toBeUndefined();
    expect(await restoredContacts.get(ben.id)).toBeUndefined();
    expect(await restoredContacts.get(carla.id)).toMatchObject({ email: carla.email });
    const left = JSON.stringify(await restored.scanAll()).toLowerCase();
    for (const gone of [anna.email.toLowerCase(), ben.email.toLowerCase()]) expect(left).not.toContain(gone);

    // Idempotent: a second run finds nobody left to erase.
    expect(await reapplyErasuresTo(live, restored, backupAt, KEY)).toEqual({ erasures: 2, erased: [] });
  });

  it('leaves the copy alone when nobody was erased since the backup', async () => {
    const dora = await aPerson(live, 'dora');
    const restored = await createTestTable();
    for (const item of await live.scanAll()) await restored.client.send(new PutCommand({ TableName: restored.tableName, Item: item }));
    expect(await reapplyErasuresTo(live, restored, new Date(), KEY)).toEqual({ erasures: 0, erased: [] });
    expect(await repositoriesFor(restored).contacts.get(dora.id)).toBeDefined();
  });
});
