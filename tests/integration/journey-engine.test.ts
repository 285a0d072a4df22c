import { beforeAll, describe, expect, it } from 'vitest';
import { createJourneySchema } from '#shared/domain/journey';
import { keys } from '#shared/store/keys';
import { enterJourneys, type EnterJourneyPorts } from '#shared/use-cases/enter-journeys';
import { changeContactTags } from '#shared/use-cases/manage-contact';
import { changeJourneyStatus, createJourney } from '#shared/use-cases/manage-journeys';
import { type JourneyStepPorts, runJourneyStep } from '#shared/use-cases/run-journey-step';
import { sweepJourneys } from '#shared/use-cases/sweep-journeys';
import type { JourneyWork } from '#shared/use-cases/run-journey-step';
import { JourneyParticipantRepository } from '#shared/store/journey-participant-repository';
import { aContact, movableClock, sequentialIds } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

const DAY = 86_400_000;

describe('the journey engine on a movable clock, in DynamoDB Local', () => {
  let repos: Awaited<ReturnType<typeof testRepositories>>;
  let participants: JourneyParticipantRepository;
  const clock = movableClock(new Date('2026-12-01T09:00:00Z'));
  const queued: JourneyWork[] = [];
  const queue = { enqueue: async (work: readonly JourneyWork[]) => void queued.push(...work) };
  let journeyId: string;
  const cap = undefined;

  const stepPorts = (): JourneyStepPorts => ({
    journeys: repos.journeys,
    participants,
    facts: repos.segments,
    recipients: { recipient: async () => undefined },
    tags: { change: (contactId, add, remove) => changeContactTags({ contacts: repos.contacts, clock }, contactId, add, remove) },
    mail: { send: async () => Promise.reject(new Error('this journey sends no mail')) },
    timeline: repos.contacts,
    clock,
    frequencyCap: { cap: async () => cap, sentSince: async () => [] },
    settings: { claimLeaseMs: 120_000, pausedRecheckMs: 15 * 60_000, maxStepsPerRun: 25 },
  });
  const enterPorts = (): EnterJourneyPorts => ({
    published: {
      journeys: async () => {
        const journey = await repos.journeys.get(journeyId);
        const version = journey?.publishedVersion !== undefined ? await repos.journeys.getVersion(journeyId, journey.publishedVersion) : undefined;
        return journey && version ? [{ journey, definition: version.definition }] : [];
      },
    },
    participants,
    facts: repos.segments,
    queue,
    clock,
  });
  const sweepPorts = () => ({
    due: { shards: keys.journeyDueShards, due: (shard: string, now: Date, limit: number) => participants.due(shard, now, limit) },
    queue,
    clock,
  });

  beforeAll(async () => {
    repos = await testRepositories();
    participants = new JourneyParticipantRepository(repos.table);
    const ports = { ...repos, clock, senderDomain: 'example.de', newId: sequentialIds('journey') };
    const journey = await createJourney(
      ports,
      createJourneySchema.parse({
        name: 'First order follow-up',
        trigger: { type: 'order_placed' },
        entry: { rule: { field: 'orders.count', op: 'gte', value: 1 } },
        steps: [
          { id: 'tag', type: 'update_contact', addTags: ['buyer'], scoreDelta: 10, next: 'pause' },
          { id: 'pause', type: 'wait', duration: { days: 3 }, next: 'again' },
          { id: 'again', type: 'branch', rule: { field: 'orders.count', op: 'gt', value: 1 }, yes: 'end', no: 'once' },
          { id: 'once', type: 'update_contact', addTags: ['one-time'] },
          { id: 'end', type: 'exit' },
        ],
      }),
    );
    journeyId = journey.id;
    await changeJourneyStatus(ports, journeyId, 'publish');
  });

  it('enters on the trigger, runs the instant steps at once, waits, and is swept when the wait is over', async () => {
    const contact = await repos.contacts.create(aContact({ orders: { count: 1, totalMinor: 5000, currency: 'EUR' } }));
    queued.length = 0;
    const entered = await enterJourneys(enterPorts(), { type: 'order_placed', contactId: contact.id });
    expect(entered.entered).toEqual([journeyId]);
    expect(queued).toEqual([{ journeyId, contactId: contact.id }]);

    expect(await runJourneyStep(stepPorts(), { journeyId, contactId: contact.id })).toBe('waiting');
    expect(await repos.contacts.get(contact.id)).toMatchObject({ tags: ['buyer'], score: 10 });
    const waiting = await participants.get(contact.id, journeyId);
    expect(waiting).toMatchObject({ stepId: 'pause', waitingFor: 'wait', dueAt: new Date(clock.now().getTime() + 3 * DAY).toISOString() });

    queued.length = 0;
    clock.advance(DAY);
    expect((await sweepJourneys(sweepPorts())).handedOn).toBe(0);
    clock.advance(2 * DAY);
    expect((await sweepJourneys(sweepPorts())).handedOn).toBe(1);
    expect(queued).toEqual([{ journeyId, contactId: contact.id }]);

    expect(await runJourneyStep(stepPorts(), { journeyId, contactId: contact.id })).toBe('finished');
    expect(await participants.get(contact.id, journeyId)).toMatchObject({ status: 'completed', stepId: 'once' });
    expect((await repos.contacts.get(contact.id))?.tags).toEqual(['buyer', 'one-time']);
    // Finished participants leave the due index: the next sweep finds nobody.
    expect((await sweepJourneys(sweepPorts())).handedOn).toBe(0);
  });

  it('runs each step once when the same work is delivered many times at once', async () => {
    const contact = await repos.contacts.create(aContact({ orders: { count: 1, totalMinor: 100, currency: 'EUR' } }));
    await enterJourneys(enterPorts(), { type: 'order_placed', contactId: contact.id });
    const before = await participants.stats(journeyId);
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => runJourneyStep(stepPorts(), { journeyId, contactId: contact.id })));
    expect(outcomes.filter((outcome) => outcome === 'waiting').length).toBeGreaterThanOrEqual(1);
    const after = await participants.stats(journeyId);
    expect((after['step.tag.updated'] ?? 0) - (before['step.tag.updated'] ?? 0)).toBe(1);
    expect((after['step.pause.reached'] ?? 0) - (before['step.pause.reached'] ?? 0)).toBe(1);
    expect(await participants.get(contact.id, journeyId)).toMatchObject({ stepId: 'pause', attempt: 1 });
    // The score moved with the step's own transaction: once, not six times.
    expect((await repos.contacts.get(contact.id))?.score).toBe(10);
  });

  it('enters nobody twice on a repeated event, and nobody whose facts miss the entry rule', async () => {
    const buyer = await repos.contacts.create(aContact({ orders: { count: 1, totalMinor: 100, currency: 'EUR' } }));
    const first = await enterJourneys(enterPorts(), { type: 'order_placed', contactId: buyer.id });
    const again = await enterJourneys(enterPorts(), { type: 'order_placed', contactId: buyer.id });
    expect(first.entered).toEqual([journeyId]);
    expect(again).toEqual({ entered: [], skipped: [{ journeyId, reason: 'already_in' }] });
    const nobody = await repos.contacts.create(aContact());
    expect((await enterJourneys(enterPorts(), { type: 'order_placed', contactId: nobody.id })).skipped).toEqual([{ journeyId, reason: 'entry_rule' }]);
    expect((await enterJourneys(enterPorts(), { type: 'consent_granted', contactId: buyer.id, topic: 'newsletter' })).entered).toEqual([]);
  });

  it('counts entered, active and completed across participants', async () => {
    const stats = await participants.stats(journeyId);
    expect(stats.entered).toBe(3);
    expect(stats.completed).toBe(1);
    expect(stats.active).toBe(2);
    // One waits at the pause; the buyer of the last test entered and waits for the worker at the first step.
    expect(stats['step.pause.here']).toBe(1);
    expect(stats['step.tag.here']).toBe(1);
    expect(stats['step.once.reached']).toBe(1);
  });
});
