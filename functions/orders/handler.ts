import { idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { orderSchema } from '#shared/domain/order';
import { httpHandler, jsonBody } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import { recordOrder } from '#shared/use-cases/record-order';

const { contacts, companies } = repositoriesFor(tableRef());
const ports = { contacts, companies, clock: systemClock, newId };

export const handler = httpHandler(
  {
    'POST /v1/orders': async (event) => {
      const result = await recordOrder(ports, jsonBody(event, orderSchema, 'order'));
      return json(result.created ? 201 : 200, { ...result.order, duplicate: !result.created });
    },
  },
  [idempotencyMiddleware()],
);
