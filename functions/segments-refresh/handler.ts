import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { repositoriesFor, systemClock, tableRef } from '#shared/container';
import type { SegmentFacts } from '#shared/domain/segment-rule';
import { logger, redact } from '#shared/logger';
import { refreshContactSegments } from '#shared/use-cases/run-segments';

const { segments } = repositoriesFor(tableRef());

/**
 * Contact profile changes from the table's stream: each changed contact is re-evaluated against every
 * segment at once, so memberships are fresh between scheduled runs. A failed record is reported
 * by its sequence number; Lambda retries from there and parks what keeps failing in the dead-letter queue.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  // The definitions are read once per batch (one small Query per up to 100 changes), never cached
  // across batches: a segment created or changed a moment ago is applied to the next change at once.
  let current: ReturnType<typeof segments.listAll> | undefined;
  const ports = { segments, allSegments: () => (current ??= segments.listAll()), clock: systemClock };
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (!image) continue;
    try {
      const facts = unmarshall(image as Parameters<typeof unmarshall>[0]) as SegmentFacts;
      const result = await refreshContactSegments(ports, facts);
      if (result.entered.length + result.exited.length > 0) logger.debug('memberships refreshed', { contactId: facts.id, ...result });
    } catch (error) {
      logger.error('segment refresh failed', { sequenceNumber: record.dynamodb?.SequenceNumber, error: (error as Error).name, detail: redact((error as Error).message) });
      // Records after a failure are retried too (stream order per contact is kept).
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      break;
    }
  }
  return { batchItemFailures };
}
