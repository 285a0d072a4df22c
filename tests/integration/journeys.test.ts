import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors';
import { createJourneySchema } from '#shared/domain/journey';
import { JourneyStateError } from '#shared/domain/journey-lifecycle';
import { newSegment } from '#shared/domain/segment';
import { ConcurrentWriteError } from '#shared/store/errors';
import { createTopic } from '#shared/use-cases/manage-topics';
import { changeJourneyStatus, createJourney, getJourney, type JourneyPorts, listJourneys, updateJourney } from '#shared/use-cases/manage-journeys';
import { movableClock, sequentialIds } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

const from = 'Beispiel GmbH <news@example.de>';

describe('journeys as drafts, versions and a lifecycle, in DynamoDB Local', () => {
  let repos: Awaited<ReturnType<typeof testRepositories>>;
  let ports: JourneyPorts;
  const clock = movableClock(new Date('2026-12-01T09:00:00Z'));
  const tick = () => clock.advance(1000);

  const winBack = (templateId = 't-miss-you') =>
    createJourneySchema.parse({
      name: 'Win-back',
      trigger: { type: 'segment_entered', segmentId: 's-dormant' },
      goal: { type: 'order_placed', withinDays: 30 },
      holdoutPercent: 10,
      steps: [{ id: 'mail', type: 'send_email', templateId, topic: 'offers', from }],
    });

  beforeAll(async () => {
    repos = await testRepositories();
    ports = { ...repos, clock, senderDomain: 'example.de', newId: sequentialIds('journey') };
    await createTopic({ topics: repos.topics, clock }, { id: 'offers', name: 'Offers' });
    await repos.segments.create(
      newSegment({ name: 'No order for a year', rule: { field: 'orders.count', op: 'gt', value: 0 }, schedule: 'daily' }, 's-dormant', clock.now()),
    );
    for (const id of ['t-miss-you', 't-second', 't-retired']) {
      const at = clock.now().toISOString();
      await repos.templates.create({
        id,
        name: id,
        subject: 'We miss you',
        html: '<p>Hello {{firstName}} <a href="{{unsubscribeUrl}}">unsubscribe</a></p>',
        createdAt: at,
        updatedAt: at,
      });
    }
    await repos.templates.archive('t-retired', clock.now());
  });

  it('saves a new journey as draft version 1 and lists it', async () => {
    const journey = await createJourney(ports, winBack());
    expect(journey).toMatchObject({ status: 'draft', version: 1, name: 'Win-back' });
    expect(await getJourney(ports, journey.id)).toEqual(journey);
    expect((await listJourneys(ports, 50, undefined, false)).items.map((item) => item.id)).toContain(journey.id);
  });

  it('names each reference that does not exist or is archived, and writes nothing', async () => {
    const input = createJourneySchema.parse({
      ...winBack('t-retired'),
      trigger: { type: 'segment_entered', segmentId: 's-missing' },
      steps: [
        { id: 'mail', type: 'send_email', templateId: 't-retired', topic: 'offers', from, next: 'ask' },
        { id: 'ask', type: 'branch', rule: { field: 'consent.nope', op: 'eq', value: 'granted' }, yes: 'second', no: 'second' },
        { id: 'second', type: 'send_email', templateId: 't-unknown', topic: 'unknown-topic', from: 'Fremd <news@elsewhere.example>' },
      ],
    });
    const before = (await listJourneys(ports, 50, undefined, false)).items.length;
    const error = await createJourney(ports, input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path).sort()).toEqual([
      'steps.0.templateId',
      'steps.1.rule',
      // SES would refuse a From outside the verified sender's domain at send: refused here, at create.
      'steps.2.from',
      'steps.2.templateId',
      'steps.2.topic',
      'trigger.segmentId',
    ]);
    expect((await listJourneys(ports, 50, undefined, false)).items).toHaveLength(before);
  });

  it('publishes version 1 fixed, and an edit after that is version 2 as a draft while 1 stays published', async () => {
    const draft = await createJourney(ports, winBack());
    tick();
    const published = await changeJourneyStatus(ports, draft.id, 'publish');
    expect(published).toMatchObject({ status: 'published', version: 1, publishedVersion: 1 });
    tick();
    const edited = await updateJourney(ports, draft.id, { steps: [{ id: 'mail', type: 'send_email', templateId: 't-second', topic: 'offers', from }] });
    expect(edited).toMatchObject({ status: 'published', version: 2, publishedVersion: 1 });
    const fixed = await repos.journeys.getVersion(draft.id, 1);
    expect(fixed?.definition.steps[0]).toMatchObject({ templateId: 't-miss-you' });
    expect(await repos.journeys.getVersion(draft.id, 2)).toBeUndefined();
    tick();
    await changeJourneyStatus(ports, draft.id, 'publish');
    expect((await repos.journeys.getVersion(draft.id, 2))?.definition.steps[0]).toMatchObject({ templateId: 't-second' });
    expect((await getJourney(ports, draft.id)).publishedVersion).toBe(2);
  });

  it('pauses, resumes and archives; an archived journey is listed apart and refuses to publish', async () => {
    const journey = await createJourney(ports, winBack());
    tick();
    await changeJourneyStatus(ports, journey.id, 'publish');
    tick();
    expect((await changeJourneyStatus(ports, journey.id, 'pause')).status).toBe('paused');
    tick();
    expect((await changeJourneyStatus(ports, journey.id, 'resume')).status).toBe('published');
    tick();
    await changeJourneyStatus(ports, journey.id, 'archive');
    expect((await listJourneys(ports, 50, undefined, false)).items.map((item) => item.id)).not.toContain(journey.id);
    expect((await listJourneys(ports, 50, undefined, true)).items.map((item) => item.id)).toContain(journey.id);
    await expect(changeJourneyStatus(ports, journey.id, 'publish')).rejects.toBeInstanceOf(JourneyStateError);
  });

  it('refuses a write based on a stale read instead of losing the other change', async () => {
    const journey = await createJourney(ports, winBack());
    tick();
    await updateJourney(ports, journey.id, { name: 'Win-back, first change' });
    await expect(repos.journeys.save(journey, { ...journey, name: 'stale' })).rejects.toBeInstanceOf(ConcurrentWriteError);
    expect((await getJourney(ports, journey.id)).name).toBe('Win-back, first change');
  });
});
