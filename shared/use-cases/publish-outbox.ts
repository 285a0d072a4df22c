import type { DomainEvent, EventPublisher } from '#shared/events/publisher';

/** One stream record as the outbox reader sees it: its position in the shard and what it stands for. */
export interface OutboxRecord {
  position: string;
  change: { event: DomainEvent } | { poison: string };
}

export interface OutboxResult {
  published: number;
  /** The position to retry from (this record and all after it); absent when everything went out. */
  failedFrom?: string;
  reason?: string;
}

/** PutEvents takes at most 10 entries. */
const CHUNK = 10;

/**
 * Publishes the events of a batch of stream records in their order, ten per PutEvents. When a chunk
 * fails (or a record is poison), it stops and names that chunk's first record: the stream delivers it
 * and everything after it again, with the same ids, so nothing is lost and nothing before it is sent twice.
 */
export async function publishOutbox(ports: { events: EventPublisher }, records: readonly OutboxRecord[]): Promise<OutboxResult> {
  let published = 0;
  for (let start = 0; start < records.length; ) {
    const chunk: Array<{ position: string; event: DomainEvent }> = [];
    let poison: OutboxRecord | undefined;
    for (const record of records.slice(start, start + CHUNK)) {
      if ('poison' in record.change) {
        poison = record;
        break;
      }
      chunk.push({ position: record.position, event: record.change.event });
    }
    const first = chunk[0];
    if (first) {
      try {
        await ports.events.publish(chunk.map((entry) => entry.event));
      } catch (error) {
        return { published, failedFrom: first.position, reason: (error as Error).name };
      }
      published += chunk.length;
    }
    if (poison && 'poison' in poison.change) return { published, failedFrom: poison.position, reason: poison.change.poison };
    start += chunk.length;
  }
  return { published };
}
