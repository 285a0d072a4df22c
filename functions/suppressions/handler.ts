import { idempotencyMiddleware, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { pageQuery } from '#shared/domain/common-schemas';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { ADMIN_ONLY } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json, noContent } from '#shared/http/responses';
import { addSuppression, createSuppressionSchema, listSuppressions, removeSuppression } from '#shared/use-cases/manage-suppressions';

const { suppressions } = repositoriesFor(tableRef());
const ports = { suppressions, clock: systemClock };

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/suppressions', auth: 'admin', roles: ADMIN_ONLY },
  { method: 'POST', path: '/v1/suppressions', auth: 'admin', roles: ADMIN_ONLY, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'DELETE', path: '/v1/suppressions/{email}', auth: 'admin', roles: ADMIN_ONLY },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/suppressions': async (event) => {
      const query = queryParams(event, pageQuery);
      return json(200, await listSuppressions(ports, query.limit, query.cursor));
    },
    'POST /v1/suppressions': async (event) => {
      const { suppression, created } = await addSuppression(ports, jsonBody(event, createSuppressionSchema, 'suppression'));
      return json(created ? 201 : 200, suppression);
    },
    'DELETE /v1/suppressions/{email}': async (event) => {
      await removeSuppression(ports, decodeURIComponent(pathParam(event, 'email')));
      return noContent();
    },
  },
  [idempotencyMiddleware()],
);
