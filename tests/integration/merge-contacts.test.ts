import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { newId, systemClock } from '#shared/container';
import { newCampaign } from '#shared/domain/campaign';
import type { Profile } from '#shared/domain/contact';
import { MergedContactError } from '#shared/domain/contact-merge';
import { NotFoundError, ValidationError } from '#shared/domain/errors';
import { newSegment } from '#shared/domain/segment';
import { eventCatalog } from '#shared/events/catalog';
import { emailHasher } from '#shared/security/email-hash';
import { ErasureRepository } from '#shared/store/erasure-repository';
import { MergeRepository } from '#shared/store/merge-repository';
import { campaignAnalytics } from '#shared/use-cases/campaign-analytics';
import { storeCapture } from '#shared/use-cases/capture-lead';
import { findContacts } from '#shared/use-cases/find-contacts';
import { eraseContact } from '#shared/use-cases/gdpr';
import { dismissDuplicate, listDuplicates } from '#shared/use-cases/list-duplicates';
import { addActivity, patchContact } from '#shared/use-cases/manage-contact';
import { mergeContact } from '#shared/use-cases/merge-contacts';
import { recordOrder } from '#shared/use-cases/record-order';
import { refreshAttribution } from '#shared/use-cases/refresh-attribution';
import { runSegments } from '#shared/use-cases/run-segments';
import { aTopic, aTouchpoint, movableClock } from '#tests/helpers/factories';
import { outboxEvents } from '#tests/helpers/outbox';
import { testRepositories } from '#tests/helpers/test-table';

type Repos = Awaited<ReturnType<typeof testRepositories>>;

const YEAR = { from: '2026-01-01', to: '2026-12-31' };

