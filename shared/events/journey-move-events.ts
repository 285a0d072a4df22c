import type { Participant } from '#shared/domain/journey-participant';
import { eventCatalog } from './catalog';
import type { DomainEvent } from './publisher';

/**
 * What a participant's move announces: `journey.entered` when they become active (a first entry or a
 * re-entry), `journey.exited` when they stop being active. The ids are derived from the journey, the person
 * and their entry count, and the times from the move itself, so a retried move writes the same outbox item
 * and nothing is announced twice.
 */
export function journeyMoveEvents(previous: Participant | undefined, next: Participant): DomainEvent[] {
  const wasActive = previous?.status === 'active';
  const isActive = next.status === 'active';
  const subject = `${next.journeyId}:${next.contactId}:${next.entries}`;
  const common = { journeyId: next.journeyId, version: next.version, contactId: next.contactId };
  if (!wasActive && isActive)
    return [eventCatalog.journeyEntered.event({ id: `journey-entered:${subject}`, occurredAt: next.enteredAt, ...common, entries: next.entries })];
  if (wasActive && !isActive) {
    const reason = next.status === 'completed' ? 'completed' : (next.exitReason ?? 'completed');
    return [eventCatalog.journeyExited.event({ id: `journey-exited:${subject}`, occurredAt: next.finishedAt ?? next.stepAt, ...common, reason })];
  }
  return [];
}
