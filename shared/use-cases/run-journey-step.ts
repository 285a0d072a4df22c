import type { Journey, JourneyDefinition } from '#shared/domain/journey-lifecycle';
import type { JourneyStep } from '#shared/domain/journey';
import { arrive, decide, finish, type Move, type Participant, type StepSend, stepOf, withStats } from '#shared/domain/journey-participant';
import type { MailTimelineEntry, RecipientFacts } from '#shared/domain/mailing';
import { MailOutcomeUnknownError, MailRejectedError, MailThrottledError } from '#shared/mail/errors';
import { compileRule, type RuleNode, type SegmentFacts } from '#shared/domain/segment-rule';
import { type FrequencyCapPort, nextSendAllowed } from './frequency-cap-check';
import type { Clock } from './ports';

/** One participant's work, as the queue carries it and the sweep finds it. */
export interface JourneyWork {
  journeyId: string;
  contactId: string;
}

export interface ParticipantStore {
  get(contactId: string, journeyId: string): Promise<Participant | undefined>;
  /** The move, written only if the participant is still as read; `scoreDelta` changes the person's score with it. */
  move(previous: Participant | undefined, next: Participant, stats: Record<string, number>, effects?: { scoreDelta?: number }): Promise<boolean>;
}

/** A journey mail to one person, composed and sent; SES faults arrive as the mail errors (`shared/mail/errors`). */
export interface JourneyMailSender {
  send(input: {
    recipient: RecipientFacts;
    step: Extract<JourneyStep, { type: 'send_email' }>;
    journeyId: string;
    version: number;
  }): Promise<{ messageId: string }>;
}

export interface JourneyStepPorts {
  journeys: { get(id: string): Promise<Journey | undefined>; getVersion(id: string, version: number): Promise<{ definition: JourneyDefinition } | undefined> };
  participants: ParticipantStore;
  /** A contact's facts as segment rules read them (undefined: erased). */
  facts: { factsOf(contactId: string): Promise<SegmentFacts | undefined> };
  /** Who may be mailed on a topic now: consent, suppression (undefined: erased or not mailable). */
  recipients: {
    recipient(contactId: string, topic: string): Promise<{ facts: RecipientFacts; verdict: 'send' | 'skippedNoConsent' | 'suppressed' } | undefined>;
  };
  /** Tags added and removed on the profile (idempotent: running it twice changes nothing more). */
  tags: { change(contactId: string, add: readonly string[], remove: readonly string[]): Promise<void> };
  /** When the person was last sent marketing mails (for the frequency cap). */
  mail: JourneyMailSender;
  /** The sent mail in the contact's timeline (the 360° page, the frequency cap). */
  timeline: { addMailEntry(contactId: string, entry: MailTimelineEntry, options?: { contactExists?: boolean }): Promise<void> };
  clock: Clock;
  /** The frequency cap across journeys and mailings now (`GET /v1/settings`); undefined when off. */
  frequencyCap: FrequencyCapPort;
  settings: { claimLeaseMs: number; pausedRecheckMs: number; maxStepsPerRun: number };
}

export type StepOutcome = 'gone' | 'not_due' | 'finished' | 'waiting' | 'overtaken' | 'held' | 'paused';

/** A mail the queue should try again later (SES throttled): the claim is given back first. */
export class JourneySendDeferredError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the journey mail was deferred', options);
    this.name = 'JourneySendDeferredError';
  }
}

const without = <T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> => {
  const { [key]: _removed, ...rest } = value;
  return rest;
};

/**
 * Runs a participant's due steps, one move at a time, until they wait, finish, or `maxStepsPerRun` is
 * reached (then the rest is due now and the sweep hands it on). Every move is conditional on the attempt
 * read, so the same work delivered twice, or a sweep overlapping the previous one, runs each step once.
 * The participant, the journey and its version are read once: after a move the participant is what the
 * move wrote (a concurrent change makes the next move's condition fail: `overtaken`).
 */
export async function runJourneyStep(ports: JourneyStepPorts, work: JourneyWork): Promise<StepOutcome> {
  let participant = await ports.participants.get(work.contactId, work.journeyId);
  if (participant?.status !== 'active') return 'gone';
  if (participant.dueAt && Date.parse(participant.dueAt) > ports.clock.now().getTime()) return 'not_due';
  const journey = await ports.journeys.get(work.journeyId);
  if (!journey) return 'gone';
  const definition = (await ports.journeys.getVersion(work.journeyId, participant.version))?.definition;
  if (!definition) throw new Error(`journey ${work.journeyId} has no version ${participant.version}`);
  for (let step = 0; step < ports.settings.maxStepsPerRun; step += 1) {
    const move = await nextMove(ports, journey, definition, participant, ports.clock.now());
    if (move === 'held' || move === 'paused') return move;
    if (!(await ports.participants.move(move.from ?? participant, move.next, move.stats, move.scoreDelta ? { scoreDelta: move.scoreDelta } : {})))
      return 'overtaken';
    await move.after?.();
    if (move.next.status !== 'active') return 'finished';
    // Due later than now (a wait, a window, the cap): the sweep brings it back. A step due at once runs on.
    if (move.next.dueAt && Date.parse(move.next.dueAt) > ports.clock.now().getTime()) return 'waiting';
    participant = move.next;
  }
  return 'waiting';
}

/** A move, from the participant as read unless `from` says otherwise (after a claim), and what follows its write. */
type PlannedMove = Move & { from?: Participant; after?: () => Promise<void>; scoreDelta?: number };

