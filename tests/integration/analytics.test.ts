import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { newId } from '#shared/container';
import { newCampaign } from '#shared/domain/campaign';
import type { Campaign } from '#shared/domain/campaign';
import type { Contact, Touchpoint } from '#shared/domain/contact';
import { ErasureRepository } from '#shared/store/erasure-repository';
import { campaignAnalytics } from '#shared/use-cases/campaign-analytics';
import { rebuildStats } from '#shared/use-cases/rebuild-stats';
import { refreshAttribution } from '#shared/use-cases/refresh-attribution';
import { recordOrder } from '#shared/use-cases/record-order';
import { aContact, aTouchpoint, movableClock } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

type Repos = Awaited<ReturnType<typeof testRepositories>>;

const YEAR = { from: '2026-01-01', to: '2026-12-31' };

async function aCampaign(repos: Repos, overrides: Partial<Parameters<typeof newCampaign>[0]> = {}): Promise<Campaign> {
  const campaign = newCampaign({ name: `Campaign ${randomUUID()}`, channel: 'fair', ...overrides }, `c-${randomUUID()}`, new Date('2026-01-01T00:00:00Z'));
  await repos.campaigns.create(campaign);
  return campaign;
}

async function aLead(repos: Repos, touches: Array<Partial<Omit<Touchpoint, 'contactId'>>>, overrides: Partial<Contact> = {}): Promise<Contact> {
  const contact = aContact(overrides);
  await repos.contacts.create(contact, { touchpoints: touches.map((touch) => ({ ...aTouchpoint(touch), contactId: contact.id })) });
  return contact;
}

function order(repos: Repos, contactId: string, orderedAt: string, amountMinor: number) {
  return recordOrder({ ...repos, clock: movableClock(), newId }, { orderId: `SO-${randomUUID()}`, contactId, amountMinor, currency: 'EUR', orderedAt });
}

const analytics = (repos: Repos, campaignId: string, attribution: 'first_touch' | 'last_touch' = 'first_touch', range = YEAR) =>
  campaignAnalytics({ ...repos, clock: movableClock() }, campaignId, { ...range, attribution });

