import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '#infra/local/create-table';
import { emptyContact } from '#shared/domain/contact';
import type { ScoreEntry, ScoringEvent } from '#shared/domain/scoring';
import { contactProfileItem } from '#shared/store/contact-repository';
import { createDocumentClient, type TableRef } from '#shared/store/dynamo-client';
import { keys } from '#shared/store/keys';
import { ScoringRepository } from '#shared/store/scoring-repository';
import { requestScoringRebuild, runScoringRebuild, scoreContact, updateScoring } from '#shared/use-cases/score-contacts';
import { round, timed } from './stats';
import { writeAll } from './write-all';

const KINDS: readonly ScoringEvent[] = ['form_submitted', 'email_opened', 'email_clicked', 'order_placed', 'activity_logged'];

/**
 * In DynamoDB Local: `events` scorable events over `events / 4` contacts (each contact gets four, spread
 * so that concurrent events rarely meet on one contact, as a bus delivers them) applied by the scoring
 * consumer's use case at 16 in flight (the handler only parses the detail first): per event a consistent
 * read of the profile and of the ledger, then the entry and the score in one transaction conditioned on
 * the profile's version. `scoring.eventsPerSecond` is that rate, `scoring.efficiency` its ratio to plain
 * conditional UpdateItems of the same profiles at the same concurrency in the same run. Every event is
 * then delivered again: `scoring.duplicatesScored` counts the ones that changed a score twice (must be 0).
 * `scoring.rebuildContactsPerSecond`: the daily decay run (a rebuild) a month later over those contacts.
 */
export async function benchScoring(events: number, services: { dynamoEndpoint: string }): Promise<Record<string, number>> {
  const tableName = `bench-scoring-${randomUUID().slice(0, 8)}`;
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
  let now = new Date();
  const clock = { now: () => now };
  const scoring = new ScoringRepository(table);
  const ports = { scoring, clock, newId: randomUUID };
  const config = await updateScoring(ports, {
    rules: [
      { id: 'forms', event: 'form_submitted', points: 20 },
      { id: 'opens', event: 'email_opened', points: 1, maxTimes: 5, perDays: 30 },
      { id: 'clicks', event: 'email_clicked', points: 5, maxTimes: 3, perDays: 30 },
      { id: 'orders', event: 'order_placed', points: 50 },
      { id: 'activities', event: 'activity_logged', points: 10 },
    ],
    decayPercentPerMonth: 10,
    qualifyAt: 80,
  });

  const run = randomUUID().slice(0, 8);
  const contacts = Math.max(1, Math.ceil(events / 4));
  const ids = Array.from({ length: contacts }, (_, index) => `${run}-${index}`);
  await writeAll(
    table,
    ids.map((id) => contactProfileItem({ ...emptyContact(id, `${id}@example.de`, `${id}@example.de`, 'web', now), version: 1 })),
  );
  const work = Array.from({ length: events }, (_, index) => {
    const entry: ScoreEntry = {
      eventId: `${run}-e${index}`,
      kind: KINDS[index % KINDS.length] ?? 'form_submitted',
      at: new Date(now.getTime() - (index % 90) * 86_400_000).toISOString(),
      ref: `m-${index % 7}`,
      label: 'Bench',
    };
    return { contactId: ids[index % contacts] ?? '', entry };
  });

  const seconds = await timed(work, ({ contactId, entry }) => scoreContact(ports, contactId, entry, config));
  const scores = new Map<string, number>();
  for (const id of ids) scores.set(id, (await scoring.profile(id))?.score ?? 0);
  await timed(work, ({ contactId, entry }) => scoreContact(ports, contactId, entry, config));
  let duplicatesScored = 0;
  for (const id of ids) if (((await scoring.profile(id))?.score ?? 0) !== scores.get(id)) duplicatesScored += 1;

  // The baseline: one conditional UpdateItem per event on the same profiles, same concurrency.
  const versions = new Map<string, number>();
  for (const id of ids) versions.set(id, (await scoring.profile(id))?.version ?? 1);
  const baselineSeconds = await timed(work, async ({ contactId }) => {
    for (;;) {
      const seen = versions.get(contactId) ?? 1;
      try {
        await table.client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.contact(contactId),
            UpdateExpression: 'SET score = :score ADD version :one',
            ConditionExpression: 'version = :seen',
            ExpressionAttributeValues: { ':score': seen, ':one': 1, ':seen': seen },
          }),
        );
        versions.set(contactId, seen + 1);
        return;
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        versions.set(contactId, ((await scoring.profile(contactId))?.version ?? seen) as number);
      }
    }
  });
  // The daily decay run (a rebuild) over the same contacts: every profile and ledger read, changed scores written.
  now = new Date(now.getTime() + 31 * 86_400_000);
  const { runId } = await requestScoringRebuild(ports, 'decay');
  const rebuildStarted = performance.now();
  await runScoringRebuild(ports, runId, { deadline: Date.now() + 3_600_000 });
  const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
  const eventsPerSecond = events / seconds;
  const updatesPerSecond = events / baselineSeconds;
  table.client.destroy();
  return {
    'scoring.eventsPerSecond': round(eventsPerSecond, 1),
    'scoring.baselineUpdatesPerSecond': round(updatesPerSecond, 1),
    'scoring.efficiency': round(eventsPerSecond / updatesPerSecond, 3),
    'scoring.duplicatesScored': duplicatesScored,
    'scoring.rebuildContactsPerSecond': round(contacts / rebuildSeconds, 1),
  };
}
