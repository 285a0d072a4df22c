import type { DomainEvent } from '#shared/events/publisher';
import { keys } from './keys';

/** How long an outbox item is kept: the stream holds its record 24 h, the item may go after that. */
const OUTBOX_TTL_SECONDS = 3 * 24 * 3600;

/**
 * The transaction item that puts `event` into the outbox, for the transaction of the change it
 * announces: the change and its event are written together or not at all. The stream's outbox
 * reader publishes it with the event's own id, so a redelivery carries the same id. Rewriting the
 * same event (a retried transaction with a derived id) modifies the item and publishes nothing again.
 */
export function outboxPut(tableName: string, event: DomainEvent) {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.outboxEntry(event.detail.id, event.detail.occurredAt),
        type: 'outbox',
        source: event.source,
        detailType: event.detailType,
        // As JSON: the reader gets back exactly what was built, without DynamoDB's number and empty-map rules.
        detail: JSON.stringify(event.detail),
        expiresAt: Math.floor(Date.now() / 1000) + OUTBOX_TTL_SECONDS,
      },
    },
  };
}
