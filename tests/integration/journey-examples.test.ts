import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Contact } from '#shared/domain/contact';
import { createJourneySchema } from '#shared/domain/journey';
import { MailThrottledError } from '#shared/mail/errors';
import type { Mailer } from '#shared/mail/mailer';
import { SendPacer } from '#shared/mail/send-pacer';
import { SesMailer } from '#shared/mail/ses-mailer';
import { hmacSigner } from '#shared/security/token-signer';
import { keys } from '#shared/store/keys';
import { enterJourneys, type EnterJourneyPorts } from '#shared/use-cases/enter-journeys';
import { journeyMailSender, journeyRecipients } from '#shared/use-cases/journey-mail';
import { reactToJourneyEvent } from '#shared/use-cases/journey-reactions';
import { changeContactTags } from '#shared/use-cases/manage-contact';
import { changeJourneyStatus, createJourney, journeyWithStats, publishedJourneys } from '#shared/use-cases/manage-journeys';
import { type JourneyStepPorts, type JourneyWork, runJourneyStep } from '#shared/use-cases/run-journey-step';
import { sweepJourneys } from '#shared/use-cases/sweep-journeys';
import { aContact, movableClock, sequentialIds } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const from = 'Beispiel GmbH <news@leadflow.local>';

interface SesStoreMail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
}

async function mailsTo(address: string, subjectStart: string): Promise<SesStoreMail[]> {
  const store = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as { emails: SesStoreMail[] };
  return store.emails.filter((mail) => mail.destination.to.includes(address) && mail.subject.startsWith(subjectStart));
}

