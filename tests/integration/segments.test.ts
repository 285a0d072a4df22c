import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { newId } from '#shared/container';
import type { Contact } from '#shared/domain/contact';
import { newSegment, type Segment } from '#shared/domain/segment';
import type { RuleNode } from '#shared/domain/segment-rule';
import { ConcurrentWriteError } from '#shared/store/errors';
import type { SegmentRepository } from '#shared/store/segment-repository';
import { refreshContactSegments, runSegments, type SegmentRunStore } from '#shared/use-cases/run-segments';
import { aContact, aTouchpoint, movableClock } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

const DAY = 86_400_000;
const NO_ORDER_FOR_A_YEAR: RuleNode = {
  all: [
    { field: 'orders.count', op: 'gt', value: 0 },
    { any: [{ field: 'orders.lastAt', op: 'before', value: { daysAgo: 365 } }, { not: { field: 'orders.lastAt', op: 'exists' } }] },
  ],
};
const NEWSLETTER: RuleNode = { field: 'consent.newsletter', op: 'eq', value: 'granted' };

type Repos = Awaited<ReturnType<typeof testRepositories>>;

async function aSegment(repos: Repos, rule: RuleNode, name = 'Segment'): Promise<Segment> {
  const segment = newSegment({ name, rule, schedule: 'daily' }, `seg-${randomUUID()}`, new Date());
  await repos.segments.create(segment);
  return segment;
}

async function memberIds(repos: Repos, segmentId: string): Promise<string[]> {
  return (await repos.segments.members(segmentId, 500)).items.map((member) => member.contactId).sort();
}

const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const withOrder = (days: number): Partial<Contact> => ({ orders: { count: 1, totalMinor: 5000, currency: 'EUR', firstAt: ago(days), lastAt: ago(days) } });
const granted = (): Partial<Contact> => ({ consents: { newsletter: { status: 'granted', at: ago(1) } } });

