import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { hasFactRules } from '#shared/domain/scoring';
import { scoreContact } from '#shared/use-cases/score-contacts';
import type { SegmentFacts } from '#shared/domain/segment-rule';
import { logger, redact } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { syncCompanyChannels } from '#shared/use-cases/manage-company';
import { refreshAttribution } from '#shared/use-cases/refresh-attribution';
import { refreshContactSegments } from '#shared/use-cases/run-segments';

const { segments, stats, companies, contacts, scoring } = repositoriesFor(tableRef());

/**
 * Contact profile changes from the table's stream (captures, confirmations, orders, imports all write
 * the profile). Each changed contact is re-evaluated against every segment, so memberships are fresh
 * between scheduled runs, and its share of the campaign counters is brought up to date. One stream
 * reader for both: a DynamoDB stream serves two readers per shard well, and the outbox is the other.
 * Both steps are idempotent, so a retried record repeats nothing. A failed record is reported by its
 * sequence number; Lambda retries from there and parks what keeps failing in the dead-letter queue.
 */
export const handler = observedHandler(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  // The definitions are read once per batch (one small Query per up to 100 changes), never cached
  // across batches: a segment created or changed a moment ago is applied to the next change at once.
  let current: ReturnType<typeof segments.listAll> | undefined;
  const ports = { segments, stats, allSegments: () => (current ??= segments.listAll()), clock: systemClock };
  // The scoring rules too: rules on facts (`jobTitle contains "Einkauf"`) are re-evaluated on every profile change.
  let rules: ReturnType<typeof scoring.config> | undefined;
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (!image) continue;
    try {
      const facts = unmarshall(image as Parameters<typeof unmarshall>[0]) as SegmentFacts & { companyId?: string };
      const before = record.dynamodb?.OldImage
        ? (unmarshall(record.dynamodb.OldImage as Parameters<typeof unmarshall>[0]) as { companyId?: string })
        : undefined;
      // A person who joined, left or changed company takes on that company's channel blocks; the write
      // comes back through the stream and refreshes the segments with them.
      if (facts.companyId !== before?.companyId) await syncCompanyChannels({ companies, contacts }, facts);
      const result = await refreshContactSegments(ports, facts);
      if (result.entered.length + result.exited.length > 0) logger.debug('memberships refreshed', { contactId: facts.id, ...result });
      const attribution = await refreshAttribution(ports, facts.id);
      if (attribution.changed) logger.debug('campaign counters moved', { contactId: facts.id });
      rules ??= scoring.config();
      const config = await rules;
      // Writes only a changed score, so the write's own stream record ends here.
      if (hasFactRules(config)) await scoreContact({ scoring, clock: systemClock, newId }, facts.id, undefined, config);
    } catch (error) {
      logger.error('contact refresh failed', {
        sequenceNumber: record.dynamodb?.SequenceNumber,
        error: (error as Error).name,
        detail: redact((error as Error).message),
      });
      // Records after a failure are retried too (stream order per contact is kept).
      batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      break;
    }
  }
  return { batchItemFailures };
});
