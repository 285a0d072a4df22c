import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiEvent, httpHandler, type Route } from '#shared/http/http-handler';
import { csv, json, noContent } from '#shared/http/responses';
import { captureResponseSchemas } from '#shared/http/responses/capture-responses';
import type { HttpMethod, RouteSpec } from '#shared/http/route-spec';
import { logger } from '#shared/logger';
import { aContact, aTopic } from '#tests/helpers/factories';
import { anApiEvent } from '#tests/helpers/api-event';

function anEvent(routeKey: string): ApiEvent {
  return anApiEvent(routeKey, { sub: 'admin', 'cognito:groups': ['admin'] });
}

/**
 * A route's spec as a handler declares it: the key split into method and path, admin-only for reads;
 * writes are declared public here, so no audit entry is written (tests/integration/audit-trail.test.ts
 * tests those).
 */
function aSpec(routeKey: string): RouteSpec {
  const [method, path = '/'] = routeKey.split(' ');
  return { method: method as HttpMethod, path, auth: method === 'GET' ? 'admin' : 'public' };
}

async function answer(routeKey: string, route: Route) {
  const handler = httpHandler([aSpec(routeKey)], { [routeKey]: route });
  const result = await handler(anEvent(routeKey), {} as Context);
  const isJson = String(result.headers?.['content-type'] ?? '').includes('json');
  return { ...result, json: (isJson ? JSON.parse(String(result.body)) : undefined) as Record<string, unknown> };
}

describe('shapeResponses', () => {
  afterEach(() => vi.restoreAllMocks());

  it("drops the store's keys and bookkeeping from a JSON answer", async () => {
    const stored = { ...aTopic(), pk: 'TOPIC#newsletter', sk: 'META', gsi1pk: 'TOPIC', gsi1sk: 'newsletter', version: 3, expiresAt: 1 };
    const response = await answer('GET /v1/topics/{id}', async () => json(200, stored));
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual(aTopic());
  });

  it('drops internals nested deep inside an answer', async () => {
    const contact = aContact({ firstName: 'Anna', searchKeys: ['anna#c-1'] });
    const response = await answer('GET /v1/contacts', async () => json(200, { items: [{ ...contact, factsPk: contact.id, newestPk: 'CONTACTS#1' }] }));
    const [item] = response.json.items as Array<Record<string, unknown>>;
    for (const internal of ['version', 'searchKeys', 'emailNormalised', 'factsPk', 'newestPk']) expect(item).not.toHaveProperty(internal);
    expect(item).toMatchObject({ id: contact.id, email: contact.email, firstName: 'Anna' });
  });

  it('answers a body that does not match its schema with a bare 500, logging route and issue paths only', async () => {
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const response = await answer('GET /v1/topics/{id}', async () => json(200, { ...aTopic(), name: 'anna@example.de', createdAt: 'anna@example.de' }));
    expect(response.statusCode).toBe(500);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.json).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'An unexpected error occurred' });
    expect(error).toHaveBeenCalledWith('response does not match its schema', {
      routeKey: 'GET /v1/topics/{id}',
      status: 200,
      issuePaths: ['createdAt: invalid_format'],
    });
    expect(JSON.stringify(error.mock.calls)).not.toContain('anna@example.de');
  });

  it('answers a JSON success status the registry has no schema for with a 500', async () => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const response = await answer('GET /v1/topics/{id}', async () => json(202, aTopic()));
    expect(response.statusCode).toBe(500);
  });

  it('shapes by the schemas a function names itself, and answers a route they do not list with a 500', async () => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const routeKey = 'POST /v1/forms/{formId}/submissions';
    const handler = httpHandler(
      [aSpec(routeKey), aSpec('GET /v1/topics/{id}')],
      {
        [routeKey]: async () => json(202, { contactId: 'c-1', status: 'captured', ignoredFields: [], pk: 'C#c-1' }),
        'GET /v1/topics/{id}': async () => json(200, aTopic()),
      },
      [],
      captureResponseSchemas,
    );
    const shaped = await handler(anEvent(routeKey), {} as Context);
    expect(JSON.parse(String(shaped.body))).toEqual({ contactId: 'c-1', status: 'captured', ignoredFields: [] });
    expect((await handler(anEvent('GET /v1/topics/{id}'), {} as Context)).statusCode).toBe(500);
  });

  it('leaves problem answers, CSV and empty answers as they are', async () => {
    expect((await answer('GET /v1/topics/{id}', async () => json(404, { whatever: true }))).json).toEqual({ whatever: true });
    expect((await answer('GET /v1/analytics/campaigns', async () => csv(200, 'a;b\n', 'x.csv'))).body).toBe('\uFEFFa;b\n');
    expect((await answer('DELETE /v1/contacts/{id}', async () => noContent())).statusCode).toBe(204);
  });
});
