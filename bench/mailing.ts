import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { MAIL_SENDERS } from '#infra/functions';
import { ensureTable } from '#infra/local/create-table';
import type { DeadLetters } from '#infra/local/dead-letters';
import { createLocalQueues, type LocalQueues } from '#infra/local/local-queue';
import { freePort } from '#infra/local/ports';
import { newMailing } from '#shared/domain/mailing';
import { createSqsClient, SqsRecipientQueue } from '#shared/mail/sqs-recipient-queue';
import { createDocumentClient, type TableRef } from '#shared/store/dynamo-client';
import { keys } from '#shared/store/keys';
import { MailingRepository } from '#shared/store/mailing-repository';
import { repositoriesFor } from '#shared/container';
import { prepareMailing } from '#shared/use-cases/prepare-mailing';
import { round } from './stats';
import { writeAll } from './write-all';

const ROOT = new URL('..', import.meta.url).pathname;
const TOPIC = 'newsletter';

/** `count` contacts in one segment; `grantedShare` of them agreed to the newsletter, the rest are pending or never asked. */
async function seedSegment(table: TableRef, segmentId: string, count: number, grantedShare: number, runId: string): Promise<string[]> {
  const at = new Date().toISOString();
  const emails: string[] = [];
  const items: Array<Record<string, unknown>> = [];
  for (let index = 0; index < count; index += 1) {
    const id = `${runId}-${index}`;
    const email = `bench-${runId}-${index}@example.de`;
    emails.push(email);
    const status = index < count * grantedShare ? 'granted' : index % 2 ? 'pending' : undefined;
    items.push({
      ...keys.contact(id),
      ...keys.contactFacts(id),
      type: 'contact',
      id,
      email,
      emailNormalised: email,
      firstName: 'Jörg',
      createdAt: at,
      updatedAt: at,
      version: 1,
      source: 'web',
      consents: status ? { [TOPIC]: { status, at } } : {},
      tags: [],
      score: 0,
      orders: { count: 0, totalMinor: 0 },
      activity: {},
      segments: { [segmentId]: at },
    });
    items.push({ ...keys.segmentMember(segmentId, id), type: 'segment-member', contactId: id, enteredAt: at });
  }
  await writeAll(table, items);
  return emails;
}

async function aSendingMailing(table: TableRef, segmentId: string, subject: string) {
  const repos = repositoriesFor(table);
  const at = new Date().toISOString();
  const templateId = `t-${randomUUID()}`;
  await repos.templates.create({
    id: templateId,
    name: subject,
    subject,
    html: '<p>Hallo {{firstName|zusammen}}</p><a href="{{unsubscribeUrl}}">Abmelden</a>',
    createdAt: at,
    updatedAt: at,
  });
  const mailing = newMailing(
    { name: subject, campaignId: 'bench', segmentId, topic: TOPIC, templateId, from: 'news@example.de' },
    `m-${randomUUID()}`,
    new Date(),
  );
  await repos.mailings.create(mailing);
  await repos.mailings.changeStatus(mailing, 'sending', new Date(), { startedAt: at });
  return { mailing, repos };
}

