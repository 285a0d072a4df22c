import * as z from '#shared/zod';
import type { JourneyStep } from './journey';
import type { JourneyDefinition } from './journey-lifecycle';
import { inHoldout, splitPath } from './journey-split';
import { waitOver } from './journey-timing';

export const PARTICIPANT_STATUSES = ['active', 'completed', 'exited'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];
export type ExitReason = 'goal' | 'unsubscribed' | 'archived' | 'erased';

/** One participant's work as the journey queue carries it: whose step in which journey is due. */
export const journeyWorkSchema = z.strictObject({ journeyId: z.string().min(1).max(200), contactId: z.string().min(1).max(200) });

/** What became of a send step's mail for this participant. */
export interface StepSend {
  at: string;
  /** `claimed`: a worker holds the send until `leaseUntil` (it may be calling SES); then it is settled. */
  outcome: 'claimed' | 'sent' | 'skipped_holdout' | 'skipped_no_consent' | 'suppressed' | 'failed';
  messageId?: string;
  leaseUntil?: string;
}

/**
 * One person in one journey: the version they entered, where they are and when that step is due. `attempt`
 * grows with every move, and every move is a write conditional on the attempt read, so a step runs once
 * however often it is delivered.
 */
export interface Participant {
  journeyId: string;
  contactId: string;
  version: number;
  status: ParticipantStatus;
  stepId: string;
  attempt: number;
  /** When the current step runs (absent once finished). */
  dueAt?: string;
  /** Why the current step is not run yet: a wait, an email branch's window, the frequency cap. */
  waitingFor?: 'wait' | 'email' | 'cap';
  enteredAt: string;
  stepAt: string;
  /** How often this person has entered this journey (re-entry). */
  entries: number;
  holdout: boolean;
  /** Until when reaching the goal counts as a conversion. */
  goalUntil?: string;
  sends: Record<string, StepSend>;
  /** Opens and clicks of this journey's mails, by the step that sent them. */
  engagement: Record<string, { opened?: string; clicked?: string }>;
  finishedAt?: string;
  exitReason?: ExitReason;
  converted?: boolean;
}

/** Counters a move adds to the journey's figures (README, "Journeys"): flat names such as `step.welcome.sent`. */
export type StatDeltas = Record<string, number>;

/** Where a participant goes after the step: the next step (due now, or when a wait says), or the end. */
export interface Move {
  next: Participant;
  stats: StatDeltas;
}

/**
 * The participant on arriving at `stepId` at `now`: when that step is due (a wait's end, else now). A step id
 * of undefined is the end of the journey: completed.
 */
export function arrive(participant: Participant, definition: JourneyDefinition, stepId: string | undefined, now: Date, contactZone?: string): Move {
  if (stepId === undefined) return finish(participant, 'completed', now);
  const step = stepOf(definition, stepId);
  if (step.type === 'exit') {
    const done = finish(participant, 'completed', now, { [`step.${stepId}.reached`]: 1 });
    return { next: { ...done.next, stepId }, stats: done.stats };
  }
  const at = now.toISOString();
  const { waitingFor: _waitingFor, ...rest } = participant;
  const stats = sumStats(leaving(participant), { [`step.${stepId}.reached`]: 1, [`step.${stepId}.here`]: 1 });
  const next: Participant = { ...rest, stepId, attempt: participant.attempt + 1, stepAt: at, dueAt: at };
  if (step.type === 'wait') return { next: { ...next, dueAt: waitOver(step, now, contactZone).toISOString(), waitingFor: 'wait' }, stats };
  return { next, stats };
}

/** A participant leaving their current step: one fewer there (a participant not yet placed leaves nothing). */
function leaving(participant: Participant): StatDeltas {
  return participant.attempt >= 0 && participant.status === 'active' ? { [`step.${participant.stepId}.here`]: -1 } : {};
}

/** Adds counters name by name. */
export function sumStats(...all: StatDeltas[]): StatDeltas {
  const sum: StatDeltas = {};
  for (const stats of all) for (const [name, value] of Object.entries(stats)) sum[name] = (sum[name] ?? 0) + value;
  return Object.fromEntries(Object.entries(sum).filter(([, value]) => value !== 0));
}

/** The participant finished: completed (the end, an exit step) or exited (goal, unsubscribe, archive, erasure). */
export function finish(participant: Participant, status: 'completed' | 'exited', now: Date, stats: StatDeltas = {}, reason?: ExitReason): Move {
  const { dueAt: _dueAt, waitingFor: _waitingFor, ...rest } = participant;
  const next: Participant = { ...rest, status, attempt: participant.attempt + 1, finishedAt: now.toISOString(), ...(reason ? { exitReason: reason } : {}) };
  const counted: StatDeltas = { active: -1, [status]: 1, ...(reason ? { [`exited.${reason}`]: 1 } : {}) };
  if (reason === 'goal') {
    next.converted = true;
    counted[participant.holdout ? 'holdout.converted' : 'converted'] = 1;
  }
  return { next, stats: sumStats(leaving(participant), stats, counted) };
}

