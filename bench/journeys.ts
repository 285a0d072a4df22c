import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '#infra/local/create-table';
import { repositoriesFor } from '#shared/container';
import { createJourneySchema } from '#shared/domain/journey';
import { SendPacer } from '#shared/mail/send-pacer';
import { SesMailer } from '#shared/mail/ses-mailer';
import { hmacSigner } from '#shared/security/token-signer';
import { createDocumentClient, type TableRef } from '#shared/store/dynamo-client';
import { keys } from '#shared/store/keys';
import { enterJourneys } from '#shared/use-cases/enter-journeys';
import { journeyMailSender, journeyRecipients } from '#shared/use-cases/journey-mail';
import { changeContactTags } from '#shared/use-cases/manage-contact';
import { changeJourneyStatus, createJourney, publishedJourneys } from '#shared/use-cases/manage-journeys';
import { type JourneyStepPorts, type JourneyWork, runJourneyStep } from '#shared/use-cases/run-journey-step';
import { sweepJourneys } from '#shared/use-cases/sweep-journeys';
import { round, timed } from './stats';
import { writeAll } from './write-all';

const TOPIC = 'newsletter';

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

/**
 * In DynamoDB Local and the SES stand-in, `participants` people through a journey "tag → wait a minute →
 * mail": `journeys.stepsPerSecond` is the first step (an update of the contact and its move) run by the
 * worker's use case at 16 in flight, `journeys.stepEfficiency` that ÷ plain conditional puts at the same
 * concurrency in the same run; then the clock moves past the wait so all are due in the same minute, the
 * sweep hands them on and every piece of work is delivered twice at once (an injected redelivery):
 * `journeys.sweepLagP95Ms` is the 95th percentile from the sweep's start to a participant's mail being sent,
 * and `journeys.duplicates` / `journeys.lost` are counted in the SES stand-in.
 */
