import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eventPublisher } from '#shared/container';
import { logger } from '#shared/logger';
import { count } from '#shared/metrics';
import { observedHandler } from '#shared/observed-handler';
import { streamEvent } from '#shared/store/stream-records';
import { type OutboxRecord, publishOutbox } from '#shared/use-cases/publish-outbox';

const events = eventPublisher();

/**
 * The table is the outbox (ARCHITECTURE.md, "One table"): outbox items written with a change, segment
 * memberships, consent proofs and finished mailings become events on the bus (shared/store/stream-records.ts),
 * so no event is lost between a write and its publication. Each event's id comes from the change (the
 * outbox item's id or the stream record's id), so a redelivered one carries the same id and a consumer
 * can drop it. A failed publish reports the batch item it stopped at; the stream retries from there.
 */
export const handler = observedHandler(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const records: OutboxRecord[] = event.Records.flatMap((record) => {
    const change = streamEvent(record);
    const position = record.dynamodb?.SequenceNumber;
    return change && position ? [{ position, change }] : [];
  });
  const result = await publishOutbox({ events }, records);
  if (!result.failedFrom) return { batchItemFailures: [] };
  logger.error('publishing outbox events failed', { reason: result.reason, published: result.published });
  count('outboxPublishFailures');
  return { batchItemFailures: [{ itemIdentifier: result.failedFrom }] };
});
