import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eventPublisher } from '#shared/container';
import { eventCatalog } from '#shared/events/catalog';
import type { DomainEvent } from '#shared/events/publisher';
import { logger } from '#shared/logger';
import { membershipRecord } from '#shared/store/stream-records';

const events = eventPublisher();

/**
 * The table is the outbox (ARCHITECTURE.md, "One table"): segment memberships written to the table
 * become `segment.entered` / `segment.exited` on the bus, so no event is lost between a write and its
 * publication. The event id is the stream record's id, so a consumer can drop a redelivered event.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const pending: Array<{ sequenceNumber: string; event: DomainEvent }> = [];
  for (const record of event.Records) {
    const change = membershipRecord(record);
    if (!change || !record.eventID || !record.dynamodb?.SequenceNumber) continue;
    pending.push({
      sequenceNumber: record.dynamodb.SequenceNumber,
      event: (change.entered ? eventCatalog.segmentEntered : eventCatalog.segmentExited).event({ id: record.eventID, segmentId: change.segmentId, contactId: change.contactId, occurredAt: change.at }),
    });
  }
  // PutEvents takes 10 entries; on a failed batch, everything from its first record is retried.
  for (let start = 0; start < pending.length; start += 10) {
    const batch = pending.slice(start, start + 10);
    try {
      await events.publish(batch.map((entry) => entry.event));
    } catch (error) {
      logger.error('publishing segment events failed', { error: (error as Error).name, count: pending.length - start });
      return { batchItemFailures: [{ itemIdentifier: batch[0]!.sequenceNumber }] };
    }
  }
  return { batchItemFailures: [] };
}
