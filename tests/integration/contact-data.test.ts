import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { newId, systemClock } from '#shared/container';
import type { Address } from '#shared/domain/address';
import { type Campaign, newCampaign } from '#shared/domain/campaign';
import type { Contact } from '#shared/domain/contact';
import type { PrintRow } from '#shared/domain/print-export';
import { newSegment } from '#shared/domain/segment';
import { emailHasher } from '#shared/security/email-hash';
import { ErasureRepository } from '#shared/store/erasure-repository';
import { campaignAnalytics } from '#shared/use-cases/campaign-analytics';
import { exportPrintList } from '#shared/use-cases/export-print-list';
import { eraseContact, exportContact } from '#shared/use-cases/gdpr';
import { patchCompany, syncCompanyChannels } from '#shared/use-cases/manage-company';
import { patchContact } from '#shared/use-cases/manage-contact';
import { refreshAttribution } from '#shared/use-cases/refresh-attribution';
import { runSegments } from '#shared/use-cases/run-segments';
import { viewContact } from '#shared/use-cases/view-contact';
import { aContact, movableClock } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

type Repos = Awaited<ReturnType<typeof testRepositories>>;

const HANNOVER: Address = { street: 'Hauptstraße 5', postalCode: '30159', city: 'Hannover', country: 'DE' };
const STUTTGART: Address = { street: 'Industriestraße 1', postalCode: '70565', city: 'Stuttgart', country: 'DE' };