export async function benchJourneys(participants: number, services: { dynamoEndpoint: string; sesEndpoint: string }): Promise<Record<string, number>> {
  const tableName = `bench-journeys-${randomUUID().slice(0, 8)}`;
  const raw = new DynamoDBClient({
    endpoint: services.dynamoEndpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureTable(raw, tableName);
  raw.destroy();
  const table: TableRef = {
    client: createDocumentClient({ AWS_REGION: 'eu-central-1', DYNAMODB_ENDPOINT: services.dynamoEndpoint }, { maxAttempts: 10 }),
    tableName,
  };
  const repos = repositoriesFor(table);
  let now = new Date();
  const clock = { now: () => now };
  const run = randomUUID().slice(0, 8);

  // The audience: consent granted for the journey's topic.
  const at = now.toISOString();
  const ids = Array.from({ length: participants }, (_, index) => `${run}-${index}`);
  await writeAll(
    table,
    ids.map((id) => ({
      ...keys.contact(id),
      ...keys.contactFacts(id),
      type: 'contact',
      id,
      email: `journey-${id}@example.de`,
      emailNormalised: `journey-${id}@example.de`,
      createdAt: at,
      updatedAt: at,
      version: 1,
      source: 'web',
      consents: { [TOPIC]: { status: 'granted', at } },
      tags: [],
      score: 0,
      orders: { count: 1, totalMinor: 100, currency: 'EUR' },
      activity: {},
    })),
  );
  await repos.topics.create({ id: TOPIC, name: 'Newsletter', consentText: 'Ja', textVersion: 'v1', createdAt: at, updatedAt: at } as never);
  await repos.templates.create({
    id: `t-${run}`,
    name: 'Bench',
    subject: `Bench ${run}`,
    html: '<p>Hallo {{firstName|du}}</p><a href="{{unsubscribeUrl}}">Abmelden</a>',
    createdAt: at,
    updatedAt: at,
  });
  const manage = { ...repos, clock, senderDomain: 'example.de', newId: () => `j-${run}` };
  const journey = await createJourney(
    manage,
    createJourneySchema.parse({
      name: 'Bench',
      trigger: { type: 'order_placed' },
      steps: [
        { id: 'tag', type: 'update_contact', addTags: ['bench'], next: 'pause' },
        { id: 'pause', type: 'wait', duration: { minutes: 1 }, next: 'mail' },
        { id: 'mail', type: 'send_email', templateId: `t-${run}`, topic: TOPIC, from: 'bench@example.de' },
      ],
    }),
  );
  await changeJourneyStatus(manage, journey.id, 'publish');

  const queued: JourneyWork[] = [];
  const queue = { enqueue: async (work: readonly JourneyWork[]) => void queued.push(...work) };
  const live = await publishedJourneys(repos);
  await timed(ids, (contactId) =>
    enterJourneys(
      { published: { journeys: async () => live }, participants: repos.journeyParticipants, facts: repos.segments, queue, clock },
      { type: 'order_placed', contactId },
    ),
  );

  const mailer = new SesMailer({ AWS_REGION: 'eu-central-1', SES_ENDPOINT: services.sesEndpoint }, undefined, { maxAttempts: 1 });
  const ports: JourneyStepPorts = {
    journeys: repos.journeys,
    participants: repos.journeyParticipants,
    facts: repos.segments,
    recipients: journeyRecipients(repos),
    tags: { change: (contactId, add, remove) => changeContactTags({ contacts: repos.contacts, clock }, contactId, add, remove) },
    mail: journeyMailSender({
      templates: repos.templates,
      mailer,
      pacer: new SendPacer(() => mailer.maxSendRate(), 1),
      signer: hmacSigner('bench-signing-key-0123456789-0123456789'),
      links: {
        unsubscribeUrl: (token) => `http://127.0.0.1/v1/unsubscribe?token=${token}`,
        preferencesUrl: (token) => `http://127.0.0.1/v1/preferences?token=${token}`,
      },
      clock,
      unsubscribeTokenTtlDays: 400,
    }),
    timeline: repos.contacts,
    clock,
    frequencyCap: { cap: async () => undefined, sentSince: (contactId, since) => repos.contacts.mailsSentSince(contactId, since) },
    settings: { claimLeaseMs: 5 * 60_000, pausedRecheckMs: 15 * 60_000, maxStepsPerRun: 25 },
  };

  // The first step of each participant: the tag and its move, then each waits a minute.
  const firstWork = queued.splice(0);
  const stepSeconds = await timed(firstWork, (work) => runJourneyStep(ports, work));

  // Baseline: plain conditional puts of participant-sized items at the same concurrency.
  const baselineSeconds = await timed(ids, (id) =>
    table.client.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: `BENCHPUT#${id}`, sk: 'PUT', journeyId: journey.id, contactId: id, stepId: 'tag', attempt: 1, status: 'active', enteredAt: at },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );

  // All due in the same minute: the sweep hands them on; every piece of work is delivered twice at once.
  now = new Date(now.getTime() + 61_000);
  const sweepStarted = performance.now();
  await sweepJourneys(
    { due: { shards: keys.journeyDueShards, due: (shard, when, limit) => repos.journeyParticipants.due(shard, when, limit) }, queue, clock },
    participants,
  );
  const handedOn = queued.splice(0);
  const doneAt: number[] = [];
  await timed(handedOn, async (work) => {
    const outcomes = await Promise.all([runJourneyStep(ports, work), runJourneyStep(ports, work)]);
    if (outcomes.includes('finished')) doneAt.push(performance.now() - sweepStarted);
  });

  const store = (await (await fetch(`${services.sesEndpoint}/store`)).json()) as { emails: Array<{ subject: string; destination: { to: string[] } }> };
  const perAddress = new Map<string, number>();
  for (const mail of store.emails)
    if (mail.subject.startsWith(`Bench ${run}`)) for (const to of mail.destination.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
  const duplicates = [...perAddress.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
  const lost = ids.filter((id) => !perAddress.has(`journey-${id}@example.de`)).length;
  table.client.destroy();
  const stepsPerSecond = participants / stepSeconds;
  const putsPerSecond = participants / baselineSeconds;
  return {
    'journeys.participants': participants,
    'journeys.stepsPerSecond': round(stepsPerSecond, 1),
    'journeys.baselinePutsPerSecond': round(putsPerSecond, 1),
    'journeys.stepEfficiency': round(stepsPerSecond / putsPerSecond, 3),
    'journeys.handedOn': handedOn.length,
    'journeys.sweepLagP95Ms': round(percentile(doneAt, 0.95), 0),
    'journeys.duplicates': duplicates,
    'journeys.lost': lost,
  };
}