async function nextMove(
  ports: JourneyStepPorts,
  journey: Journey,
  definition: JourneyDefinition,
  participant: Participant,
  now: Date,
): Promise<PlannedMove | 'held' | 'paused'> {
  if (journey.status === 'archived') return finish(participant, 'exited', now, {}, 'archived');
  if (journey.status === 'paused') {
    // Paused: nothing runs; the participant is looked at again later (resume makes no one wait longer than that).
    return {
      next: { ...participant, attempt: participant.attempt + 1, dueAt: new Date(now.getTime() + ports.settings.pausedRecheckMs).toISOString() },
      stats: {},
    };
  }
  const step = stepOf(definition, participant.stepId);
  const goal = definition.goal;
  const goalRule = goal?.type === 'rule' && participant.goalUntil && now.getTime() <= Date.parse(participant.goalUntil) ? goal.rule : undefined;
  // The profile is read only when a rule asks about it (a rule goal still open, a rule branch), not for every step.
  const facts = goalRule || (step.type === 'branch' && step.rule) ? await ports.facts.factsOf(participant.contactId) : undefined;
  const ruleMet = (rule: RuleNode) => (facts ? compileRule(rule, now)(facts) : false);
  if (goalRule && ruleMet(goalRule)) return finish(participant, 'exited', now, {}, 'goal');
  if (step.type === 'send_email') return sendMove(ports, definition, participant, step, now);
  if (step.type === 'update_contact') {
    // Tags are set idempotently before the move (a rerun after a crash changes nothing more); the score
    // moves with the step's own transaction, so it changes exactly once.
    if (step.addTags?.length || step.removeTags?.length) await ports.tags.change(participant.contactId, step.addTags ?? [], step.removeTags ?? []);
    return {
      ...withStats(arrive(participant, definition, step.next, now), { [`step.${step.id}.updated`]: 1 }),
      ...(step.scoreDelta ? { scoreDelta: step.scoreDelta } : {}),
    };
  }
  return decide(participant, definition, { now, ruleMet });
}

/** Settles the step's send (sent, skipped, failed) and moves on to its next step, in one move. */
function settle(
  definition: JourneyDefinition,
  participant: Participant,
  step: Extract<JourneyStep, { type: 'send_email' }>,
  send: StepSend,
  counter: string,
  now: Date,
): Move {
  const sent = { ...participant, sends: { ...participant.sends, [step.id]: send } };
  return withStats(arrive(sent, definition, step.next, now), { [`step.${step.id}.${counter}`]: 1 });
}

async function sendMove(
  ports: JourneyStepPorts,
  definition: JourneyDefinition,
  participant: Participant,
  step: Extract<JourneyStep, { type: 'send_email' }>,
  now: Date,
): Promise<PlannedMove | 'held'> {
  const at = now.toISOString();
  const held = participant.sends[step.id];
  if (held?.outcome === 'claimed' && held.leaseUntil && Date.parse(held.leaseUntil) > now.getTime()) return 'held';
  if (participant.holdout) return settle(definition, participant, step, { at, outcome: 'skipped_holdout' }, 'skipped', now);
  // Checked at the moment of sending: consent withdrawn or an address suppressed since entry sends nothing.
  const recipient = await ports.recipients.recipient(participant.contactId, step.topic);
  if (recipient?.verdict !== 'send') {
    return settle(
      definition,
      participant,
      step,
      { at, outcome: recipient?.verdict === 'skippedNoConsent' ? 'skipped_no_consent' : 'suppressed' },
      'skipped',
      now,
    );
  }
  const allowed = await nextSendAllowed(ports.frequencyCap, participant.contactId, now);
  if (allowed.getTime() > now.getTime()) {
    return {
      next: { ...participant, attempt: participant.attempt + 1, dueAt: allowed.toISOString(), waitingFor: 'cap' },
      stats: { [`step.${step.id}.capped`]: 1 },
    };
  }
  // The claim: written before SES is called, so a second delivery sees it and a crash leaves it to lapse.
  const leaseUntil = new Date(now.getTime() + ports.settings.claimLeaseMs).toISOString();
  const claimed: Participant = {
    ...participant,
    attempt: participant.attempt + 1,
    dueAt: leaseUntil,
    sends: { ...participant.sends, [step.id]: { at, outcome: 'claimed', leaseUntil } },
  };
  if (!(await ports.participants.move(participant, claimed, {}))) return 'held';
  let send: StepSend;
  try {
    const { messageId } = await ports.mail.send({ recipient: recipient.facts, step, journeyId: participant.journeyId, version: participant.version });
    send = { at: ports.clock.now().toISOString(), outcome: 'sent', messageId };
  } catch (error) {
    if (error instanceof MailThrottledError) {
      // Give the claim back, due again shortly; the queue's retry or the next sweep sends it.
      await ports.participants.move(
        claimed,
        {
          ...without(claimed, 'waitingFor'),
          attempt: claimed.attempt + 1,
          dueAt: new Date(now.getTime() + 60_000).toISOString(),
          sends: without(claimed.sends, step.id),
        },
        {},
      );
      throw new JourneySendDeferredError({ cause: error });
    }
    if (!(error instanceof MailRejectedError || error instanceof MailOutcomeUnknownError)) throw error;
    // Rejected, or no answer (SES may have taken it: sending again could mail twice): failed, and on.
    send = { at: ports.clock.now().toISOString(), outcome: 'failed' };
  }
  const settled = settle(definition, claimed, step, send, send.outcome === 'sent' ? 'sent' : 'failed', ports.clock.now());
  const { messageId } = send;
  // The timeline entry follows the settled move: were it first and failing, a retry could mail again.
  const after = messageId
    ? () =>
        ports.timeline.addMailEntry(
          participant.contactId,
          { id: `${messageId}-sent`, at: send.at, kind: 'sent', journeyId: participant.journeyId, stepId: step.id, messageId },
          { contactExists: true },
        )
    : undefined;
  return { ...settled, from: claimed, ...(after ? { after } : {}) };
}