describe('merging contacts on DynamoDB Local', () => {
  let repos: Repos;
  let merges: MergeRepository;
  let ports: Parameters<typeof mergeContact>[0];
  let campaignId: string;

  beforeEach(async () => {
    repos = await testRepositories();
    merges = new MergeRepository(repos.table);
    ports = { ...repos, merges, clock: systemClock, newId };
    const campaign = newCampaign({ name: `Messe ${randomUUID()}`, channel: 'fair' }, `k-${randomUUID()}`, new Date('2026-01-01T00:00:00Z'));
    await repos.campaigns.create(campaign);
    campaignId = campaign.id;
  });

  /** A person captured at the fair (the campaign's lead), granting or withdrawing the newsletter. */
  async function aPerson(email: string, at: string, profile: Profile = {}) {
    const { contact } = await storeCapture(
      { ...repos, clock: movableClock(new Date(at)), newId },
      {
        newContactId: newId(),
        email,
        emailNormalised: email.toLowerCase(),
        profile,
        touchpoint: aTouchpoint({ at, kind: 'import', campaignId, channel: 'fair', source: 'messe' }),
        consentTopics: [aTopic({ id: 'newsletter' })],
        doubleOptIn: false,
        evidence: { source: 'form:f', method: 'single_opt_in' },
      },
    );
    return contact;
  }

  const order = (input: { contactId?: string; email?: string }, amountMinor: number, orderedAt = '2026-03-20T10:00:00.000Z') =>
    recordOrder({ ...repos, clock: movableClock(), newId }, { orderId: `SO-${randomUUID()}`, amountMinor, currency: 'EUR', orderedAt, ...input });
  const analytics = () => campaignAnalytics({ ...repos, clock: movableClock() }, campaignId, { ...YEAR, attribution: 'first_touch' });
  const emailOf = (tag: string) => `${tag}-${randomUUID()}@example.de`;

  it('moves everything of the other contact to the survivor and leaves a tombstone of ids only', async () => {
    const survivor = await aPerson(emailOf('anna'), '2026-03-02T10:00:00.000Z', { firstName: 'Anna', lastName: 'Weiß' });
    const otherEmail = emailOf('a.weiss');
    const other = await aPerson(otherEmail, '2026-03-01T09:00:00.000Z', { lastName: 'Weiss', phone: '+49 30 1234567', company: 'ACME' });
    await addActivity({ ...repos, clock: systemClock, newId }, other.id, { type: 'call', at: '2026-03-05T10:00:00.000Z', summary: 'Asked for a quote' });
    await order({ contactId: other.id }, 5000);
    await order({ contactId: survivor.id }, 7000);
    await patchContact({ ...repos, clock: systemClock, newId }, other.id, { tags: ['Messe'] });
    const segment = newSegment({ name: 'Customers', rule: { field: 'orders.count', op: 'gt', value: 0 }, schedule: 'daily' }, newId(), new Date());
    await repos.segments.create(segment);
    await runSegments({ segments: repos.segments, clock: systemClock, newId }, { segmentIds: [segment.id] }, { workers: 2, leaseMs: 60_000 });
    expect((await repos.segments.get(segment.id))?.memberCount).toBe(2);
    const capturedBefore = await outboxEvents(repos.table, eventCatalog.leadCaptured);
    expect(await outboxEvents(repos.table, eventCatalog.consentGranted)).toHaveLength(2);

    const view = await mergeContact(ports, survivor.id, other.id);

    expect(view.contact).toMatchObject({
      id: survivor.id,
      firstName: 'Anna',
      lastName: 'Weiß',
      phone: '+49 30 1234567',
      company: 'ACME',
      tags: ['Messe'],
      orders: { count: 2, totalMinor: 12_000 },
      firstTouch: { at: '2026-03-01T09:00:00.000Z' },
      mergedIds: [other.id],
    });
    expect(view.contact).not.toHaveProperty('mergedEmails');
    expect(view.touchpoints.map((entry) => entry.contactId)).toEqual([survivor.id, survivor.id]);
    expect(view.orders).toHaveLength(2);
    expect(view.activities).toMatchObject([{ summary: 'Asked for a quote', contactId: survivor.id }]);
    expect(view.consentsByTopic.newsletter?.proofs).toHaveLength(2);
    expect(view.touchpoints[0]).not.toHaveProperty('movedFrom');
    // The other's partition holds its tombstone only: ids and a time.
    const items = await repos.table.scanAll();
    expect(items.filter((item) => item.pk === `CONTACT#${other.id}`)).toEqual([
      { pk: `CONTACT#${other.id}`, sk: 'MERGED', type: 'merged', mergedInto: survivor.id, mergedAt: expect.any(String) },
    ]);
    expect(await merges.mergedInto(other.id)).toBe(survivor.id);
    // Its address finds the survivor: the claim, the search by email, and a new capture.
    expect((await repos.contacts.getByEmail(otherEmail.toLowerCase()))?.id).toBe(survivor.id);
    expect((await findContacts({ ...repos }, { email: otherEmail }, 10)).items.map((found) => found.id)).toEqual([survivor.id]);
    const again = await aPerson(otherEmail, '2026-04-01T09:00:00.000Z');
    expect(again.id).toBe(survivor.id);
    // Its order id names the survivor; its segment membership is gone with its count.
    expect((await repos.contacts.orderClaim(view.orders.find((entry) => entry.amountMinor === 5000)?.orderId ?? ''))?.contactId).toBe(survivor.id);
    expect((await repos.segments.get(segment.id))?.memberCount).toBe(1);
    expect(items.some((item) => item.pk === `SEG#${segment.id}` && item.sk === `C#${other.id}`)).toBe(false);
    // Moved items announce nothing again: two captures before, one since (the other address), the moved touchpoint none.
    expect((await outboxEvents(repos.table, eventCatalog.leadCaptured)).length).toBe(capturedBefore.length);
    // The moved grant was announced when it happened; only the survivor's own stays an announcing item.
    expect(await outboxEvents(repos.table, eventCatalog.consentGranted)).toEqual([expect.objectContaining({ contactId: survivor.id })]);
    expect(await outboxEvents(repos.table, eventCatalog.contactMerged)).toEqual([
      { id: expect.any(String), occurredAt: expect.any(String), survivorId: survivor.id, mergedId: other.id },
    ]);
  });

  it('counts a lead and a customer once after the merge, also when it is repeated', async () => {
    const survivor = await aPerson(emailOf('s'), '2026-03-02T10:00:00.000Z');
    const other = await aPerson(emailOf('o'), '2026-03-01T10:00:00.000Z');
    await order({ contactId: survivor.id }, 1000);
    await order({ contactId: other.id }, 2000);
    await refreshAttribution(repos, survivor.id);
    await refreshAttribution(repos, other.id);
    expect(await analytics()).toMatchObject({ leads: 2, customers: 2, revenueMinor: 3000 });

    await mergeContact(ports, survivor.id, other.id);
    expect(await analytics()).toMatchObject({ leads: 1, customers: 1, revenueMinor: 3000 });

    const second = await mergeContact(ports, survivor.id, other.id);
    await refreshAttribution(repos, survivor.id);
    await refreshAttribution(repos, other.id);
    expect(second.contact.orders.count).toBe(2);
    expect(await analytics()).toMatchObject({ leads: 1, customers: 1, revenueMinor: 3000 });
  });

  for (const interruptedAt of ['moveItems', 'refresh'] as const) {
    it(`finishes a merge interrupted before its ${interruptedAt} step when it is repeated, counting once`, async () => {
      const survivor = await aPerson(emailOf('s'), '2026-03-02T10:00:00.000Z');
      const other = await aPerson(emailOf('o'), '2026-03-01T10:00:00.000Z');
      await order({ contactId: other.id }, 2000);
      await refreshAttribution(repos, survivor.id);
      await refreshAttribution(repos, other.id);
      const crash = () => Promise.reject(new Error('mock: the Lambda timed out'));
      const interrupted = {
        ...ports,
        merges: Object.assign(Object.create(merges) as MergeRepository, interruptedAt === 'moveItems' ? { moveItems: crash } : {}),
        stats: interruptedAt === 'refresh' ? { ...repos.stats, attributionState: crash, applyContributions: crash } : repos.stats,
      };

      await expect(mergeContact(interrupted, survivor.id, other.id)).rejects.toThrow('mock: the Lambda timed out');
      // Already merged: the other id names the survivor, and nothing is counted twice meanwhile.
      expect(await merges.mergedInto(other.id)).toBe(survivor.id);
      expect((await analytics()).leads).toBeLessThanOrEqual(2);

      const view = await mergeContact(ports, survivor.id, other.id);
      expect(view.orders).toHaveLength(1);
      expect(view.touchpoints).toHaveLength(2);
      expect(await analytics()).toMatchObject({ leads: 1, customers: 1, revenueMinor: 2000 });
    });
  }

  it.each([1, 2, 3])('loses nothing and counts nothing twice under concurrent writes to either contact (round %i)', async () => {
    const survivor = await aPerson(emailOf('s'), '2026-03-02T10:00:00.000Z');
    const otherEmail = emailOf('o');
    const other = await aPerson(otherEmail, '2026-03-01T10:00:00.000Z');
    const manage = { ...repos, clock: systemClock, newId };
    const writes = [
      patchContact(manage, survivor.id, { jobTitle: 'Einkauf' }).then(() => 'survivor-patch'),
      patchContact(manage, other.id, { lastName: 'Parallel' }).then(() => 'other-patch'),
      order({ email: otherEmail }, 300).then(() => 'other-order'),
      order({ contactId: survivor.id }, 400).then(() => 'survivor-order'),
      aPerson(otherEmail, '2026-03-10T10:00:00.000Z').then(() => 'other-capture'),
      addActivity(manage, survivor.id, { type: 'note', at: '2026-03-11T10:00:00.000Z', summary: 'Noted' }).then(() => 'survivor-activity'),
    ];
    const [merged, ...outcomes] = await Promise.allSettled([mergeContact(ports, survivor.id, other.id), ...writes]);
    expect(merged.status).toBe('fulfilled');
    await refreshAttribution(repos, survivor.id);

    const done = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    // Writes to the other id after the merge are refused as a merged contact's, never half-written.
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(NotFoundError);
    expect(done).toEqual(expect.arrayContaining(['survivor-patch', 'survivor-order', 'other-order', 'other-capture', 'survivor-activity']));
    const record = await repos.contacts.getRecord(survivor.id);
    expect(record?.contact.jobTitle).toBe('Einkauf');
    if (done.includes('other-patch')) expect(record?.contact.lastName).toBe('Parallel');
    expect(record?.orders.map((entry) => entry.amountMinor).sort()).toEqual([300, 400]);
    expect(record?.contact.orders).toMatchObject({ count: 2, totalMinor: 700 });
    expect(record?.activities).toHaveLength(1);
    expect(record?.touchpoints).toHaveLength(3);
    expect(await repos.contacts.get(other.id)).toBeUndefined();
    expect(await analytics()).toMatchObject({ leads: 1, customers: 1, revenueMinor: 700 });
  });

  it('refuses a merge with itself, with an unknown, an erased or an already merged contact, naming otherId', async () => {
    const survivor = await aPerson(emailOf('s'), '2026-03-02T10:00:00.000Z');
    const other = await aPerson(emailOf('o'), '2026-03-01T10:00:00.000Z');
    const third = await aPerson(emailOf('t'), '2026-03-01T10:00:00.000Z');
    const erased = await aPerson(emailOf('e'), '2026-03-01T10:00:00.000Z');
    await eraseContact(
      { ...repos, erasure: new ErasureRepository(repos.table), hashEmail: emailHasher('merge-test-key-0123456789-0123456789'), clock: systemClock, newId },
      erased.id,
    );
    await mergeContact(ports, survivor.id, other.id);

    for (const otherId of [survivor.id, 'nobody', erased.id]) {
      const error = await mergeContact(ports, survivor.id, otherId).catch((caught: unknown) => caught);
      expect(error, otherId).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['otherId']);
    }
    // Already merged into another contact: the answer names that one.
    const taken = await mergeContact(ports, third.id, other.id).catch((caught: unknown) => caught);
    expect(taken).toBeInstanceOf(ValidationError);
    expect((taken as ValidationError).issues).toEqual([{ path: 'otherId', message: expect.stringContaining(survivor.id) }]);
    await expect(mergeContact(ports, 'nobody', survivor.id)).rejects.toBeInstanceOf(NotFoundError);
    const merged = await mergeContact(ports, other.id, third.id).catch((caught: unknown) => caught);
    expect(merged).toBeInstanceOf(MergedContactError);
    expect((merged as MergedContactError).mergedInto).toBe(survivor.id);
  });

  it('erases everything of both after the survivor is erased: the merged address, its claim and the tombstone', async () => {
    const survivor = await aPerson(emailOf('s'), '2026-03-02T10:00:00.000Z', { firstName: 'Sabine' });
    const otherEmail = emailOf('otto-merged');
    const other = await aPerson(otherEmail, '2026-03-01T10:00:00.000Z', { firstName: 'Ottilie', phone: '0301234999' });
    await mergeContact(ports, survivor.id, other.id);
    const key = 'merge-test-key-0123456789-0123456789';

    await eraseContact({ ...repos, erasure: new ErasureRepository(repos.table), hashEmail: emailHasher(key), clock: systemClock, newId }, survivor.id);

    const everything = JSON.stringify((await repos.table.scanAll()).filter((item) => item.type !== 'outbox')).toLowerCase();
    for (const secret of [otherEmail.toLowerCase(), 'ottilie', '1234999', 'sabine', other.id, survivor.id])
      expect(everything, secret).not.toContain(secret.toLowerCase());
    expect(everything).toContain(emailHasher(key)(otherEmail.toLowerCase()).toLowerCase());
    expect(await merges.mergedInto(other.id)).toBeUndefined();
  });

  it('lists likely duplicates from the facts index, hides dismissed pairs and forgets merged ones', async () => {
    const anna = await aPerson('anna.weiss@gmail.com', '2026-03-01T10:00:00.000Z', { firstName: 'Anna', lastName: 'Weiß', company: 'Müller GmbH' });
    const anna2 = await aPerson('annaweiss+messe@googlemail.com', '2026-03-02T10:00:00.000Z', {
      firstName: 'anna',
      lastName: 'Weiss',
      company: 'Mueller GmbH',
    });
    const phone1 = await aPerson(emailOf('p1'), '2026-03-01T10:00:00.000Z', { phone: '+49 30 555 0101' });
    const phone2 = await aPerson(emailOf('p2'), '2026-03-01T10:00:00.000Z', { phone: '030 5550101' });
    await aPerson(emailOf('alone'), '2026-03-01T10:00:00.000Z', { firstName: 'Otto', lastName: 'Allein', company: 'ACME' });
    const list = () => listDuplicates({ scanner: repos.segments, contacts: repos.contacts, dismissals: merges }, 100);

    const found = await list();
    expect(found).toMatchObject({ truncated: false, checked: 5 });
    expect(found.items.map((pair) => ({ ids: [pair.a.id, pair.b.id].sort(), reasons: pair.reasons }))).toEqual([
      { ids: [anna.id, anna2.id].sort(), reasons: ['same_mailbox', 'same_name_company'] },
      { ids: [phone1.id, phone2.id].sort(), reasons: ['same_phone'] },
    ]);
    expect(found.items[0]?.a).not.toHaveProperty('emailNormalised');

    await dismissDuplicate({ dismissals: merges, clock: systemClock }, phone2.id, phone1.id);
    await mergeContact(ports, anna.id, anna2.id);
    expect((await list()).items).toEqual([]);
    expect((await listDuplicates({ scanner: repos.segments, contacts: repos.contacts, dismissals: merges }, 1)).truncated).toBe(false);
  });
});
