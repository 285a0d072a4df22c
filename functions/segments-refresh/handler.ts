import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { segmentsConfig } from '#shared/config';
import { repositoriesFor, systemClock, tableRef } from '#shared/container';
import type { SegmentFacts } from '#shared/domain/segment-rule';
import { logger } from '#shared/logger';
import { ttlCache } from '#shared/store/ttl-cache';
import { refreshContactSegments } from '#shared/use-cases/run-segments';

const { segments } = repositoriesFor(tableRef());
/** Segment definitions change rarely; a container re-reads them every SEGMENT_CACHE_SECONDS (30 s). */
const liveSegments = ttlCache((_: 'all') => segments.listAll(), segmentsConfig().SEGMENT_CACHE_SECONDS * 1000);
const ports = { segments, liveSegments: async () => (await liveSegments('all')) ?? [], clock: systemClock };

/**
 * Contact profile changes from the table's stream: each changed contact is re-evaluated against the
 * live segments at once, so memberships are fresh between scheduled runs. A failed record is reported
 * by its sequence number; Lambda retries from there and parks what keeps failing in the dead-letter queue.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (!image) continue;
    try {
      const facts = unmarshall(image as Parameters<typeof unmarshall>[0]) as SegmentFacts;
      const result = await refreshContactSegments(ports, facts);
      if (result.entered.length + result.exited.length > 0) logger.debug('memberships refreshed', { contactId: facts.id, ...result });
    } catch (error) {
      logger.error('segment refresh failed', { sequenceNumber: record.dynamodb?.SequenceNumber, error: (error as Error).name });
      // Records after a failure are retried too (stream order per contact is kept).
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      break;
    }
  }
  return { batchItemFailures };
}
