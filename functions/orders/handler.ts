import { idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { orderSchema } from '#shared/domain/order';
import { httpHandler, jsonBody } from '#shared/http/http-handler';
import { SALES_WORK } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json } from '#shared/http/responses';
import { recordOrder } from '#shared/use-cases/record-order';

const { contacts, companies } = repositoriesFor(tableRef());
const ports = { contacts, companies, clock: systemClock, newId };

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'POST', path: '/v1/orders', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'POST /v1/orders': async (event) => {
      const result = await recordOrder(ports, jsonBody(event, orderSchema, 'order'));
      return json(result.created ? 201 : 200, { ...result.order, duplicate: !result.created });
    },
  },
  [idempotencyMiddleware()],
);
