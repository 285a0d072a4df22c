import type { EventBridgeEvent } from 'aws-lambda';
import { linksConfig, mailConfig } from '#shared/config';
import { cachedCatalog, linkBuilder, repositoriesFor, sesMailer, systemClock, tableRef, tokenSigner } from '#shared/container';
import { eventCatalog } from '#shared/events/catalog';
import { logger } from '#shared/logger';
import { countedMailer } from '#shared/metrics';
import { observedHandler } from '#shared/observed-handler';
import type { ConfirmationMailPorts } from '#shared/use-cases/ports';
import { sendConfirmationMail } from '#shared/use-cases/send-confirmation-mail';

const repositories = repositoriesFor(tableRef());
const ports: ConfirmationMailPorts = {
  catalog: cachedCatalog(repositories),
  contacts: repositories.contacts,
  mailer: countedMailer(sesMailer()),
  signer: await tokenSigner(),
  links: linkBuilder(),
  clock: systemClock,
  mail: { from: mailConfig().MAIL_FROM, confirmTokenTtlDays: linksConfig().CONFIRM_TOKEN_TTL_DAYS },
};

/**
 * `consent.requested` from the outbox: the double opt-in mail. A bad detail or SES failing throws, so
 * the delivery is retried and then parked in the dead-letter queue; a repeat sends nothing twice.
 */
export const handler = observedHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const request = eventCatalog.consentRequested.parse(event.detail);
  const outcome = await sendConfirmationMail(ports, request);
  logger.info('confirmation mail', { eventId: request.id, contactId: request.contactId, outcome });
});
