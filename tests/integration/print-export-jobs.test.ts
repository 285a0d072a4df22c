import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { newId, systemClock } from '#shared/container';
import { newCampaign } from '#shared/domain/campaign';
import type { Contact } from '#shared/domain/contact';
import { newSegment } from '#shared/domain/segment';
import { PrintExportRepository } from '#shared/store/print-export-repository';
import { SYNC_PRINT_EXPORT_MEMBERS } from '#shared/use-cases/export-print-list';
import { type ExportFiles, failPrintExport, queuePrintExport, runPrintExport, viewPrintExport } from '#shared/use-cases/run-print-export';
import { runSegments } from '#shared/use-cases/run-segments';
import { aContact } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

type Repos = Awaited<ReturnType<typeof testRepositories>>;

const ADDRESS = { street: 'Hauptstraße 5', postalCode: '30159', city: 'Hannover', country: 'DE' };

/** Export files kept in memory (the S3 side is covered by the e2e test against the S3 stand-in). */
function filesInMemory(options: { failAfterWrites?: number } = {}) {
  const stored = new Map<string, string>();
  const aborted: string[] = [];
  const files: ExportFiles = {
    create(key) {
      let text = '';
      let writes = 0;
      return {
        write: async (chunk) => {
          writes += 1;
          if (options.failAfterWrites !== undefined && writes > options.failAfterWrites) throw new Error('mock: the upload fails');
          text += chunk;
        },
        done: async () => {
          stored.set(key, text);
        },
        abort: async () => {
          aborted.push(key);
        },
      };
    },
    downloadUrl: async (key, fileName, seconds) => `https://files.test/${key}?name=${fileName}&expires=${seconds}`,
  };
  return { files, stored, aborted };
}

