import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mailConfig, senderConfig } from '#shared/config';
import { frequencyCapOf, mailLinks, newId, repositoriesFor, systemClock, tableRef, tokenSigner } from '#shared/container';
import { recipientBatchSchema } from '#shared/domain/mailing';
import { parseWith } from '#shared/http/validate';
import { logger } from '#shared/logger';
import { SendPacer } from '#shared/mail/send-pacer';
import { countedMailer } from '#shared/metrics';
import { SesMailer } from '#shared/mail/ses-mailer';
import { observedHandler } from '#shared/observed-handler';
import { ttlCache } from '#shared/store/ttl-cache';
import { RECIPIENTS_PER_MESSAGE } from '#shared/use-cases/prepare-mailing';
import { sendRecipientBatch } from '#shared/use-cases/send-recipient-batch';

const { mailings, templates, contacts, suppressions, settings } = repositoriesFor(tableRef());
const mail = mailConfig();
const config = senderConfig();
// One SDK attempt per SendEmail: a retry after a time-out could mail twice; the use case decides.
const mailer = new SesMailer(mail, mail.SES_CONFIGURATION_SET, { maxAttempts: 1, requestTimeoutMs: 10_000 });
// Every recipient of a batch waits for the pacer at once: the store's latency hides behind the rate.
const ports = {
  mailings,
  // Templates never change once created, so a container may keep them.
  templates: { get: ttlCache((id: string) => templates.get(id), 10 * 60_000) },
  contacts,
  suppressions,
  mailer: countedMailer(mailer),
  pacer: new SendPacer(() => mailer.maxSendRate(), config.MAIL_SENDER_CONCURRENCY),
  signer: await tokenSigner(),
  links: mailLinks(),
  clock: systemClock,
  newId,
  frequencyCap: frequencyCapOf({ settings, contacts }),
  settings: {
    claimLeaseMs: config.MAIL_CLAIM_LEASE_SECONDS * 1000,
    throttleAttempts: 6,
    concurrency: RECIPIENTS_PER_MESSAGE,
    unsubscribeTokenTtlDays: config.UNSUBSCRIBE_TOKEN_TTL_DAYS,
  },
};

const processor = new BatchProcessor(EventType.SQS);

async function processRecord(record: SQSRecord): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    body = undefined;
  }
  const batch = parseWith(recipientBatchSchema, body, 'recipient batch');
  const result = await sendRecipientBatch(ports, batch);
  logger.info('recipient batch sent', { messageId: record.messageId, mailingId: batch.mailingId, batchId: batch.batchId, ...result });
}

/**
 * The mail queue's consumer. Each message is a batch of one mailing's recipients; a message whose
 * recipients are not all settled (SES throttling, a lapsed claim still held) is reported as failed
 * on its own, so the queue delivers just that one again, and after five receives parks it in the DLQ.
 */
export const handler = observedHandler(async (event: SQSEvent, context: Context) => {
  return processPartialResponse(event, processRecord, processor, { context });
});