describe('the README journeys on a movable clock: DynamoDB Local and the SES stand-in', () => {
  let repos: Awaited<ReturnType<typeof testRepositories>>;
  const clock = movableClock(new Date('2026-12-01T09:00:00Z'));
  const suffix = randomUUID().slice(0, 8);
  const queued: JourneyWork[] = [];
  let cap: { mails: number; days: number } | undefined;
  const queue = { enqueue: async (work: readonly JourneyWork[]) => void queued.push(...work) };
  const ses = new SesMailer({ AWS_REGION: 'eu-central-1', SES_ENDPOINT: inject('sesEndpoint') }, undefined, { maxAttempts: 1 });

  const stepPorts = (mailer: Mailer = ses): JourneyStepPorts => ({
    journeys: repos.journeys,
    participants: repos.journeyParticipants,
    facts: repos.segments,
    recipients: journeyRecipients(repos),
    tags: { change: (contactId, add, remove) => changeContactTags({ contacts: repos.contacts, clock }, contactId, add, remove) },
    mail: journeyMailSender({
      templates: repos.templates,
      mailer,
      pacer: new SendPacer(async () => 50, 1),
      signer: hmacSigner('j'.repeat(40)),
      links: {
        unsubscribeUrl: (token) => `https://leadflow.local/v1/unsubscribe?token=${token}`,
        preferencesUrl: (token) => `https://leadflow.local/v1/preferences?token=${token}`,
      },
      clock,
      unsubscribeTokenTtlDays: 400,
    }),
    timeline: repos.contacts,
    clock,
    frequencyCap: { cap: async () => cap, sentSince: (contactId, since) => repos.contacts.mailsSentSince(contactId, since) },
    settings: { claimLeaseMs: 5 * 60_000, pausedRecheckMs: 15 * 60_000, maxStepsPerRun: 25 },
  });
  const enterPorts = (): EnterJourneyPorts => ({
    published: { journeys: () => publishedJourneys(repos) },
    participants: repos.journeyParticipants,
    facts: repos.segments,
    queue,
    clock,
  });
  const reactionPorts = () => ({ participants: repos.journeyParticipants, journeys: repos.journeys, queue, clock });
  const sweep = () =>
    sweepJourneys({ due: { shards: keys.journeyDueShards, due: (shard, now, limit) => repos.journeyParticipants.due(shard, now, limit) }, queue, clock });
  /** Runs what the queue holds, as the worker would, until it is empty. */
  const drain = async (ports = stepPorts()) => {
    while (queued.length > 0) await runJourneyStep(ports, queued.shift() as JourneyWork);
  };
  const template = async (id: string, subject: string) => {
    const at = clock.now().toISOString();
    await repos.templates.create({
      id,
      name: id,
      subject,
      html: '<p>Hallo {{firstName|du}}</p><p><a href="{{unsubscribeUrl}}">Abmelden</a></p>',
      createdAt: at,
      updatedAt: at,
    });
  };
  /** A published journey that mails once on any order: what the fault and cap tests run through. */
  const aPublishedOneMailJourney = async (name: string, templateId: string) => {
    const ports = { ...repos, clock, senderDomain: 'leadflow.local', newId: sequentialIds(`${name}-${suffix}`) };
    const journey = await createJourney(
      ports,
      createJourneySchema.parse({
        name,
        trigger: { type: 'order_placed' },
        steps: [{ id: 'mail', type: 'send_email', templateId, topic: `news-${suffix}`, from }],
      }),
    );
    return changeJourneyStatus(ports, journey.id, 'publish');
  };
  const subscriber = (overrides: Partial<Contact> = {}) =>
    repos.contacts.create(
      aContact({
        email: `${randomUUID()}@example.de`,
        firstName: 'Anna',
        consents: { [`news-${suffix}`]: { status: 'granted', at: clock.now().toISOString() } },
        ...overrides,
      }),
    );

  beforeAll(async () => {
    repos = await testRepositories();
    await repos.topics.create({
      id: `news-${suffix}`,
      name: 'Newsletter',
      consentText: 'Ja',
      textVersion: 'v1',
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
    } as never);
    await template(`welcome-${suffix}`, `Welcome ${suffix}`);
    await template(`tips-${suffix}`, `Tips ${suffix}`);
    await template(`miss-${suffix}`, `We miss you ${suffix}`);
  });

  it('welcome series: consent granted → welcome → wait 2 days → tips only to those who did not click', async () => {
    const ports = { ...repos, clock, senderDomain: 'leadflow.local', newId: sequentialIds(`welcome-${suffix}`) };
    const journey = await createJourney(
      ports,
      createJourneySchema.parse({
        name: 'Welcome series',
        trigger: { type: 'consent_granted', topic: `news-${suffix}` },
        steps: [
          { id: 'welcome', type: 'send_email', templateId: `welcome-${suffix}`, topic: `news-${suffix}`, from, next: 'pause' },
          { id: 'pause', type: 'wait', duration: { days: 2 }, next: 'clicked' },
          { id: 'clicked', type: 'branch', email: { stepId: 'welcome', event: 'clicked', withinHours: 48 }, yes: 'done', no: 'tips' },
          { id: 'tips', type: 'send_email', templateId: `tips-${suffix}`, topic: `news-${suffix}`, from },
          { id: 'done', type: 'exit' },
        ],
      }),
    );
    await changeJourneyStatus(ports, journey.id, 'publish');
    const clicker = await subscriber();
    const quiet = await subscriber();
    for (const person of [clicker, quiet]) await enterJourneys(enterPorts(), { type: 'consent_granted', contactId: person.id, topic: `news-${suffix}` });
    await drain();
    expect(await mailsTo(clicker.email, `Welcome ${suffix}`)).toHaveLength(1);
    expect(await mailsTo(quiet.email, `Welcome ${suffix}`)).toHaveLength(1);

    // The clicker clicks on day 1: recorded on the welcome step (a branch waits for it only later).
    clock.advance(DAY);
    expect(
      await reactToJourneyEvent(reactionPorts(), {
        type: 'email_engaged',
        contactId: clicker.id,
        journeyId: journey.id,
        stepId: 'welcome',
        event: 'clicked',
        at: clock.now().toISOString(),
      }),
    ).toBe(1);
    expect(
      await reactToJourneyEvent(reactionPorts(), {
        type: 'email_engaged',
        contactId: clicker.id,
        journeyId: journey.id,
        stepId: 'welcome',
        event: 'clicked',
        at: clock.now().toISOString(),
      }),
    ).toBe(0);

    clock.advance(DAY + 60_000);
    expect((await sweep()).handedOn).toBe(2);
    await drain();
    expect(await mailsTo(clicker.email, `Tips ${suffix}`)).toHaveLength(0);
    expect(await mailsTo(quiet.email, `Tips ${suffix}`)).toHaveLength(1);
    const { stats } = await journeyWithStats({ journeys: repos.journeys, participants: repos.journeyParticipants }, journey.id);
    expect(stats).toMatchObject({ entered: 2, completed: 2, active: 0 });
    expect(stats.steps.welcome).toMatchObject({ sent: 2, clicked: 1 });
    expect(stats.steps.clicked).toMatchObject({ yes: 1, no: 1 });
    expect(stats.steps.tips).toMatchObject({ sent: 1 });
  });

  it('win-back: entered "no order for a year" → mail → goal order within 30 days, 10 % holdout sent nothing', async () => {
    const ports = { ...repos, clock, senderDomain: 'leadflow.local', newId: sequentialIds(`winback-${suffix}`) };
    const segment = `dormant-${suffix}`;
    await repos.segments.create({
      id: segment,
      name: 'No order for a year',
      rule: { field: 'orders.count', op: 'gt', value: 0 },
      schedule: 'daily',
      memberCount: 0,
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
    } as never);
    const journey = await createJourney(
      ports,
      createJourneySchema.parse({
        name: 'Win-back',
        trigger: { type: 'segment_entered', segmentId: segment },
        goal: { type: 'order_placed', withinDays: 30 },
        holdoutPercent: 10,
        steps: [{ id: 'mail', type: 'send_email', templateId: `miss-${suffix}`, topic: `news-${suffix}`, from }],
      }),
    );
    await changeJourneyStatus(ports, journey.id, 'publish');
    const people = await Promise.all(
      Array.from({ length: 40 }, () => subscriber({ orders: { count: 2, totalMinor: 9000, currency: 'EUR', lastAt: '2025-10-01T00:00:00.000Z' } })),
    );
    for (const person of people) await enterJourneys(enterPorts(), { type: 'segment_entered', contactId: person.id, segmentId: segment });
    await drain();
    const participants = await Promise.all(people.map((person) => repos.journeyParticipants.get(person.id, journey.id)));
    const heldOut = people.filter((_, index) => participants[index]?.holdout);
    const mailed = people.filter((_, index) => !participants[index]?.holdout);
    for (const person of heldOut) expect(await mailsTo(person.email, `We miss you ${suffix}`)).toHaveLength(0);
    for (const person of mailed) expect(await mailsTo(person.email, `We miss you ${suffix}`)).toHaveLength(1);

    // The mail was the last step, but the goal counts for 30 days: ten days later two mailed people and one
    // held-out person order; each side's conversions are counted apart (the lift compares them).
    clock.advance(10 * DAY);
    const buyers = [...mailed.slice(0, 2), ...heldOut.slice(0, 1)];
    const before = (await journeyWithStats({ journeys: repos.journeys, participants: repos.journeyParticipants }, journey.id)).stats;
    expect(before).toMatchObject({ entered: 40, converted: 0 });
    expect(before.holdout.entered).toBe(heldOut.length);
    for (const buyer of buyers) await reactToJourneyEvent(reactionPorts(), { type: 'order_placed', contactId: buyer.id });
    // A second order converts nobody twice.
    await reactToJourneyEvent(reactionPorts(), { type: 'order_placed', contactId: buyers[0]!.id });
    const after = (await journeyWithStats({ journeys: repos.journeys, participants: repos.journeyParticipants }, journey.id)).stats;
    expect(after.converted).toBe(2);
    expect(after.holdout.converted).toBe(heldOut.length > 0 ? 1 : 0);
    expect(after.conversionRate).toBeCloseTo(2 / mailed.length, 3);
    // Past the goal's 30 days an order no longer counts.
    clock.advance(25 * DAY);
    await reactToJourneyEvent(reactionPorts(), { type: 'order_placed', contactId: mailed[2]!.id });
    expect((await journeyWithStats({ journeys: repos.journeys, participants: repos.journeyParticipants }, journey.id)).stats.converted).toBe(2);
  });

  it('sends once when the same work is delivered twice at once, and after a crash between claim and SES only once the lease lapses', async () => {
    const journey = await aPublishedOneMailJourney('Faults', `welcome-${suffix}`);
    const twice = await subscriber();
    await enterJourneys(enterPorts(), { type: 'order_placed', contactId: twice.id });
    queued.length = 0;
    await Promise.all([
      runJourneyStep(stepPorts(), { journeyId: journey.id, contactId: twice.id }),
      runJourneyStep(stepPorts(), { journeyId: journey.id, contactId: twice.id }),
    ]);
    expect(await mailsTo(twice.email, `Welcome ${suffix}`)).toHaveLength(1);

    // mock: the process dies after the claim is written and before SES is called.
    const crashed = await subscriber();
    await enterJourneys(enterPorts(), { type: 'order_placed', contactId: crashed.id });
    queued.length = 0;
    const dying: Mailer = { send: async () => Promise.reject(Object.assign(new Error('the container was frozen'), { name: 'TimeoutError' })) };
    await expect(runJourneyStep(stepPorts(dying), { journeyId: journey.id, contactId: crashed.id })).rejects.toThrow('frozen');
    expect(await runJourneyStep(stepPorts(), { journeyId: journey.id, contactId: crashed.id })).toBe('not_due');
    expect(await mailsTo(crashed.email, `Welcome ${suffix}`)).toHaveLength(0);
    clock.advance(5 * 60_000 + 1000);
    expect((await sweep()).handedOn).toBeGreaterThanOrEqual(1);
    await drain();
    expect(await mailsTo(crashed.email, `Welcome ${suffix}`)).toHaveLength(1);
    expect(await repos.journeyParticipants.get(crashed.id, journey.id)).toMatchObject({ status: 'completed' });

    // mock: SES throttles; the claim is given back and the mail goes out on a later delivery, once.
    const throttled = await subscriber();
    await enterJourneys(enterPorts(), { type: 'order_placed', contactId: throttled.id });
    queued.length = 0;
    const busy: Mailer = { send: async () => Promise.reject(new MailThrottledError('Maximum sending rate exceeded')) };
    await expect(runJourneyStep(stepPorts(busy), { journeyId: journey.id, contactId: throttled.id })).rejects.toThrow('deferred');
    clock.advance(61_000);
    await runJourneyStep(stepPorts(), { journeyId: journey.id, contactId: throttled.id });
    expect(await mailsTo(throttled.email, `Welcome ${suffix}`)).toHaveLength(1);

    // A withdrawn consent: the next mail of that topic is not sent, counted as skipped.
    const withdrawn = await subscriber({ consents: { [`news-${suffix}`]: { status: 'withdrawn', at: clock.now().toISOString() } } });
    await enterJourneys(enterPorts(), { type: 'order_placed', contactId: withdrawn.id });
    await drain();
    expect(await mailsTo(withdrawn.email, `Welcome ${suffix}`)).toHaveLength(0);
    const { stats } = await journeyWithStats({ journeys: repos.journeys, participants: repos.journeyParticipants }, journey.id);
    expect(stats.steps.mail).toMatchObject({ sent: 3, skipped: 1 });
  });

  it('holds a journey mail back while the frequency cap is reached, and sends it once allowed', async () => {
    const journey = await aPublishedOneMailJourney('Capped', `tips-${suffix}`);
    const person = await subscriber();
    // One marketing mail two days ago; the cap allows one per 7 days.
    const twoDaysAgo = new Date(clock.now().getTime() - 2 * DAY).toISOString();
    await repos.contacts.addMailEntry(person.id, { id: 'm-old-sent', at: twoDaysAgo, kind: 'sent', mailingId: 'm-old', messageId: 'm-old' });
    cap = { mails: 1, days: 7 };
    try {
      await enterJourneys(enterPorts(), { type: 'order_placed', contactId: person.id });
      await drain();
      expect(await mailsTo(person.email, `Tips ${suffix}`)).toHaveLength(0);
      expect(await repos.journeyParticipants.get(person.id, journey.id)).toMatchObject({
        waitingFor: 'cap',
        dueAt: new Date(Date.parse(twoDaysAgo) + 7 * DAY).toISOString(),
      });
      clock.advance(4 * DAY);
      expect((await sweep()).handedOn).toBe(0);
      clock.advance(DAY + 60_000);
      await sweep();
      await drain();
      expect(await mailsTo(person.email, `Tips ${suffix}`)).toHaveLength(1);
      const { stats } = await journeyWithStats({ journeys: repos.journeys, participants: repos.journeyParticipants }, journey.id);
      expect(stats.steps.mail).toMatchObject({ capped: 1, sent: 1 });
    } finally {
      cap = undefined;
    }
  });
});