describe('segment runs on DynamoDB Local', () => {
  let repos: Repos;
  const options = { workers: 3, leaseMs: 15 * 60_000 };
  beforeEach(async () => {
    repos = await testRepositories();
  });

  it('evaluates two segments in one pass over contact profiles only, and writes the members', async () => {
    const lapsed = aContact(withOrder(400));
    const recent = aContact(withOrder(10));
    const never = aContact();
    const subscriber = aContact(granted());
    for (const contact of [lapsed, recent, never, subscriber])
      await repos.contacts.create(contact, { touchpoints: [{ ...aTouchpoint(), contactId: contact.id }] });
    const lapsedSegment = await aSegment(repos, NO_ORDER_FOR_A_YEAR, 'No order for a year');
    const newsletter = await aSegment(repos, NEWSLETTER, 'Newsletter');

    const clock = movableClock();
    const report = await runSegments({ segments: repos.segments, clock, newId }, { segmentIds: [lapsedSegment.id, newsletter.id] }, options);

    // Four profiles read, not their touchpoints or claims: the facts index holds profiles only.
    expect(report.evaluated).toBe(4);
    expect(report.segments).toEqual(
      expect.arrayContaining([
        { id: lapsedSegment.id, members: 1, entered: 1, exited: 0, recorded: true },
        { id: newsletter.id, members: 1, entered: 1, exited: 0, recorded: true },
      ]),
    );
    expect(await memberIds(repos, lapsedSegment.id)).toEqual([lapsed.id]);
    expect(await memberIds(repos, newsletter.id)).toEqual([subscriber.id]);
    expect((await repos.contacts.get(lapsed.id))?.segments).toEqual({ [lapsedSegment.id]: clock.now().toISOString() });
    const stored = await repos.segments.get(lapsedSegment.id);
    expect(stored).toMatchObject({ memberCount: 1, evaluatedAt: expect.any(String), lastRun: { runId: report.runId, entered: 1, exited: 0, evaluated: 4 } });
    expect(stored?.lease).toBeUndefined();
  });

  it('moves a contact out of and into a segment when its facts change, writing only the changes', async () => {
    const leaving = aContact(granted());
    const staying = aContact(granted());
    const joining = aContact();
    for (const contact of [leaving, staying, joining]) await repos.contacts.create(contact);
    const newsletter = await aSegment(repos, NEWSLETTER);
    await runSegments({ segments: repos.segments, clock: movableClock(), newId }, { segmentIds: [newsletter.id] }, options);

    const current = async (id: string) => (await repos.contacts.get(id))!;
    await repos.contacts.update({ ...(await current(leaving.id)), consents: { newsletter: { status: 'withdrawn', at: ago(0) } } });
    await repos.contacts.update({ ...(await current(joining.id)), consents: { newsletter: { status: 'granted', at: ago(0) } } });
    const stayingVersion = (await current(staying.id)).version;

    const report = await runSegments({ segments: repos.segments, clock: movableClock(), newId }, { segmentIds: [newsletter.id] }, options);
    expect(report.segments[0]).toMatchObject({ members: 2, entered: 1, exited: 1 });
    expect(await memberIds(repos, newsletter.id)).toEqual([staying.id, joining.id].sort());
    expect((await current(leaving.id)).segments).toEqual({});
    // Nothing was written for the contact whose membership did not change.
    expect((await current(staying.id)).version).toBe(stayingVersion);
    expect((await repos.segments.get(newsletter.id))?.memberCount).toBe(2);
  });

  it("finishes correctly after a run stopped half-way, once the stopped run's lease has expired", async () => {
    const contacts = Array.from({ length: 30 }, (_, index) => aContact(index % 3 === 0 ? {} : granted()));
    for (const contact of contacts) await repos.contacts.create(contact);
    const expected = contacts
      .filter((_, index) => index % 3 !== 0)
      .map((contact) => contact.id)
      .sort();
    const newsletter = await aSegment(repos, NEWSLETTER);
    const clock = movableClock();

    // Stop the first run after its second page of five, as a Lambda timeout or crash would.
    const abort = new AbortController();
    let pages = 0;
    const stopping: SegmentRunStore = Object.assign(Object.create(repos.segments) as SegmentRunStore, {
      scanFacts: (scan: Parameters<SegmentRepository['scanFacts']>[0], onPage: Parameters<SegmentRepository['scanFacts']>[1]) =>
        repos.segments.scanFacts(scan, async (page) => {
          await onPage(page);
          if (++pages === 2) abort.abort(new Error('stopped'));
        }),
    });
    await expect(
      runSegments({ segments: stopping, clock, newId }, { segmentIds: [newsletter.id] }, { workers: 1, leaseMs: 60_000, pageSize: 5, signal: abort.signal }),
    ).rejects.toThrow();
    const halfWay = await memberIds(repos, newsletter.id);
    expect(halfWay.length).toBeGreaterThan(0);
    expect(halfWay.length).toBeLessThan(expected.length);

    // While the lease holds, another run leaves the segment alone.
    const blocked = await runSegments({ segments: repos.segments, clock, newId }, { segmentIds: [newsletter.id] }, options);
    expect(blocked.skipped).toEqual([newsletter.id]);

    clock.advance(61_000);
    const rerun = await runSegments({ segments: repos.segments, clock, newId }, { segmentIds: [newsletter.id] }, options);
    expect(rerun.segments[0]).toMatchObject({ members: expected.length, entered: expected.length - halfWay.length, exited: 0, recorded: true });
    expect(await memberIds(repos, newsletter.id)).toEqual(expected);
    expect((await repos.segments.get(newsletter.id))?.memberCount).toBe(expected.length);
  });

  it('re-reads a contact changed between the scan and the write, and keeps both changes', async () => {
    const contact = aContact(granted());
    await repos.contacts.create(contact);
    const newsletter = await aSegment(repos, NEWSLETTER);
    // A real concurrent change: the contact is tagged after the scan read it, before the run writes.
    const racing: SegmentRunStore = Object.assign(Object.create(repos.segments) as SegmentRunStore, {
      scanFacts: (scan: Parameters<SegmentRepository['scanFacts']>[0], onPage: Parameters<SegmentRepository['scanFacts']>[1]) =>
        repos.segments.scanFacts(scan, async (page) => {
          if (page.length > 0) {
            const fresh = (await repos.contacts.get(contact.id))!;
            await repos.contacts.update({ ...fresh, tags: ['vip'] });
          }
          await onPage(page);
        }),
    });
    const report = await runSegments({ segments: racing, clock: movableClock(), newId }, { segmentIds: [newsletter.id] }, { workers: 1, leaseMs: 60_000 });
    expect(report.segments[0]).toMatchObject({ members: 1, entered: 1 });
    const stored = (await repos.contacts.get(contact.id))!;
    expect(stored.tags).toEqual(['vip']);
    expect(Object.keys(stored.segments ?? {})).toEqual([newsletter.id]);
  });

  it('refuses a stale membership write with a conflict instead of overwriting a newer contact', async () => {
    const contact = aContact();
    await repos.contacts.create(contact);
    await expect(repos.segments.applyChange({ contactId: contact.id, version: 0, current: {}, entered: ['s'], exited: [], at: ago(0) })).rejects.toBeInstanceOf(
      ConcurrentWriteError,
    );
    expect(await memberIds(repos, 's')).toEqual([]);
  });

  it('keeps segments fresh when one contact changes, evaluated by a run or not yet', async () => {
    const contact = aContact();
    await repos.contacts.create(contact);
    const live = await aSegment(repos, NEWSLETTER, 'Live');
    await runSegments({ segments: repos.segments, clock: movableClock(), newId }, { segmentIds: [live.id] }, options);
    const pending = await aSegment(repos, NEWSLETTER, 'Not yet evaluated');

    const before = (await repos.contacts.get(contact.id))!;
    await repos.contacts.update({ ...before, consents: { newsletter: { status: 'granted', at: ago(0) } } });
    const facts = (await repos.contacts.get(contact.id))!;
    const ports = { segments: repos.segments, allSegments: () => repos.segments.listAll(), clock: movableClock() };
    expect((await refreshContactSegments(ports, facts)).entered.sort()).toEqual([live.id, pending.id].sort());
    expect(await memberIds(repos, live.id)).toEqual([contact.id]);
    expect(await memberIds(repos, pending.id)).toEqual([contact.id]);
    expect((await repos.segments.get(live.id))?.memberCount).toBe(1);

    // A refresh from an older image of the contact loses the race and writes nothing.
    expect(await refreshContactSegments(ports, { ...facts, segments: {}, consents: {} })).toEqual({ entered: [], exited: [] });
    expect(await memberIds(repos, live.id)).toEqual([contact.id]);
  });

  it('evaluates only due segments on the schedule, and records nothing for a rule changed mid-run', async () => {
    const due = await aSegment(repos, NEWSLETTER, 'Due');
    const fresh = newSegment({ name: 'Fresh', rule: NEWSLETTER, schedule: 'daily' }, `seg-${randomUUID()}`, new Date());
    await repos.segments.create(fresh);
    await runSegments({ segments: repos.segments, clock: movableClock(), newId }, { segmentIds: [fresh.id] }, options);
    const off = newSegment({ name: 'Off', rule: NEWSLETTER, schedule: 'off' }, `seg-${randomUUID()}`, new Date());
    await repos.segments.create(off);

    const scheduled = await runSegments({ segments: repos.segments, clock: movableClock(), newId }, {}, options);
    expect(scheduled.segments.map((segment) => segment.id)).toEqual([due.id]);

    // The rule changes while a run holds the segment: the run's figures are not recorded as current.
    const leased = (await repos.segments.acquireLease(due.id, 'run-x', new Date(), new Date(Date.now() + 60_000)))!;
    const changed = { ...leased, rule: { field: 'score', op: 'gt', value: 5 } as RuleNode, updatedAt: new Date(Date.now() + 1).toISOString() };
    await repos.segments.update(leased, changed);
    const recorded = await repos.segments.finishRun(
      leased,
      { runId: 'run-x', startedAt: ago(0), finishedAt: ago(0), evaluated: 0, entered: 0, exited: 0, durationMs: 0 },
      0,
    );
    expect(recorded).toBe(false);
    expect((await repos.segments.get(due.id))?.lease).toBeUndefined();
  });
});
