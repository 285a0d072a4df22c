import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { newId, systemClock } from '#shared/container';
import { computeScore, type ScoreEntry, type ScoringConfigInput } from '#shared/domain/scoring';
import type { SegmentFacts } from '#shared/domain/segment-rule';
import { eventCatalog } from '#shared/events/catalog';
import { emailHasher } from '#shared/security/email-hash';
import { ErasureRepository } from '#shared/store/erasure-repository';
import { MergeRepository } from '#shared/store/merge-repository';
import { ScoringRepository } from '#shared/store/scoring-repository';
import { eraseContact, exportContact } from '#shared/use-cases/gdpr';
import { addActivity, patchContact } from '#shared/use-cases/manage-contact';
import { mergeContact } from '#shared/use-cases/merge-contacts';
import { recordOrder } from '#shared/use-cases/record-order';
import { runScoringRebuild, scoreContact, updateScoring } from '#shared/use-cases/score-contacts';
import { viewContact } from '#shared/use-cases/view-contact';
import { aContact, movableClock } from '#tests/helpers/factories';
import { outboxEvents } from '#tests/helpers/outbox';
import { testRepositories } from '#tests/helpers/test-table';

type Repos = Awaited<ReturnType<typeof testRepositories>>;

const RULES: ScoringConfigInput = {
  rules: [
    { id: 'forms', event: 'form_submitted', points: 20 },
    { id: 'clicks', event: 'email_clicked', points: 5, maxTimes: 3, perDays: 30 },
    { id: 'orders', event: 'order_placed', points: 50 },
    { id: 'activities', event: 'activity_logged', points: 10 },
    { id: 'buyer', rule: { field: 'jobTitle', op: 'contains', value: 'Einkauf' }, points: 15 },
  ],
  decayPercentPerMonth: 20,
  qualifyAt: 60,
};

const click = (at: string, label = 'Sommer-Newsletter'): ScoreEntry => ({ eventId: `click-${randomUUID()}`, kind: 'email_clicked', at, ref: 'm-1', label });
const form = (at: string): ScoreEntry => ({ eventId: `lead-${randomUUID()}`, kind: 'form_submitted', at, ref: 'f-1', label: 'Messe-Formular' });