export function stepOf(definition: JourneyDefinition, stepId: string): JourneyStep {
  const step = definition.steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new Error(`step ${stepId} is not in this version`);
  return step;
}

/** A new participant at the journey's first step (entries counts re-entries). */
export function enter(
  input: { journeyId: string; contactId: string; version: number; definition: JourneyDefinition; holdoutPercent: number; entries: number },
  now: Date,
  contactZone?: string,
): Move {
  const first = input.definition.steps[0];
  if (!first) throw new Error('a journey has at least one step');
  const holdout = inHoldout(input.contactId, input.journeyId, input.holdoutPercent);
  const at = now.toISOString();
  const goal = input.definition.goal;
  const fresh: Participant = {
    journeyId: input.journeyId,
    contactId: input.contactId,
    version: input.version,
    status: 'active',
    stepId: first.id,
    attempt: 0,
    enteredAt: at,
    stepAt: at,
    entries: input.entries,
    holdout,
    ...(goal ? { goalUntil: new Date(now.getTime() + goal.withinDays * 86_400_000).toISOString() } : {}),
    sends: {},
    engagement: {},
  };
  const arrived = arrive({ ...fresh, attempt: -1 }, input.definition, first.id, now, contactZone);
  return { next: arrived.next, stats: sumStats({ entered: 1, active: 1, ...(holdout ? { 'holdout.entered': 1 } : {}) }, arrived.stats) };
}

/** What a step needs to decide that only the outside world knows. */
export interface StepContext {
  now: Date;
  /** For a rule branch: whether the contact's facts meet the rule (undefined: no such contact any more). */
  ruleMet?: (rule: NonNullable<Extract<JourneyStep, { type: 'branch' }>['rule']>) => boolean;
  contactZone?: string;
}

/**
 * Decides a step that sends nothing and changes no contact (wait, branch, split, exit). A send or an update
 * is done by the worker, which then calls `arrive` with the step's `next`. An email branch whose window is
 * still open stays on the step until the window ends or the open/click arrives.
 */
export function decide(participant: Participant, definition: JourneyDefinition, context: StepContext): Move {
  const step = stepOf(definition, participant.stepId);
  const { now } = context;
  switch (step.type) {
    case 'wait':
      return arrive(participant, definition, step.next, now, context.contactZone);
    case 'split': {
      const path = splitPath(step.paths, participant.contactId, `${participant.journeyId}:${step.id}`);
      const index = step.paths.indexOf(path);
      return withStats(arrive(participant, definition, path.next, now, context.contactZone), { [`step.${step.id}.paths.${index}`]: 1 });
    }
    case 'branch': {
      if (step.rule) {
        const yes = context.ruleMet?.(step.rule) ?? false;
        return withStats(arrive(participant, definition, yes ? step.yes : step.no, now, context.contactZone), { [`step.${step.id}.${yes ? 'yes' : 'no'}`]: 1 });
      }
      const question = step.email;
      if (!question) throw new Error(`branch ${step.id} asks nothing`);
      const send = participant.sends[question.stepId];
      const engaged = participant.engagement[question.stepId]?.[question.event];
      const windowEnd = send ? Date.parse(send.at) + question.withinHours * 3_600_000 : 0;
      const yes = send?.outcome === 'sent' && engaged !== undefined && Date.parse(engaged) <= windowEnd;
      if (!yes && send?.outcome === 'sent' && now.getTime() < windowEnd) {
        return { next: { ...participant, attempt: participant.attempt + 1, dueAt: new Date(windowEnd).toISOString(), waitingFor: 'email' }, stats: {} };
      }
      return withStats(arrive(participant, definition, yes ? step.yes : step.no, now, context.contactZone), { [`step.${step.id}.${yes ? 'yes' : 'no'}`]: 1 });
    }
    case 'exit':
      return finish(participant, 'completed', now);
    default:
      throw new Error(`step ${step.id} (${step.type}) is run by the worker, not decided`);
  }
}

/** The move with more counters added to its own. */
export function withStats(move: Move, stats: StatDeltas): Move {
  return { next: move.next, stats: sumStats(move.stats, stats) };
}

/** Whether a finished participant may enter again now (re-entry: never, or after n days since they entered). */
export function mayReenter(previous: Pick<Participant, 'status' | 'enteredAt'>, reentry: 'never' | { afterDays: number }, now: Date): boolean {
  if (previous.status === 'active' || reentry === 'never') return false;
  return now.getTime() - Date.parse(previous.enteredAt) >= reentry.afterDays * 86_400_000;
}
