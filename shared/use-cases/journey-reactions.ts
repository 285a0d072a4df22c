import type { JourneyDefinition } from '#shared/domain/journey-lifecycle';
import { finish, type Participant, stepOf } from '#shared/domain/journey-participant';
import type { Clock } from './ports';
import type { JourneyWork, ParticipantStore } from './run-journey-step';

/** What happened on the bus that may move or end a participant. */
export type JourneyReaction =
  | { type: 'email_engaged'; contactId: string; journeyId: string; stepId: string; event: 'opened' | 'clicked'; at: string }
  | { type: 'order_placed'; contactId: string }
  | { type: 'segment_exited'; contactId: string; segmentId: string }
  | { type: 'consent_withdrawn'; contactId: string; topic: string };

export interface JourneyReactionPorts {
  participants: ParticipantStore & { ofContact(contactId: string): Promise<Participant[]> };
  journeys: { getVersion(id: string, version: number): Promise<{ definition: JourneyDefinition } | undefined> };
  queue: { enqueue(work: readonly JourneyWork[]): Promise<void> };
  clock: Clock;
}

/** Whether reaching this goal event now ends the participant's journey as a conversion. */
function goalReached(definition: JourneyDefinition, participant: Participant, reaction: JourneyReaction, now: Date): boolean {
  const goal = definition.goal;
  if (!goal || !participant.goalUntil || now.getTime() > Date.parse(participant.goalUntil)) return false;
  if (reaction.type === 'order_placed') return goal.type === 'order_placed';
  if (reaction.type === 'segment_exited') return goal.type === 'segment_exited' && goal.segmentId === reaction.segmentId;
  return false;
}

/**
 * Moves participants on what they did, without waiting for the sweep: an open or click is recorded on the
 * step that sent the mail (counted once) and wakes a branch waiting for it; an order or a segment exit that
 * is the journey's goal ends it as a conversion (and still converts someone whose steps are done, within the
 * goal's days); a withdrawn consent ends every journey that mails on that
 * topic (the send check would skip its mails anyway). Each a conditional move, so a repeated event is a no-op.
 */
export async function reactToJourneyEvent(ports: JourneyReactionPorts, reaction: JourneyReaction): Promise<number> {
  const now = ports.clock.now();
  const definitions = new Map<string, JourneyDefinition | undefined>();
  const definitionOf = async (participant: Participant) => {
    const key = `${participant.journeyId}#${participant.version}`;
    if (!definitions.has(key)) definitions.set(key, (await ports.journeys.getVersion(participant.journeyId, participant.version))?.definition);
    return definitions.get(key);
  };

  if (reaction.type === 'email_engaged') {
    const participant = await ports.participants.get(reaction.contactId, reaction.journeyId);
    if (!participant || participant.engagement[reaction.stepId]?.[reaction.event]) return 0;
    const definition = await definitionOf(participant);
    const engagement = { ...participant.engagement, [reaction.stepId]: { ...participant.engagement[reaction.stepId], [reaction.event]: reaction.at } };
    const next: Participant = { ...participant, attempt: participant.attempt + 1, engagement };
    const waiting = definition && participant.status === 'active' && participant.waitingFor === 'email' ? stepOf(definition, participant.stepId) : undefined;
    const wakes = waiting?.type === 'branch' && waiting.email?.stepId === reaction.stepId && waiting.email.event === reaction.event;
    if (wakes) {
      next.dueAt = now.toISOString();
      delete next.waitingFor;
    }
    if (!(await ports.participants.move(participant, next, { [`step.${reaction.stepId}.${reaction.event}`]: 1 }))) return 0;
    if (wakes) await ports.queue.enqueue([{ journeyId: participant.journeyId, contactId: participant.contactId }]);
    return 1;
  }

  let moved = 0;
  for (const participant of await ports.participants.ofContact(reaction.contactId)) {
    if (participant.status === 'exited' || participant.converted) continue;
    const definition = await definitionOf(participant);
    if (!definition) continue;
    if (participant.status === 'completed') {
      // The goal's window outlasts the steps (a win-back's one mail, then 30 days to order): a late goal still converts.
      if (!goalReached(definition, participant, reaction, now)) continue;
      const converted: Participant = { ...participant, attempt: participant.attempt + 1, converted: true };
      if (await ports.participants.move(participant, converted, { [participant.holdout ? 'holdout.converted' : 'converted']: 1 })) moved += 1;
      continue;
    }
    const unsubscribed = reaction.type === 'consent_withdrawn' && definition.steps.some((step) => step.type === 'send_email' && step.topic === reaction.topic);
    const reason = goalReached(definition, participant, reaction, now) ? 'goal' : unsubscribed ? 'unsubscribed' : undefined;
    if (!reason) continue;
    const move = finish(participant, 'exited', now, {}, reason);
    if (await ports.participants.move(participant, move.next, move.stats)) moved += 1;
  }
  return moved;
}
