import type { EventBridgeEvent } from 'aws-lambda';
import { repositoriesFor, tableRef } from '#shared/container';
import { sesEventSchema } from '#shared/domain/ses-event';
import { parseWith } from '#shared/http/validate';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { recordMailEvent } from '#shared/use-cases/record-mail-event';

const { mailings, journeyParticipants, contacts, suppressions } = repositoriesFor(tableRef());
const ports = { mailings, journeyParticipants, contacts, suppressions };

/**
 * SES events from the configuration set (on the default bus): a malformed one throws, so EventBridge
 * retries it and then parks it in the dead-letter queue; repeats count nothing twice.
 */
export const handler = observedHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const ses = parseWith(sesEventSchema, event.detail, 'SES event');
  const outcome = await recordMailEvent(ports, ses);
  logger.info('SES event processed', { eventId: event.id, eventType: ses.eventType, messageId: ses.mail.messageId, outcome });
});
