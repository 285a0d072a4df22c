import { cachedCustomFields, idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { activitySchema } from '#shared/domain/activity';
import { contactListQuery } from '#shared/domain/contact-list-query';
import { contactPatchSchema } from '#shared/domain/contact-patch';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json } from '#shared/http/responses';
import { findContacts } from '#shared/use-cases/find-contacts';
import { addActivity, patchContact } from '#shared/use-cases/manage-contact';
import { viewContact } from '#shared/use-cases/view-contact';

const { contacts, companies, segments, fields } = repositoriesFor(tableRef());
const ports = { contacts, companies, segments, fields: cachedCustomFields(fields), clock: systemClock, newId };

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/contacts', auth: 'admin' },
  { method: 'GET', path: '/v1/contacts/{id}', auth: 'admin' },
  { method: 'PATCH', path: '/v1/contacts/{id}', auth: 'admin', maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'POST', path: '/v1/contacts/{id}/activities', auth: 'admin', maxBodyBytes: ADMIN_MAX_BYTES },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/contacts': async (event) => {
      const { limit, query } = queryParams(event, contactListQuery);
      return json(200, await findContacts(ports, query, limit));
    },
    'GET /v1/contacts/{id}': async (event) => json(200, await viewContact(ports, pathParam(event, 'id'))),
    'PATCH /v1/contacts/{id}': async (event) =>
      json(200, await patchContact(ports, pathParam(event, 'id'), jsonBody(event, contactPatchSchema, 'contact change'))),
    'POST /v1/contacts/{id}/activities': async (event) =>
      json(201, await addActivity(ports, pathParam(event, 'id'), jsonBody(event, activitySchema, 'activity'))),
  },
  [idempotencyMiddleware()],
);