describe('contact data on DynamoDB Local', () => {
  let repos: Repos;
  let ports: Repos & { clock: typeof systemClock; newId: typeof newId };

  beforeEach(async () => {
    repos = await testRepositories();
    ports = { ...repos, clock: systemClock, newId };
  });

  async function aPerson(overrides: Partial<Contact> = {}): Promise<Contact> {
    return repos.contacts.create(aContact({ firstName: 'Anna', lastName: `Weiß-${randomUUID().slice(0, 6)}`, ...overrides }));
  }

  async function aCompany(name = `Weiß GmbH ${randomUUID()}`): Promise<string> {
    return repos.companies.ensure(name, newId, new Date());
  }

  async function aPrintCampaign(channel: Campaign['channel'] = 'print'): Promise<Campaign> {
    const campaign = newCampaign({ name: `Katalog ${randomUUID()}`, channel }, `c-${randomUUID()}`, new Date('2026-01-01T00:00:00Z'));
    await repos.campaigns.create(campaign);
    return campaign;
  }

  /** A segment of exactly these people (by tag), evaluated. */
  async function aSegmentOf(people: Contact[]): Promise<string> {
    const tag = `print-${randomUUID().slice(0, 8)}`;
    for (const person of people) {
      const current = await repos.contacts.get(person.id);
      if (!current) throw new Error('the person is missing');
      await repos.contacts.update({ ...current, tags: [...current.tags, tag] });
    }
    const segment = newSegment({ name: `Print ${tag}`, rule: { field: 'tags', op: 'eq', value: tag }, schedule: 'daily' }, newId(), new Date());
    await repos.segments.create(segment);
    await runSegments({ segments: repos.segments, clock: systemClock, newId }, { segmentIds: [segment.id] }, { workers: 2, leaseMs: 60_000 });
    return segment.id;
  }

  it('keeps each channel change of a contact as a proof, and a repeated change adds none', async () => {
    const person = await aPerson();

    await patchContact(ports, person.id, { channels: { post: 'blocked', phone: 'allowed' } });
    await patchContact(ports, person.id, { channels: { post: 'blocked' } });
    await patchContact(ports, person.id, { channels: { post: 'allowed' } });

    const view = await viewContact(ports, person.id);
    expect(view.contact.channels?.post?.status).toBe('allowed');
    expect(view.channelHistory.post?.map((proof) => proof.status)).toEqual(['allowed', 'blocked']);
    expect(view.channelHistory.phone).toHaveLength(1);
    expect(view.channelProofs[0]).toMatchObject({ subject: 'contact', subjectId: person.id, method: 'admin', source: 'api' });
    expect(view.effectiveChannels).toEqual({
      email: { status: 'allowed', reason: 'default' },
      post: { status: 'allowed', reason: 'contact' },
      phone: { status: 'allowed', reason: 'contact' },
    });
  });

  it('moves the flat postal fields of an older profile into the address and reads them as its address before', async () => {
    const person = await aPerson({ postalCode: '30159', city: 'Hannover', country: 'Deutschland' });
    expect((await viewContact(ports, person.id)).postalAddress).toBeNull();

    const changed = await patchContact(ports, person.id, { address: HANNOVER });

    expect(changed.address).toEqual(HANNOVER);
    expect(changed).not.toHaveProperty('postalCode');
    expect(changed).not.toHaveProperty('country');
    expect((await viewContact(ports, person.id)).postalAddress).toEqual({ address: HANNOVER, from: 'contact' });
  });

  it("blocks post for all of a company's people, and the segment filter on channel.post sees it", async () => {
    const companyId = await aCompany();
    const anna = await aPerson({ companyId, company: 'Weiß GmbH' });
    const ben = await aPerson({ companyId, company: 'Weiß GmbH' });
    const other = await aPerson();
    const segment = newSegment({ name: 'No post', rule: { field: 'channel.post', op: 'eq', value: 'blocked' }, schedule: 'daily' }, newId(), new Date());
    await repos.segments.create(segment);

    const company = await patchCompany(ports, companyId, { channels: { post: 'blocked' }, address: STUTTGART });
    await runSegments({ segments: repos.segments, clock: systemClock, newId }, { segmentIds: [segment.id] }, { workers: 2, leaseMs: 60_000 });

    expect(company.channels?.post?.status).toBe('blocked');
    expect((await repos.contacts.get(anna.id))?.companyChannels?.post?.status).toBe('blocked');
    expect((await viewContact(ports, ben.id)).effectiveChannels.post).toEqual({ status: 'blocked', reason: 'company' });
    expect((await viewContact(ports, other.id)).effectiveChannels.post).toEqual({ status: 'allowed', reason: 'default' });
    const members = (await repos.segments.members(segment.id, 10)).items.map((member) => member.contactId).sort();
    expect(members).toEqual([anna.id, ben.id].sort());
    expect(await repos.companies.channelProofs(companyId)).toEqual([expect.objectContaining({ subject: 'company', channel: 'post', status: 'blocked' })]);
  });

  it("gives a person who joins a company later that company's blocks, and takes them away when they leave", async () => {
    const companyId = await aCompany();
    await patchCompany(ports, companyId, { channels: { phone: 'blocked' } });
    const joiner = await aPerson();

    const joined = await patchContact(ports, joiner.id, { company: (await repos.companies.get(companyId))?.name ?? '' });
    expect(joined.companyId).toBe(companyId);
    // What the contact-refresh stream reader does when companyId changed.
    expect(await syncCompanyChannels(ports, joined)).toBe(true);
    expect((await repos.contacts.get(joiner.id))?.companyChannels?.phone?.status).toBe('blocked');

    const left = await patchContact(ports, joiner.id, { company: '' });
    expect(await syncCompanyChannels(ports, left)).toBe(true);
    expect((await repos.contacts.get(joiner.id))?.companyChannels).toBeUndefined();
    expect(await syncCompanyChannels(ports, { ...left, companyChannels: undefined })).toBe(false);
  });

  it('lists only people whose post is allowed and whose address is complete, touches each once per export and credits the campaign', async () => {
    const companyId = await aCompany('Weiß & Söhne GmbH');
    await patchCompany(ports, companyId, { address: STUTTGART });
    const own = await aPerson({ address: HANNOVER });
    const viaCompany = await aPerson({ companyId, company: 'Weiß & Söhne GmbH', city: 'Esslingen' });
    const blocked = await aPerson({
      address: HANNOVER,
      channels: { post: { status: 'blocked', at: new Date().toISOString(), method: 'admin', source: 'api' } },
    });
    const noAddress = await aPerson({ postalCode: '30159', city: 'Hannover', country: 'DE' });
    const segmentId = await aSegmentOf([own, viaCompany, blocked, noAddress]);
    const campaign = await aPrintCampaign();

    const rows: PrintRow[] = [];
    const counts = await exportPrintList(ports, { segmentId, campaignId: campaign.id }, (row) => {
      rows.push(row);
    });
    const again = await exportPrintList(ports, { segmentId, campaignId: campaign.id }, () => undefined);

    expect(counts).toEqual({ exported: 2, excluded: { postBlocked: 1, noAddress: 1 } });
    expect(again).toEqual(counts);
    expect(rows).toContainEqual(expect.objectContaining({ company: 'Weiß & Söhne GmbH', street: STUTTGART.street, postalCode: '70565', city: 'Stuttgart' }));
    expect(rows).toContainEqual(expect.objectContaining({ name: own.firstName && `${own.firstName} ${own.lastName}`, street: HANNOVER.street }));
    const touches = (await repos.contacts.getRecord(own.id))?.touchpoints.filter((touch) => touch.kind === 'print_mailing') ?? [];
    expect(touches).toEqual([expect.objectContaining({ campaignId: campaign.id, channel: 'print' })]);
    expect((await repos.contacts.getRecord(blocked.id))?.touchpoints.some((touch) => touch.kind === 'print_mailing')).toBe(false);
    expect((await repos.contacts.get(own.id))?.lastTouch?.campaignId).toBe(campaign.id);

    for (const person of [own, viaCompany]) await refreshAttribution(repos, person.id);
    const year = { from: `${new Date().getUTCFullYear()}-01-01`, to: `${new Date().getUTCFullYear()}-12-31`, attribution: 'first_touch' as const };
    expect(await campaignAnalytics({ ...repos, clock: movableClock() }, campaign.id, year)).toMatchObject({ leads: 2 });
  });

  it('refuses a campaign that is not of channel print, naming campaignId', async () => {
    const person = await aPerson({ address: HANNOVER });
    const segmentId = await aSegmentOf([person]);
    const fair = await aPrintCampaign('fair');

    await expect(exportPrintList(ports, { segmentId, campaignId: fair.id }, () => undefined)).rejects.toMatchObject({
      kind: 'invalid',
      issues: [expect.objectContaining({ path: 'campaignId' })],
    });
    expect((await repos.contacts.getRecord(person.id))?.touchpoints).toEqual([]);
  });

  it('exports channels, address and channel proofs with the person, and erasure removes them all', async () => {
    const person = await aPerson({ address: HANNOVER });
    await patchContact(ports, person.id, { channels: { email: 'blocked' } });
    const segmentId = await aSegmentOf([person]);
    await exportPrintList(ports, { segmentId, campaignId: (await aPrintCampaign()).id }, () => undefined);

    const exported = await exportContact(ports, person.id);
    expect(exported.profile.address).toEqual(HANNOVER);
    expect(exported.profile.channels?.email?.status).toBe('blocked');
    expect(exported.channelProofs).toHaveLength(1);

    await eraseContact({ ...ports, erasure: new ErasureRepository(repos.table), hashEmail: emailHasher('erasure-test-key-0123456789-0123456789') }, person.id);

    const left = (await repos.table.scanAll()).filter((item) => String(item.pk) === `CONTACT#${person.id}`);
    expect(left).toEqual([]);
    expect(JSON.stringify(await repos.table.scanAll())).not.toContain(HANNOVER.street);
  });
});
