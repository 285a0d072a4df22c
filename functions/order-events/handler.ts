import type { EventBridgeEvent } from 'aws-lambda';
import { newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { eventCatalog } from '#shared/events/catalog';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { recordOrder } from '#shared/use-cases/record-order';

const { contacts, companies } = repositoriesFor(tableRef());
const ports = { contacts, companies, clock: systemClock, newId };

/**
 * `order.placed` from the ERP. A retried delivery records nothing twice (idempotent on orderId); an
 * event that fails validation throws, so EventBridge retries it and then parks it in the dead-letter
 * queue instead of losing it.
 */
export const handler = observedHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const order = eventCatalog.orderPlaced.parse(event.detail);
  const result = await recordOrder(ports, order);
  logger.info('order event processed', { eventId: event.id, orderId: order.orderId, created: result.created });
});
