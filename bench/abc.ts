import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '#infra/local/create-table';
import { abcPeriodMonths, classifyAccounts, DEFAULT_ABC_THRESHOLDS, periodRevenue } from '#shared/domain/abc-classification';
import { type Contact, emptyContact } from '#shared/domain/contact';
import { inParallel } from '#shared/in-parallel';
import { AbcRepository } from '#shared/store/abc-repository';
import { contactProfileItem } from '#shared/store/contact-repository';
import { createDocumentClient, type TableRef } from '#shared/store/dynamo-client';
import { keys } from '#shared/store/keys';
import { SegmentRepository } from '#shared/store/segment-repository';
import { SettingsRepository } from '#shared/store/settings-repository';
import { ABC_SCAN_ATTRIBUTES, recomputeAbc } from '#shared/use-cases/recompute-abc';
import { prng, round } from './stats';
import { writeAll } from './write-all';

/** As the abc-run function: the segment runner's scan workers, 32 class writes in flight. */
const OPTIONS = { workers: 8, writeConcurrency: 32, leaseMs: 15 * 60_000 };
/** Share of the contacts whose orders change between the first run and the measured recompute (a day of orders). */
const CHANGED_SHARE = 0.01;

/**
 * Contacts with orders in the period, revenue Pareto-like (a few large buyers, many small ones), a quarter
 * of them in companies of about 5 people; companies as the repository writes them (with their listing key).
 */
function abcData(count: number, seed = 16): { contacts: Contact[]; companies: Array<Record<string, unknown>> } {
  const random = prng(seed);
  const now = new Date();
  const months = abcPeriodMonths(now);
  const companyCount = Math.max(1, Math.floor(count / 20));
  const companies = Array.from({ length: companyCount }, (_, index) => {
    const id = `bench-abc-co-${index}`;
    return {
      ...keys.company(id),
      gsi1pk: keys.listing('COMPANY'),
      gsi1sk: `bench abc ${index}#${id}`,
      type: 'company',
      id,
      name: `Bench ABC ${index}`,
      createdAt: now.toISOString(),
    };
  });
  const contacts = Array.from({ length: count }, (_, index) => {
    const id = `bench-abc-${index}`;
    const amount = Math.round(1000 / (random() ** 1.5 + 0.001));
    const month = months[Math.floor(random() * months.length)] ?? '';
    return {
      ...emptyContact(id, `${id}@example.de`, `${id}@example.de`, 'erp', now),
      version: 1,
      lastName: `Käufer${index}`,
      ...(random() < 0.25 ? { companyId: `bench-abc-co-${Math.floor(random() * companyCount)}` } : {}),
      orders: { count: 1, totalMinor: amount, currency: 'EUR', firstAt: now.toISOString(), lastAt: now.toISOString(), byMonth: { [month]: amount } },
    };
  });
  return { contacts, companies };
}

/**
 * `abc.recomputeMs`: one ABC run over `contactCount` contacts with orders, classified before, after a day
 * in which 1 % of them ordered again (what the daily schedule does); `abc.recomputeRatio`: that over one
 * plain parallel Scan of the same attributes in the same run (1 = classification and writes are free).
 * `abc.unchangedRunMs`: a run over the seeded, already classified contacts (it writes nothing).
 */
export async function benchAbc(contactCount: number): Promise<Record<string, number>> {
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? '';
  const raw = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(raw, 'bench-abc');
  raw.destroy();
  const table: TableRef = {
    client: createDocumentClient({ AWS_REGION: 'eu-central-1', DYNAMODB_ENDPOINT: endpoint }, { maxAttempts: 10 }),
    tableName: 'bench-abc',
  };
  const { contacts, companies } = abcData(contactCount);
  // Seeded as a first run would leave them (classified by the same pure function the run uses), so the bench
  // measures the daily run rather than waiting for a one-off write of every profile; the first run below
  // checks that it finds nothing to write (it would throw on a disagreement).
  const months = abcPeriodMonths(new Date());
  const { classOf } = classifyAccounts(
    contacts.map((contact) => ({
      account: contact.companyId ? `company:${contact.companyId}` : `contact:${contact.id}`,
      currency: contact.orders.currency ?? 'EUR',
      revenueMinor: periodRevenue(contact.orders.byMonth, months),
    })),
    DEFAULT_ABC_THRESHOLDS,
  );
  const classified = contacts.map((contact) => ({
    ...contact,
    abc: classOf.get(contact.companyId ? `company:${contact.companyId}` : `contact:${contact.id}`) ?? 'none',
  }));
  const seedStarted = performance.now();
  await writeAll(table, [
    ...companies.map((company) => ({ ...company, abc: classOf.get(`company:${String(company.id)}`) ?? 'none' })),
    ...classified.map((contact) => contactProfileItem(contact as Contact)),
  ]);
  console.log(`abc: ${contactCount} classified contacts seeded in ${Math.round(performance.now() - seedStarted)} ms`);
  const facts = new SegmentRepository(table);
  let id = 0;
  const ports = {
    abc: new AbcRepository(table),
    facts,
    settings: new SettingsRepository(table),
    clock: { now: () => new Date() },
    newId: () => `bench-run-${++id}`,
  };

  const first = await recomputeAbc(ports, {}, OPTIONS);
  if (first.skipped) throw new Error('the first ABC run was skipped');
  if (first.written.contacts + first.written.companies > 0)
    throw new Error(`the run disagreed with the seeded classes: it wrote ${first.written.contacts} contacts and ${first.written.companies} companies`);

  // A day of orders: 1 % of the contacts order for 100.00 this month (instead of what they had).
  const month = abcPeriodMonths(new Date())[11] ?? '';
  const random = prng(17);
  const changed = contacts.filter(() => random() < CHANGED_SHARE);
  await inParallel(changed, 16, async (contact) => {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.contact(contact.id),
        UpdateExpression: 'SET orders.byMonth = :months ADD version :one',
        ExpressionAttributeValues: { ':months': { [month]: 10_000 }, ':one': 1 },
      }),
    );
  });

  let seen = 0;
  const plainStarted = performance.now();
  await facts.scanAllFacts({ attributes: ABC_SCAN_ATTRIBUTES, workers: OPTIONS.workers }, async (page) => {
    seen += page.length;
  });
  const scanMs = performance.now() - plainStarted;
  if (seen < contactCount) throw new Error(`the plain scan read ${seen} of ${contactCount} contacts`);

  const recomputeStarted = performance.now();
  const again = await recomputeAbc(ports, {}, OPTIONS);
  const recomputeMs = performance.now() - recomputeStarted;
  if (again.skipped || again.contacts < contactCount) throw new Error('the recompute did not read every contact');
  return {
    'abc.contacts': contactCount,
    'abc.unchangedRunMs': first.durationMs,
    'abc.scanMs': Math.round(scanMs),
    'abc.recomputeMs': Math.round(recomputeMs),
    'abc.recomputeWrites': again.written.contacts + again.written.companies,
    'abc.recomputeRatio': round(recomputeMs / scanMs, 2),
  };
}
