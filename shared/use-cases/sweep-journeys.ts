import type { Clock } from './ports';
import type { JourneyWork } from './run-journey-step';

export interface SweepPorts {
  due: { shards(): string[]; due(shard: string, now: Date, limit: number): Promise<Array<JourneyWork & { dueAt: string }>> };
  queue: { enqueue(work: readonly JourneyWork[]): Promise<void> };
  clock: Clock;
}

/**
 * Hands every participant whose step is due to the queue: each shard of the due index read up to `now`.
 * A participant stays in the index until its step has run, so a sweep that overlaps the previous one, or
 * a clock that jumps, hands some on twice, which the worker's conditional moves make harmless; one that
 * finds more than `perShard` leaves the rest to the next sweep a minute later.
 */
export async function sweepJourneys(ports: SweepPorts, perShard = 5000): Promise<{ handedOn: number }> {
  const now = ports.clock.now();
  let handedOn = 0;
  await Promise.all(
    ports.due.shards().map(async (shard) => {
      const due = await ports.due.due(shard, now, perShard);
      if (due.length === 0) return;
      await ports.queue.enqueue(due.map(({ journeyId, contactId }) => ({ journeyId, contactId })));
      handedOn += due.length;
    }),
  );
  return { handedOn };
}