describe('background print exports on DynamoDB Local', () => {
  let repos: Repos;
  let jobs: PrintExportRepository;
  let queued: string[];
  let queuePorts: Parameters<typeof queuePrintExport>[0];

  beforeEach(async () => {
    repos = await testRepositories();
    jobs = new PrintExportRepository(repos.table);
    queued = [];
    queuePorts = { ...repos, jobs, queue: { enqueue: async (exportId) => void queued.push(exportId) }, clock: systemClock, newId };
  });

  async function aPrintCampaign(channel: 'print' | 'fair' = 'print'): Promise<string> {
    const campaign = newCampaign({ name: `Katalog ${randomUUID()}`, channel }, `c-${randomUUID()}`, new Date('2026-01-01T00:00:00Z'));
    await repos.campaigns.create(campaign);
    return campaign.id;
  }

  async function aSegmentOf(people: Contact[]): Promise<string> {
    const tag = `print-${randomUUID().slice(0, 8)}`;
    for (const person of people) await repos.contacts.update({ ...person, tags: [tag] });
    const segment = newSegment({ name: `Print ${tag}`, rule: { field: 'tags', op: 'eq', value: tag }, schedule: 'daily' }, newId(), new Date());
    await repos.segments.create(segment);
    await runSegments({ segments: repos.segments, clock: systemClock, newId }, { segmentIds: [segment.id] }, { workers: 2, leaseMs: 60_000 });
    return segment.id;
  }

  const aPerson = (overrides: Partial<Contact> = {}) =>
    repos.contacts.create(aContact({ firstName: 'Anna', lastName: `Weiß-${randomUUID().slice(0, 6)}`, ...overrides }));

  it('queues a segment above the synchronous limit, and answers a small one synchronously unless asked', async () => {
    const campaignId = await aPrintCampaign();
    const large = {
      ...newSegment({ name: 'Groß', rule: { field: 'tags', op: 'eq', value: 'x' }, schedule: 'daily' }, newId(), new Date()),
      memberCount: SYNC_PRINT_EXPORT_MEMBERS + 1,
    };
    await repos.segments.create(large);
    const small = await aSegmentOf([await aPerson({ address: ADDRESS })]);

    const answer = await queuePrintExport(queuePorts, { segmentId: large.id, campaignId, async: false });
    expect(answer).toEqual({ exportId: expect.any(String), status: 'queued' });
    expect(queued).toEqual([answer?.exportId]);
    expect(await jobs.get(answer?.exportId ?? '')).toMatchObject({
      status: 'queued',
      segmentId: large.id,
      campaignId,
      memberCount: SYNC_PRINT_EXPORT_MEMBERS + 1,
    });

    expect(await queuePrintExport(queuePorts, { segmentId: small, campaignId, async: false })).toBeUndefined();
    expect(queued).toHaveLength(1);
    expect(await queuePrintExport(queuePorts, { segmentId: small, campaignId, async: true })).toMatchObject({ status: 'queued' });
    expect(queued).toHaveLength(2);
  });

  it('refuses to queue for a campaign that is not print (naming campaignId) or an unknown segment, writing nothing', async () => {
    const segmentId = await aSegmentOf([await aPerson({ address: ADDRESS })]);
    await expect(queuePrintExport(queuePorts, { segmentId, campaignId: await aPrintCampaign('fair'), async: true })).rejects.toMatchObject({
      kind: 'invalid',
      issues: [expect.objectContaining({ path: 'campaignId' })],
    });
    await expect(queuePrintExport(queuePorts, { segmentId: 'nope', campaignId: await aPrintCampaign(), async: true })).rejects.toMatchObject({
      kind: 'not_found',
    });
    expect(queued).toEqual([]);
  });

  it('runs a queued export to done: the CSV with BOM and rows, the counts, one touch per person, and a second run does nothing', async () => {
    const listed = await aPerson({ address: ADDRESS });
    const homeless = await aPerson();
    const segmentId = await aSegmentOf([listed, homeless]);
    const campaignId = await aPrintCampaign();
    const { exportId = '' } = (await queuePrintExport(queuePorts, { segmentId, campaignId, async: true })) ?? {};
    const { files, stored } = filesInMemory();

    expect(await runPrintExport({ ...repos, jobs, files, clock: systemClock }, exportId)).toBe(true);
    expect(await runPrintExport({ ...repos, jobs, files, clock: systemClock }, exportId)).toBe(false);

    const text = stored.get(`exports/${exportId}.csv`) ?? '';
    expect(text.startsWith('\uFEFFname;company;street;addressLine2;postalCode;city;country\r\n')).toBe(true);
    expect(text.split('\r\n').slice(1, -1)).toEqual([`Anna ${listed.lastName};;Hauptstraße 5;;30159;Hannover;DE`]);
    const view = await viewPrintExport({ jobs, files, clock: systemClock }, exportId);
    expect(view).toMatchObject({
      status: 'done',
      counts: { exported: 1, excluded: { postBlocked: 0, noAddress: 1 } },
      downloadUrl: expect.stringContaining('expires=900'),
    });
    expect(Object.keys(view)).not.toEqual(expect.arrayContaining(['pk']));
    expect((await repos.contacts.getRecord(listed.id))?.touchpoints.filter((touch) => touch.kind === 'print_mailing')).toHaveLength(1);
  });

  it('aborts the file of a run that fails, keeps the export running for the retry, and marks it failed when the queue gives up', async () => {
    const segmentId = await aSegmentOf([await aPerson({ address: ADDRESS })]);
    const { exportId = '' } = (await queuePrintExport(queuePorts, { segmentId, campaignId: await aPrintCampaign(), async: true })) ?? {};
    const { files, aborted, stored } = filesInMemory({ failAfterWrites: 1 });

    await expect(runPrintExport({ ...repos, jobs, files, clock: systemClock }, exportId)).rejects.toThrow('mock: the upload fails');
    expect(aborted).toEqual([`exports/${exportId}.csv`]);
    expect(stored.size).toBe(0);
    expect((await jobs.get(exportId))?.status).toBe('running');

    await failPrintExport({ jobs, clock: systemClock }, exportId, 'The export could not be written; try again');
    const view = await viewPrintExport({ jobs, files, clock: systemClock }, exportId);
    expect(view).toMatchObject({ status: 'failed', error: 'The export could not be written; try again' });
    expect(view.downloadUrl).toBeUndefined();
    expect(await runPrintExport({ ...repos, jobs, files, clock: systemClock }, exportId)).toBe(false);
  });

  it('answers not found for an unknown export', async () => {
    await expect(viewPrintExport({ jobs, files: filesInMemory().files, clock: systemClock }, `nope-${randomUUID()}`)).rejects.toMatchObject({
      kind: 'not_found',
    });
  });
});
