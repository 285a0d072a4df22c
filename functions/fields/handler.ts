import { idempotencyMiddleware, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { createCustomFieldSchema } from '#shared/domain/custom-field';
import { httpHandler, jsonBody, pathParam } from '#shared/http/http-handler';
import { EVERYONE, MARKETING } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json, noContent } from '#shared/http/responses';
import { createCustomField, deleteCustomField, listCustomFields } from '#shared/use-cases/manage-custom-fields';

const { fields, segments, forms, templates } = repositoriesFor(tableRef());
const ports = { fields, users: { segments, forms, templates }, clock: systemClock };

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/fields', auth: 'admin', roles: EVERYONE },
  { method: 'POST', path: '/v1/fields', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'DELETE', path: '/v1/fields/{key}', auth: 'admin', roles: MARKETING },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/fields': async () => json(200, await listCustomFields(ports)),
    'POST /v1/fields': async (event) => json(201, await createCustomField(ports, jsonBody(event, createCustomFieldSchema, 'custom field'))),
    'DELETE /v1/fields/{key}': async (event) => {
      await deleteCustomField(ports, pathParam(event, 'key'));
      return noContent();
    },
  },
  [idempotencyMiddleware()],
);