describe('campaign counters on DynamoDB Local', () => {
  let repos: Repos;
  beforeEach(async () => {
    repos = await testRepositories();
  });

  it('counts a change once however often it is processed: three times in a row and five at the same time', async () => {
    const fair = await aCampaign(repos, { costMinor: 30_000, currency: 'EUR' });
    const lead = await aLead(repos, [{ at: '2026-03-02T10:00:00.000Z', kind: 'import', campaignId: fair.id, source: 'messe' }]);
    await order(repos, lead.id, '2026-03-20T10:00:00.000Z', 12_500);

    for (let run = 0; run < 3; run += 1) await refreshAttribution(repos, lead.id);
    await Promise.all(Array.from({ length: 5 }, () => refreshAttribution(repos, lead.id)));

    expect(await analytics(repos, fair.id)).toMatchObject({
      leads: 1,
      newContacts: 1,
      customers: 1,
      revenueMinor: 12_500,
      costMinor: 30_000,
      costPerLead: 30_000,
      conversionRate: 1,
    });
    expect((await refreshAttribution(repos, lead.id)).changed).toBe(false);
  });

  it('follows the facts: a fair scan imported after the web form moves first-touch credit, and the ad gives it back', async () => {
    const fair = await aCampaign(repos, { channel: 'fair' });
    const ads = await aCampaign(repos, { channel: 'ad' });
    const lead = await aLead(repos, [{ at: '2026-04-01T09:00:00.000Z', kind: 'form_submission', campaignId: ads.id, source: 'google', medium: 'cpc' }]);
    await order(repos, lead.id, '2026-04-05T10:00:00.000Z', 40_000);
    await refreshAttribution(repos, lead.id);
    expect(await analytics(repos, ads.id)).toMatchObject({ leads: 1, newContacts: 1, customers: 1, revenueMinor: 40_000 });

    // The fair's list arrives a week later with a scan from March: she was the fair's lead first.
    const current = await repos.contacts.get(lead.id);
    await repos.contacts.update(
      { ...current!, updatedAt: new Date().toISOString() },
      { touchpoints: [{ ...aTouchpoint({ at: '2026-03-03T11:00:00.000Z', kind: 'import', campaignId: fair.id, source: 'messe' }), contactId: lead.id }] },
    );
    await refreshAttribution(repos, lead.id);

    expect(await analytics(repos, fair.id)).toMatchObject({ leads: 1, newContacts: 1, customers: 1, revenueMinor: 40_000 });
    expect(await analytics(repos, ads.id)).toMatchObject({ leads: 1, newContacts: 0, customers: 0, revenueMinor: 0 });
    // Under last touch the ad click before the order keeps the customer.
    expect(await analytics(repos, ads.id, 'last_touch')).toMatchObject({ customers: 1, revenueMinor: 40_000 });
    expect(await analytics(repos, fair.id, 'last_touch')).toMatchObject({ customers: 0, revenueMinor: 0 });
  });

  it("keeps an erased person's share in the counters, anonymously, and moves nothing for them afterwards", async () => {
    const fair = await aCampaign(repos);
    const lead = await aLead(repos, [{ at: '2026-05-01T09:00:00.000Z', campaignId: fair.id, source: 'messe' }]);
    await refreshAttribution(repos, lead.id);
    const erasure = new ErasureRepository(repos.table);
    await erasure.deleteKeys(await erasure.partitionKeys(lead.id));

    expect(await refreshAttribution(repos, lead.id)).toEqual({ changed: false });
    expect((await analytics(repos, fair.id)).leads).toBe(1);
    // The counters never name the person; their applied share went with the partition.
    const items = await repos.table.scanAll();
    expect(items.filter((item) => String(item.pk).startsWith('STATS#') && JSON.stringify(item).includes(lead.id))).toEqual([]);
    expect(items.filter((item) => item.pk === `CONTACT#${lead.id}`)).toEqual([]);
  });

  it('moves a share larger than one transaction (150 order days) in several, exactly, and nothing on the next run', async () => {
    const fair = await aCampaign(repos);
    const lead = await aLead(repos, [{ at: '2026-01-01T08:00:00.000Z', campaignId: fair.id, source: 'messe' }]);
    const days = Array.from({ length: 150 }, (_, index) => new Date(Date.UTC(2026, 0, 2 + index, 12)).toISOString());
    for (const day of days) await order(repos, lead.id, day, 100);

    expect(await refreshAttribution(repos, lead.id)).toEqual({ changed: true });
    const report = await analytics(repos, fair.id);
    expect(report).toMatchObject({ leads: 1, customers: 1, revenueMinor: 15_000 });
    expect(report.byDay.filter((day) => day.revenueMinor === 100)).toHaveLength(150);
    expect(await refreshAttribution(repos, lead.id)).toEqual({ changed: false });
  });

  it('rebuilds the counters of contacts stored before any were kept, and a second rebuild moves nothing', async () => {
    const fair = await aCampaign(repos);
    const ads = await aCampaign(repos, { channel: 'ad' });
    const leads = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        aLead(repos, [{ at: `2026-06-${String(index + 1).padStart(2, '0')}T09:00:00.000Z`, campaignId: index % 3 === 0 ? ads.id : fair.id, source: 'messe' }]),
      ),
    );
    await order(repos, leads[1]!.id, '2026-07-01T10:00:00.000Z', 9_900);
    expect((await analytics(repos, fair.id)).leads).toBe(0);

    const first = await rebuildStats(repos, { workers: 3, concurrency: 4 });
    expect(first).toEqual({ contacts: 12, changed: 12 });
    expect(await analytics(repos, fair.id)).toMatchObject({ leads: 8, newContacts: 8, customers: 1, revenueMinor: 9_900 });
    expect((await analytics(repos, ads.id)).leads).toBe(4);
    expect(await rebuildStats(repos, { workers: 3, concurrency: 4 })).toEqual({ contacts: 12, changed: 0 });
    expect((await analytics(repos, fair.id)).leads).toBe(8);
  });

  it('reads only the days asked for: the first and last day of the range count, the days around them do not', async () => {
    const fair = await aCampaign(repos);
    for (const at of ['2026-03-31T23:59:59.999Z', '2026-04-01T00:00:00.000Z', '2026-04-30T23:59:59.999Z', '2026-05-01T00:00:00.000Z']) {
      const lead = await aLead(repos, [{ at, campaignId: fair.id, source: 'messe' }]);
      await refreshAttribution(repos, lead.id);
    }
    const april = await analytics(repos, fair.id, 'first_touch', { from: '2026-04-01', to: '2026-04-30' });
    expect(april.leads).toBe(2);
    expect(april.byDay).toHaveLength(30);
    expect((await analytics(repos, fair.id, 'first_touch', { from: '2026-05-01', to: '2026-05-01' })).leads).toBe(1);
    // A range over parts of three months reads months and edge days: each lead once, by source too.
    const spanning = await analytics(repos, fair.id, 'first_touch', { from: '2026-03-31', to: '2026-05-01' });
    expect(spanning.leads).toBe(4);
    expect(spanning.bySource).toEqual([expect.objectContaining({ source: 'messe', leads: 4 })]);
    expect((await analytics(repos, fair.id, 'first_touch', { from: '2026-04-01', to: '2026-04-30' })).bySource).toEqual([
      expect.objectContaining({ leads: 2 }),
    ]);
  });
});
