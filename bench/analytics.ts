import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '#infra/local/create-table';
import { newCampaign } from '#shared/domain/campaign';
import { type Applied, type AttributionFacts, contributionsOf, countersDelta } from '#shared/domain/campaign-analytics';
import { CampaignRepository } from '#shared/store/campaign-repository';
import { createDocumentClient, type TableRef } from '#shared/store/dynamo-client';
import { keys } from '#shared/store/keys';
import { counterUpdates, StatsRepository } from '#shared/store/stats-repository';
import { campaignAnalytics } from '#shared/use-cases/campaign-analytics';
import { median, prng, round } from './stats';
import { writeAll } from './write-all';

const DAY = 86_400_000;
const YEAR_START = Date.UTC(2026, 0, 1);
const SOURCES: Array<[string, string | undefined]> = [
  ['google', 'cpc'],
  ['linkedin', 'paid-social'],
  ['newsletter', 'email'],
  ['messe-website', undefined],
  ['partner-list', 'import'],
  ['bing', 'cpc'],
  ['xing', 'paid-social'],
  ['direct', undefined],
];

/**
 * `analytics.readMs`: the median time to answer one campaign's analytics over a year with `leads`
 * leads behind it, against DynamoDB Local (aim: under 50 ms). The counters are what the contacts'
 * contributions add up to (computed with the production code, written as the rows it maintains); the
 * contacts' touchpoints are stored too, for the baseline: counting the same leads without counters, by
 * a Scan of the table (what "no scan on the read path" avoids), measured in the same run.
 */
export async function benchAnalytics(leads: number): Promise<Record<string, number>> {
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? '';
  const raw = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(raw, 'bench-analytics');
  const table: TableRef = {
    client: createDocumentClient({ AWS_REGION: 'eu-central-1', DYNAMODB_ENDPOINT: endpoint }, { maxAttempts: 10 }),
    tableName: 'bench-analytics',
  };
  const campaigns = new CampaignRepository(table);
  const campaign = newCampaign(
    { name: 'Bench fair', channel: 'fair', startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-12-31T23:59:59Z', costMinor: 25_000_000, currency: 'EUR' },
    `bench-campaign-${Date.now()}`,
    new Date(YEAR_START),
  );
  await campaigns.create(campaign);

  const random = prng(7);
  const rows = new Map<string, Record<string, unknown>>();
  const touchpoints: Array<Record<string, unknown>> = [];
  for (let index = 0; index < leads; index += 1) {
    const contactId = `bench-lead-${index}`;
    const touchedAt = YEAR_START + Math.floor(random() * 365 * DAY);
    const [source, medium] = SOURCES[Math.floor(random() * SOURCES.length)]!;
    const touch = { id: `tp-${index}`, at: new Date(touchedAt).toISOString(), campaignId: campaign.id, source, ...(medium ? { medium } : {}) };
    const facts: AttributionFacts = {
      touchpoints: [touch],
      proofs: random() < 0.6 ? [{ at: new Date(touchedAt + random() * 3 * DAY).toISOString(), status: 'granted', method: 'double_opt_in' }] : [],
      orders:
        random() < 0.08
          ? [
              {
                orderId: `o-${index}`,
                orderedAt: new Date(touchedAt + random() * 60 * DAY).toISOString(),
                amountMinor: 1_000 + Math.floor(random() * 200_000),
                currency: 'EUR',
              },
            ]
          : [],
    };
    addShare(rows, contributionsOf(facts));
    touchpoints.push({
      ...keys.timelineEntry(contactId, touch.at, touch.id),
      type: 'touchpoint',
      contactId,
      kind: 'form_submission',
      channel: 'fair',
      ...touch,
    });
  }
  for (let day = 0; day < 365; day += 1) {
    const sent = 2_000 + Math.floor(random() * 500);
    const at = new Date(YEAR_START + day * DAY).toISOString().slice(0, 10);
    const key = keys.campaignStats(campaign.id, at);
    rows.set(key.sk, {
      ...key,
      type: 'campaign-stats',
      ...rows.get(key.sk),
      email_sent: sent,
      email_delivered: sent - 40,
      email_opened: Math.floor(sent * 0.3),
      email_clicked: Math.floor(sent * 0.05),
      email_bounced: 40,
      email_complained: 1,
      email_unsubscribed: 6,
    });
  }
  await writeAll(table, [...rows.values(), ...touchpoints]);

  const ports = { campaigns, stats: new StatsRepository(table), clock: { now: () => new Date() } };
  const query = { from: '2026-01-01', to: '2026-12-31', attribution: 'first_touch' as const };
  const check = await campaignAnalytics(ports, campaign.id, query);
  if (check.leads !== leads) throw new Error(`the counters hold ${check.leads} leads, not ${leads}`);
  const reads: number[] = [];
  for (let run = 0; run < 40; run += 1) {
    const started = performance.now();
    await campaignAnalytics(ports, campaign.id, { ...query, attribution: run % 2 ? 'last_touch' : 'first_touch' });
    reads.push(performance.now() - started);
  }
  const scans: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    const started = performance.now();
    const counted = await countLeadsByScan(table, campaign.id);
    scans.push(performance.now() - started);
    if (counted !== leads) throw new Error(`the scan counted ${counted} leads, not ${leads}`);
  }
  const readMs = median(reads);
  const scanMs = median(scans);
  return {
    'analytics.readMs': round(readMs, 1),
    'analytics.counterItems': rows.size,
    'analytics.scanBaselineMs': round(scanMs, 0),
    'analytics.readVsScan': round(readMs / scanMs, 4),
  };
}

/** The counter items after every contact added its share, as StatsRepository writes them (day, day×source, month×source). */
function addShare(rows: Map<string, Record<string, unknown>>, share: Applied): void {
  for (const { key, describe, changes } of counterUpdates(countersDelta({}, share))) {
    const item = rows.get(key.sk) ?? { ...key, type: 'campaign-stats', ...describe };
    for (const [name, change] of Object.entries(changes)) item[name] = ((item[name] as number | undefined) ?? 0) + change;
    rows.set(key.sk, item);
  }
}

/** The baseline: the leads of one campaign counted from the touchpoints themselves, by scanning the table. */
async function countLeadsByScan(table: TableRef, campaignId: string): Promise<number> {
  const contacts = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({
        TableName: table.tableName,
        FilterExpression: '#type = :touchpoint AND campaignId = :campaign',
        ProjectionExpression: 'contactId',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':touchpoint': 'touchpoint', ':campaign': campaignId },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) contacts.add(String(item.contactId));
    start = page.LastEvaluatedKey;
  } while (start);
  return contacts.size;
}