/** The local SQS stand-in behind the SQS API, as the preparer talks to it in AWS. */
async function sqsEndpoint(queues: LocalQueues) {
  const port = await freePort();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = queues.handle(String(req.headers['x-amz-target']), JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
    res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    queue: new SqsRecipientQueue(createSqsClient({ AWS_REGION: 'eu-central-1', SQS_ENDPOINT: endpoint }), `${endpoint}/000000000000/mail`, 'recipient batches'),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * `mailing.rateAdherence`: the production sender (functions/mail-sender through the local queue with
 * the manifest's concurrency, its pacer sized from the SES stand-in's GetAccount: 200/s) sends to
 * `mails` granted recipients; achieved rate ÷ 200, with duplicates and losses counted in the stand-in.
 * `mailing.recipientsPerSecondPrep`: the preparer snapshots, checks and queues a 100k segment (70 %
 * granted) into the local SQS; its ratio to a plain Query of the same member list is the cost of checking.
 */
export async function benchMailing(mails: number, prepContacts: number): Promise<Record<string, number>> {
  const endpoint = process.env.DYNAMODB_ENDPOINT!;
  const raw = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(raw, 'bench-mailing');
  raw.destroy();
  // The sender's handler reads the table from the environment, as in Lambda.
  process.env.TABLE_NAME = 'bench-mailing';
  process.env.MAIL_SENDER_CONCURRENCY = String(MAIL_SENDERS);
  const table: TableRef = {
    client: createDocumentClient({ AWS_REGION: 'eu-central-1', DYNAMODB_ENDPOINT: endpoint }, { maxAttempts: 10 }),
    tableName: 'bench-mailing',
  };

  // Rate adherence.
  const rateSegment = `seg-rate-${randomUUID()}`;
  const emails = await seedSegment(table, rateSegment, mails, 1, 'rate');
  const subject = `Bench ${randomUUID()}`;
  const { mailing } = await aSendingMailing(table, rateSegment, subject);
  const deadLetters: DeadLetters = [];
  const queues = createLocalQueues({ rootDir: ROOT, deadLetters });
  const sqs = await sqsEndpoint(queues);
  const repos = repositoriesFor(table);
  await prepareMailing({ ...repos, queue: sqs.queue, clock: { now: () => new Date() } }, mailing.id);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await queues.drained('mail', 10 * 60_000);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (process.env.BENCH_DEBUG) console.log('node cpu share while sending', (cpu.user + cpu.system) / 1e6 / seconds);
  queues.stop();
  await sqs.close();
  const store = (await (await fetch(`${process.env.SES_ENDPOINT}/store`)).json()) as { emails: Array<{ subject: string; destination: { to: string[] } }> };
  const perRecipient = new Map<string, number>();
  for (const sent of store.emails)
    if (sent.subject === subject) perRecipient.set(sent.destination.to[0]!, (perRecipient.get(sent.destination.to[0]!) ?? 0) + 1);
  const duplicates = [...perRecipient.values()].reduce((sum, count) => sum + count - 1, 0);
  const lost = emails.filter((email) => !perRecipient.has(email)).length;
  const stored = await new MailingRepository(table).get(mailing.id);
  if (stored?.counts.sent !== mails || stored.status !== 'sent' || deadLetters.length > 0)
    throw new Error(`the benchmark mailing did not finish cleanly: ${JSON.stringify(stored?.counts)} ${stored?.status}, ${deadLetters.length} dead letters`);
  const maxRate = 200;

  // Preparation throughput, against a plain read of the same member list.
  const prepSegment = `seg-prep-${randomUUID()}`;
  await seedSegment(table, prepSegment, prepContacts, 0.7, 'prep');
  const readStarted = performance.now();
  let start: Record<string, unknown> | undefined;
  let members = 0;
  do {
    const page = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.segmentMembers(prepSegment) },
        Limit: 1000,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    members += page.Items?.length ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  const readSeconds = (performance.now() - readStarted) / 1000;
  const holdOnly = createLocalQueues({ rootDir: ROOT, deadLetters: [], consume: false });
  const prepSqs = await sqsEndpoint(holdOnly);
  const { mailing: prepMailing } = await aSendingMailing(table, prepSegment, `Prep ${randomUUID()}`);
  const prepStarted = performance.now();
  const result = await prepareMailing({ ...repos, queue: prepSqs.queue, clock: { now: () => new Date() } }, prepMailing.id);
  const prepSeconds = (performance.now() - prepStarted) / 1000;
  holdOnly.stop();
  await prepSqs.close();
  if (result.recipients !== prepContacts || members !== prepContacts) throw new Error(`prepared ${result.recipients} of ${prepContacts}`);

  return {
    'mailing.rateAdherence': round(mails / seconds / maxRate, 3),
    'mailing.achievedPerSecond': round(mails / seconds, 1),
    'mailing.duplicates': duplicates,
    'mailing.lost': lost,
    'mailing.recipientsPerSecondPrep': Math.round(prepContacts / prepSeconds),
    'mailing.prepVsMemberRead': round(prepSeconds / readSeconds, 2),
  };
}
