import { idempotencyMiddleware, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { settingsSchema } from '#shared/domain/settings';
import { httpHandler, jsonBody } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import { ADMIN_ONLY, MARKETING_READ } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { getSettings, updateSettings } from '#shared/use-cases/manage-settings';

const { settings } = repositoriesFor(tableRef());
const ports = { settings, clock: systemClock };

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/settings', auth: 'admin', roles: MARKETING_READ },
  { method: 'PUT', path: '/v1/settings', auth: 'admin', roles: ADMIN_ONLY, maxBodyBytes: ADMIN_MAX_BYTES },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/settings': async () => json(200, await getSettings(ports)),
    'PUT /v1/settings': async (event) => json(200, await updateSettings(ports, jsonBody(event, settingsSchema, 'settings'))),
  },
  [idempotencyMiddleware()],
);
