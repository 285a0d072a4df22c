import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { journeyWorkerConfig, mailConfig } from '#shared/config';
import { frequencyCapOf, mailLinks, repositoriesFor, systemClock, tableRef, tokenSigner } from '#shared/container';
import { journeyWorkSchema } from '#shared/domain/journey-participant';
import { parseWith } from '#shared/http/validate';
import { logger } from '#shared/logger';
import { SendPacer } from '#shared/mail/send-pacer';
import { SesMailer } from '#shared/mail/ses-mailer';
import { countedMailer } from '#shared/metrics';
import { observedHandler } from '#shared/observed-handler';
import { ttlCache } from '#shared/store/ttl-cache';
import { journeyMailSender, journeyRecipients } from '#shared/use-cases/journey-mail';
import { changeContactTags } from '#shared/use-cases/manage-contact';
import { type JourneyStepPorts, runJourneyStep } from '#shared/use-cases/run-journey-step';

const table = tableRef();
const { journeys, journeyParticipants, templates, contacts, suppressions, segments, settings } = repositoriesFor(table);
const mail = mailConfig();
const config = journeyWorkerConfig();
// One SDK attempt per SendEmail: a retry after a time-out could mail twice; the use case decides.
const mailer = new SesMailer(mail, mail.SES_CONFIGURATION_SET, { maxAttempts: 1, requestTimeoutMs: 10_000 });
const versions = ttlCache((key: string) => {
  const cut = key.lastIndexOf('#');
  return journeys.getVersion(key.slice(0, cut), Number(key.slice(cut + 1)));
}, 10 * 60_000);
const ports: JourneyStepPorts = {
  // Published versions never change: a container may keep them.
  journeys: { get: (id) => journeys.get(id), getVersion: (id, version) => versions(`${id}#${version}`) },
  participants: journeyParticipants,
  facts: segments,
  recipients: journeyRecipients({ contacts, suppressions }),
  tags: { change: (contactId, add, remove) => changeContactTags({ contacts, clock: systemClock }, contactId, add, remove) },
  mail: journeyMailSender({
    templates: { get: ttlCache((id: string) => templates.get(id), 10 * 60_000) },
    mailer: countedMailer(mailer),
    pacer: new SendPacer(() => mailer.maxSendRate(), 4),
    signer: await tokenSigner(),
    links: mailLinks(),
    clock: systemClock,
    unsubscribeTokenTtlDays: config.UNSUBSCRIBE_TOKEN_TTL_DAYS,
  }),
  timeline: contacts,
  clock: systemClock,
  frequencyCap: frequencyCapOf({ settings, contacts }),
  settings: { claimLeaseMs: config.JOURNEY_CLAIM_LEASE_SECONDS * 1000, pausedRecheckMs: 15 * 60_000, maxStepsPerRun: 25 },
};

const processor = new BatchProcessor(EventType.SQS);

async function processRecord(record: SQSRecord): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    body = undefined;
  }
  const work = parseWith(journeyWorkSchema, body, 'journey work');
  const outcome = await runJourneyStep(ports, work);
  logger.info('journey step run', { messageId: record.messageId, journeyId: work.journeyId, outcome });
}

/**
 * The journey queue's consumer: each message is one participant whose step is due. A step that fails
 * (SES throttling, a store fault) is reported failed on its own; the queue delivers it again, parks it
 * after five receives, and the participant stays in the due index so the sweep finds it once fixed.
 */
export const handler = observedHandler(async (event: SQSEvent, context: Context) => processPartialResponse(event, processRecord, processor, { context }));