describe('lead scoring on DynamoDB Local', () => {
  let repos: Repos;
  let scoring: ScoringRepository;
  let clock: ReturnType<typeof movableClock>;
  let ports: { scoring: ScoringRepository; clock: ReturnType<typeof movableClock>; newId: () => string };

  beforeEach(async () => {
    repos = await testRepositories();
    scoring = new ScoringRepository(repos.table);
    clock = movableClock(new Date('2026-09-10T12:00:00.000Z'));
    ports = { scoring, clock, newId };
    await updateScoring(ports, RULES);
  });

  async function aPerson(overrides: Parameters<typeof aContact>[0] = {}) {
    const id = randomUUID();
    return repos.contacts.create(aContact({ id, email: `${id}@example.de`, emailNormalised: `${id}@example.de`, ...overrides }));
  }

  it('counts an event once when it is delivered five times at once, and again later', async () => {
    const person = await aPerson();
    const entry = form('2026-09-01T10:00:00.000Z');

    const outcomes = await Promise.all(Array.from({ length: 5 }, () => scoreContact(ports, person.id, entry)));
    const replay = await scoreContact(ports, person.id, entry);

    expect(outcomes.filter((outcome) => outcome === 'scored')).toHaveLength(1);
    expect(replay).toBe('duplicate');
    expect(await scoring.ledger(person.id)).toHaveLength(1);
    expect((await repos.contacts.get(person.id))?.score).toBe(20);
  });

  it('explains every point on the 360° view: "+5 clicked Sommer-Newsletter on 2026-06-03, decayed to 3"', async () => {
    const person = await aPerson({ jobTitle: 'Leiterin Einkauf' });
    await scoreContact(ports, person.id, click('2026-06-03T08:00:00.000Z'));

    const view = await viewContact({ contacts: repos.contacts, companies: repos.companies, segments: repos.segments, scoring, clock }, person.id);

    expect(view.contact.score).toBe(3 + 15);
    expect(view.scoreLedger).toContainEqual({
      at: '2026-06-03T08:00:00.000Z',
      event: 'email_clicked',
      ruleId: 'clicks',
      label: 'Sommer-Newsletter',
      points: 5,
      decayedTo: 3,
    });
    expect(view.scoreLedger).toContainEqual(expect.objectContaining({ event: 'fact', ruleId: 'buyer', points: 15, decayedTo: 15 }));
    expect(view).not.toHaveProperty('scoreEntries');
  });

  it('publishes lead.qualified once when the score crosses the threshold, and again only after it fell below', async () => {
    const person = await aPerson();
    await scoreContact(ports, person.id, form('2026-09-09T10:00:00.000Z'));
    await scoreContact(ports, person.id, { eventId: `order-${randomUUID()}`, kind: 'order_placed', at: '2026-09-09T11:00:00.000Z', ref: 'o-1' });
    await scoreContact(ports, person.id, click('2026-09-09T12:00:00.000Z'));

    const qualified = await outboxEvents<{ contactId: string; score: number; qualifyAt: number }>(
      repos.table,
      eventCatalog.leadQualified,
      (detail) => detail.contactId === person.id,
    );
    expect(qualified).toEqual([expect.objectContaining({ contactId: person.id, score: 70, qualifyAt: 60 })]);
    expect((await repos.contacts.get(person.id))?.qualifiedAt).toBeDefined();

    // Three months later the points have decayed below 60: qualifiedAt is cleared, so a new crossing counts.
    clock.advance(92 * 86_400_000);
    await scoreContact(ports, person.id);
    expect((await repos.contacts.get(person.id))?.qualifiedAt).toBeUndefined();
    await scoreContact(ports, person.id, { eventId: `order-${randomUUID()}`, kind: 'order_placed', at: clock.now().toISOString(), ref: 'o-2' });
    expect(await outboxEvents(repos.table, eventCatalog.leadQualified, (detail: { contactId: string }) => detail.contactId === person.id)).toHaveLength(2);
  });

  it('gives after a rules change and a rebuild the scores computed from scratch under the new rules (property), with events scored meanwhile', async () => {
    const kinds = ['form_submitted', 'email_clicked', 'email_opened', 'order_placed', 'activity_logged'] as const;
    const ruleSet = fc.record({
      rules: fc.uniqueArray(fc.record({ kind: fc.constantFrom(...kinds), points: fc.integer({ min: -20, max: 60 }), capped: fc.boolean() }), {
        minLength: 1,
        maxLength: 4,
        selector: (rule) => rule.kind,
      }),
      decay: fc.integer({ min: 0, max: 50 }),
      qualifyAt: fc.integer({ min: 1, max: 120 }),
    });
    const toConfig = (set: { rules: Array<{ kind: (typeof kinds)[number]; points: number; capped: boolean }>; decay: number; qualifyAt: number }) =>
      ({
        rules: set.rules.map((rule, at) => ({ id: `r${at}`, event: rule.kind, points: rule.points, ...(rule.capped ? { maxTimes: 2, perDays: 30 } : {}) })),
        decayPercentPerMonth: set.decay,
        qualifyAt: set.qualifyAt,
      }) satisfies ScoringConfigInput;
    const ledgers = fc.array(fc.array(fc.record({ kind: fc.constantFrom(...kinds), day: fc.integer({ min: 0, max: 200 }) }), { maxLength: 6 }), {
      minLength: 3,
      maxLength: 3,
    });

    await fc.assert(
      fc.asyncProperty(ruleSet, ruleSet, ledgers, async (before, after, raw) => {
        await updateScoring(ports, toConfig(before));
        const people = await Promise.all(raw.map(() => aPerson()));
        const toEntry = ({ kind, day }: { kind: ScoreEntry['kind']; day: number }): ScoreEntry => ({
          eventId: `e-${randomUUID()}`,
          kind,
          at: new Date(clock.now().getTime() - day * 86_400_000).toISOString(),
        });
        for (const [at, person] of people.entries()) for (const entry of raw[at] ?? []) await scoreContact(ports, person.id, toEntry(entry));

        const changed = await updateScoring(ports, toConfig(after));
        const state = await scoring.rebuildState();
        // An event arriving during the rebuild, scored live under the new rules.
        const live = people[0];
        if (live) await scoreContact(ports, live.id, toEntry({ kind: 'form_submitted', day: 1 }));
        const result = await runScoringRebuild(ports, state?.runId ?? '', { deadline: Date.now() + 60_000, pageSize: 2 });

        expect(changed.version).toBeGreaterThan(1);
        expect(result.status).toBe('done');
        for (const person of people) {
          const stored = await repos.contacts.get(person.id);
          const expected = computeScore(await scoring.ledger(person.id), toConfig(after), stored as SegmentFacts, clock.now()).score;
          expect(stored?.score).toBe(expected);
          expect(stored?.scoreRulesVersion).toBe(changed.version);
        }
      }),
      { numRuns: 6 },
    );
  }, 120_000);

  it('resumes a rebuild that handed on before its deadline, and reports its progress', async () => {
    const people = await Promise.all(Array.from({ length: 5 }, () => aPerson({ jobTitle: 'Einkauf' })));
    const { rebuild } = await updateScoring(ports, { ...RULES, qualifyAt: 100 });
    const runId = (await scoring.rebuildState())?.runId ?? '';

    const first = await runScoringRebuild(ports, runId, { deadline: 0, pageSize: 2 });
    const handedOn = await outboxEvents<{ runId: string }>(repos.table, eventCatalog.scoringRebuildRequested, (detail) => detail.runId === runId);
    const second = await runScoringRebuild(ports, runId, { deadline: Date.now() + 60_000, pageSize: 2 });

    expect(rebuild?.status).toBe('running');
    expect(first).toEqual({ status: 'continued', done: 2 });
    expect(handedOn.length).toBeGreaterThanOrEqual(2);
    expect(second.status).toBe('done');
    expect((await scoring.rebuildState())?.done).toBe(5);
    for (const person of people) expect((await repos.contacts.get(person.id))?.score).toBe(15);
  });

  it('publishes activity.logged and order.recorded through the outbox with the change', async () => {
    const person = await aPerson();
    const managePorts = { ...repos, clock: systemClock, newId };
    await addActivity(managePorts, person.id, { type: 'call', at: '2026-09-01T10:00:00.000Z', summary: 'Rückruf' });
    await recordOrder({ ...repos, clock: systemClock, newId } as Parameters<typeof recordOrder>[0], {
      orderId: `o-${randomUUID()}`,
      contactId: person.id,
      amountMinor: 1000,
      currency: 'EUR',
      orderedAt: '2026-09-02T10:00:00.000Z',
    });

    expect(await outboxEvents(repos.table, eventCatalog.activityLogged, (detail: { contactId: string }) => detail.contactId === person.id)).toEqual([
      expect.objectContaining({ activityType: 'call' }),
    ]);
    expect(await outboxEvents(repos.table, eventCatalog.orderRecorded, (detail: { contactId: string }) => detail.contactId === person.id)).toHaveLength(1);
  });

  it('keeps points given by hand (PATCH) and by a journey update step through a rescore, decayed like the rest', async () => {
    const person = await aPerson();
    await scoreContact(ports, person.id, form('2026-09-01T10:00:00.000Z'));
    await patchContact({ contacts: repos.contacts, companies: repos.companies, clock, newId }, person.id, { score: 50 });
    await repos.journeyParticipants.move(
      undefined,
      {
        journeyId: 'j-welcome',
        contactId: person.id,
        version: 1,
        status: 'active',
        stepId: 'bonus',
        attempt: 0,
        enteredAt: clock.now().toISOString(),
        stepAt: clock.now().toISOString(),
        dueAt: clock.now().toISOString(),
        entries: 1,
        holdout: false,
        sends: {},
        engagement: {},
      },
      {},
      { scoreDelta: 7 },
    );
    expect((await repos.contacts.get(person.id))?.score).toBe(57);

    // A rescore (what a rules change, the decay run or the next event does) keeps both.
    expect(await scoreContact(ports, person.id)).not.toBe('gone');
    expect((await repos.contacts.get(person.id))?.score).toBe(57);
    const ledger = await scoring.ledger(person.id);
    expect(
      ledger
        .filter((entry) => entry.kind === 'adjustment')
        .map((entry) => entry.points)
        .sort(),
    ).toEqual([30, 7]);

    // Two months on, every entry has decayed by 20 % a month: 20 → 13, 30 → 19, 7 → 4.
    clock.advance(62 * 24 * 3_600_000);
    await scoreContact(ports, person.id);
    expect((await repos.contacts.get(person.id))?.score).toBe(13 + 19 + 4);
  });

  it('exports the ledger with the person and erases it with them', async () => {
    const person = await aPerson();
    await scoreContact(ports, person.id, form('2026-09-01T10:00:00.000Z'));

    const exported = await exportContact({ contacts: repos.contacts, companies: repos.companies, clock: systemClock }, person.id);
    await eraseContact(
      {
        contacts: repos.contacts,
        segments: repos.segments,
        journeyParticipants: repos.journeyParticipants,
        erasure: new ErasureRepository(repos.table),
        hashEmail: emailHasher('k'.repeat(32)),
        clock: systemClock,
        newId,
      },
      person.id,
    );

    expect(exported.scoreLedger).toEqual([expect.objectContaining({ kind: 'form_submitted', label: 'Messe-Formular' })]);
    expect(await scoring.ledger(person.id)).toEqual([]);
  });

  it("moves the ledger to the survivor of a merge and recomputes the survivor's score from both", async () => {
    const survivor = await aPerson();
    const other = await aPerson();
    await scoreContact(ports, survivor.id, form('2026-09-01T10:00:00.000Z'));
    await scoreContact(ports, other.id, form('2026-09-02T10:00:00.000Z'));
    await scoreContact(ports, other.id, click('2026-09-03T10:00:00.000Z'));

    await mergeContact({ ...repos, merges: new MergeRepository(repos.table), scoring, clock, newId }, survivor.id, other.id);

    expect(await scoring.ledger(survivor.id)).toHaveLength(3);
    expect((await repos.contacts.get(survivor.id))?.score).toBe(45);
  });
});
