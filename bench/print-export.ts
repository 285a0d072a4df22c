import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '#infra/local/create-table';
import { newCampaign } from '#shared/domain/campaign';
import { emptyContact } from '#shared/domain/contact';
import { printCsvHeader, printCsvLine } from '#shared/domain/print-list-csv';
import { newSegment } from '#shared/domain/segment';
import { CampaignRepository } from '#shared/store/campaign-repository';
import { CompanyRepository } from '#shared/store/company-repository';
import { ContactRepository, contactProfileItem } from '#shared/store/contact-repository';
import { createDocumentClient, type TableRef } from '#shared/store/dynamo-client';
import { keys } from '#shared/store/keys';
import { SegmentRepository } from '#shared/store/segment-repository';
import { exportPrintList } from '#shared/use-cases/export-print-list';
import { createS3Client } from '#shared/files/s3-uploads';
import { S3Exports } from '#shared/files/s3-exports';
import { startS3Local } from '#infra/local/s3-local';
import { PrintExportRepository } from '#shared/store/print-export-repository';
import { runPrintExport } from '#shared/use-cases/run-print-export';
import { prng, round } from './stats';
import { writeAll } from './write-all';

const STREETS = ['Hauptstraße', 'Bahnhofstraße', 'Industriestraße', 'Am Markt', 'Lindenallee'];
const CITIES = [
  ['30159', 'Hannover'],
  ['70565', 'Stuttgart'],
  ['80331', 'München'],
  ['20095', 'Hamburg'],
] as const;

/**
 * The print export of a segment of `members` people (BENCH_PRINT_MEMBERS, 100,000 by default): rows per
 * second through the whole use case (members page by page, profiles batch-read, a touchpoint and the
 * profile's last touch written for each listed person, each CSV line built) and the peak RSS growth
 * during it, sampled every 20 ms, which stays flat when the list streams. 8 % of the people block post
 * and 4 % have no address, as in a real list. Then the background path for a second print campaign
 * (touches written again): print-export-run's use case streaming the CSV by multipart upload to the
 * S3 stand-in (BENCH_S3_PORT, 4599), its rows per second, peak RSS growth, and how many members one
 * 15-minute run lists at that rate.
 */
export async function benchPrintExport(members: number): Promise<Record<string, number>> {
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? '';
  const tableName = `bench-print-${Date.now()}`;
  const raw = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(raw, tableName);
  raw.destroy();
  const table: TableRef = { client: createDocumentClient({ AWS_REGION: 'eu-central-1', DYNAMODB_ENDPOINT: endpoint }, { maxAttempts: 10 }), tableName };
  const random = prng(7);
  const now = new Date();
  const segment = {
    ...newSegment({ name: 'Katalog', rule: { field: 'tags', op: 'eq', value: 'katalog' }, schedule: 'off' }, 'bench-print-segment', now),
    memberCount: members,
  };
  const campaign = newCampaign({ name: 'Katalog Frühjahr', channel: 'print' }, 'bench-print-campaign', now);
  const segments = new SegmentRepository(table);
  await segments.create(segment);
  await new CampaignRepository(table).create(campaign);
  const items: Record<string, unknown>[] = [];
  for (let index = 0; index < members; index += 1) {
    const id = `bench-print-${index}`;
    const [postalCode, city] = CITIES[index % CITIES.length] ?? CITIES[0];
    const roll = random();
    const contact = {
      ...emptyContact(id, `${id}@example.de`, `${id}@example.de`, 'fair', now),
      version: 1,
      firstName: 'Erika',
      lastName: `Mustermann ${index}`,
      tags: ['katalog'],
      ...(roll < 0.04 ? {} : { address: { street: `${STREETS[index % STREETS.length]} ${1 + (index % 120)}`, postalCode, city, country: 'DE' } }),
      ...(roll > 0.92 ? { channels: { post: { status: 'blocked' as const, at: now.toISOString(), method: 'import' as const, source: 'import:bench' } } } : {}),
    };
    items.push(contactProfileItem(contact), { ...keys.segmentMember(segment.id, id), type: 'segment-member', contactId: id, enteredAt: now.toISOString() });
  }
  await writeAll(table, items);
  items.length = 0;

  const ports = {
    segments,
    campaigns: new CampaignRepository(table),
    contacts: new ContactRepository(table),
    companies: new CompanyRepository(table),
    clock: { now: () => new Date() },
  };
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  let bytes = printCsvHeader().length;
  const started = performance.now();
  const counts = await exportPrintList(ports, { segmentId: segment.id, campaignId: campaign.id }, (row) => {
    // The sink only counts: what is measured is the use case, not a file system.
    bytes += printCsvLine(row).length;
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const background = await benchBackgroundExport(ports, table, segment.id, now);
  return {
    ...background,
    'printExport.members': members,
    'printExport.exported': counts.exported,
    'printExport.rowsPerSecond': round(members / seconds, 0),
    'printExport.peakRssMb': round((peak - baseline) / 1_048_576, 1),
    'printExport.csvMb': round(bytes / 1_048_576, 2),
  };
}

/** The background path: a queued export run to done, its file uploaded to the S3 stand-in. */
async function benchBackgroundExport(
  ports: Parameters<typeof exportPrintList>[0],
  table: TableRef,
  segmentId: string,
  now: Date,
): Promise<Record<string, number>> {
  const s3 = await startS3Local({ port: Number(process.env.BENCH_S3_PORT ?? 4599), bucket: 'bench-print-exports' });
  try {
    const campaign = newCampaign({ name: 'Katalog Herbst', channel: 'print' }, 'bench-print-campaign-async', now);
    await new CampaignRepository(table).create(campaign);
    const jobs = new PrintExportRepository(table);
    const members = (await ports.segments.get(segmentId))?.memberCount ?? 0;
    await jobs.create({
      exportId: 'bench-print-async',
      segmentId,
      campaignId: campaign.id,
      status: 'queued',
      memberCount: members,
      fileName: 'bench.csv',
      createdAt: now.toISOString(),
    });
    const files = new S3Exports(createS3Client({ AWS_REGION: 'eu-central-1', S3_ENDPOINT: s3.endpoint }), s3.bucket);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    await runPrintExport({ ...ports, jobs, files }, 'bench-print-async');
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const done = await jobs.get('bench-print-async');
    const rate = members / seconds;
    return {
      'printExportAsync.exported': done?.counts?.exported ?? 0,
      'printExportAsync.rowsPerSecond': round(rate, 0),
      'printExportAsync.peakRssMb': round((Math.max(peak, process.memoryUsage().rss) - baseline) / 1_048_576, 1),
      'printExportAsync.membersPer15MinRun': round(rate * 14 * 60, 0),
    };
  } finally {
    await s3.stop();
  }
}
