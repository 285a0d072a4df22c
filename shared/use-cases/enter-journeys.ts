import type { Journey, JourneyDefinition } from '#shared/domain/journey-lifecycle';
import type { JourneyTrigger } from '#shared/domain/journey';
import { enter, mayReenter, type Participant } from '#shared/domain/journey-participant';
import { compileRule, type SegmentFacts } from '#shared/domain/segment-rule';
import type { Clock } from './ports';
import type { JourneyWork, ParticipantStore } from './run-journey-step';

/** What happened to a contact that may start journeys: the event, reduced to what triggers compare. */
export type TriggerEvent =
  | { type: 'segment_entered'; contactId: string; segmentId: string }
  | { type: 'lead_captured'; contactId: string; formId?: string; campaignId?: string }
  | { type: 'consent_granted'; contactId: string; topic: string }
  | { type: 'order_placed'; contactId: string };

/** Whether a journey's trigger fires on the event (a lead trigger with no form or campaign takes every lead). */
export function triggerMatches(trigger: JourneyTrigger, event: TriggerEvent): boolean {
  switch (trigger.type) {
    case 'segment_entered':
      return event.type === 'segment_entered' && event.segmentId === trigger.segmentId;
    case 'consent_granted':
      return event.type === 'consent_granted' && event.topic === trigger.topic;
    case 'order_placed':
      return event.type === 'order_placed';
    case 'lead_captured':
      return (
        event.type === 'lead_captured' &&
        (trigger.formId === undefined || trigger.formId === event.formId) &&
        (trigger.campaignId === undefined || trigger.campaignId === event.campaignId)
      );
  }
}

export interface EnterJourneyPorts {
  /** The published journeys with the definition new participants enter (cached briefly by the caller). */
  published: { journeys(): Promise<Array<{ journey: Journey; definition: JourneyDefinition }>> };
  participants: ParticipantStore;
  facts: { factsOf(contactId: string): Promise<SegmentFacts | undefined> };
  queue: { enqueue(work: readonly JourneyWork[]): Promise<void> };
  clock: Clock;
}

export interface EnterResult {
  entered: string[];
  /** Journeys whose trigger fired but which the contact did not enter, and why. */
  skipped: Array<{ journeyId: string; reason: 'entry_rule' | 'already_in' | 'no_reentry' | 'erased' | 'overtaken' }>;
}

/**
 * Enters the contact into every published journey whose trigger the event fires and whose entry rule
 * their facts meet, once (or again after the re-entry days), and hands the first step to the queue. A
 * repeated event enters nobody twice: entering is a conditional write on the participant as read.
 */
export async function enterJourneys(ports: EnterJourneyPorts, event: TriggerEvent): Promise<EnterResult> {
  const result: EnterResult = { entered: [], skipped: [] };
  const candidates = (await ports.published.journeys()).filter(
    ({ journey, definition }) => journey.status === 'published' && triggerMatches(definition.trigger, event),
  );
  if (candidates.length === 0) return result;
  const facts = await ports.facts.factsOf(event.contactId);
  const now = ports.clock.now();
  for (const { journey, definition } of candidates) {
    const skip = (reason: EnterResult['skipped'][number]['reason']) => result.skipped.push({ journeyId: journey.id, reason });
    if (!facts) {
      skip('erased');
      continue;
    }
    if (definition.entry?.rule && !compileRule(definition.entry.rule, now)(facts)) {
      skip('entry_rule');
      continue;
    }
    const previous: Participant | undefined = await ports.participants.get(event.contactId, journey.id);
    if (previous?.status === 'active') {
      skip('already_in');
      continue;
    }
    if (previous && !mayReenter(previous, definition.entry?.reentry ?? 'never', now)) {
      skip('no_reentry');
      continue;
    }
    const move = enter(
      {
        journeyId: journey.id,
        contactId: event.contactId,
        version: journey.publishedVersion ?? journey.version,
        definition,
        holdoutPercent: definition.holdoutPercent,
        entries: (previous?.entries ?? 0) + 1,
      },
      now,
    );
    if (!(await ports.participants.move(previous, move.next, move.stats))) {
      skip('overtaken');
      continue;
    }
    result.entered.push(journey.id);
  }
  if (result.entered.length > 0) await ports.queue.enqueue(result.entered.map((journeyId) => ({ journeyId, contactId: event.contactId })));
  return result;
}
