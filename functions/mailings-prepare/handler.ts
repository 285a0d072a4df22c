import type { EventBridgeEvent } from 'aws-lambda';
import { newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { eventCatalog } from '#shared/events/catalog';
import { logger } from '#shared/logger';
import { recipientQueue } from '#shared/mail/sqs-recipient-queue';
import { observedHandler } from '#shared/observed-handler';
import { startDueMailings } from '#shared/use-cases/manage-mailings';
import { prepareMailing } from '#shared/use-cases/prepare-mailing';

const { mailings, campaigns, segments, topics, templates, contacts, suppressions } = repositoriesFor(tableRef());
const prepare = { mailings, segments, contacts, suppressions, queue: recipientQueue(), clock: systemClock };
const start = { mailings, campaigns, segments, topics, templates, clock: systemClock, newId };

/**
 * `mailing.send.requested` snapshots that mailing's recipients into the queue; the schedule (every
 * minute) starts scheduled mailings whose time has come (each start publishes its own request).
 * A failure throws, so EventBridge retries it; the preparation resumes from its last stored page.
 */
export const handler = observedHandler(async (event: EventBridgeEvent<string, unknown>) => {
  if (event['detail-type'] !== eventCatalog.mailingSendRequested.detailType) {
    const started = await startDueMailings(start);
    if (started.length > 0) logger.info('scheduled mailings started', { mailingIds: started });
    return { started };
  }
  const { mailingId } = eventCatalog.mailingSendRequested.parse(event.detail);
  const result = await prepareMailing(prepare, mailingId);
  logger.info('mailing prepared', { mailingId, ...result });
  return result;
});
