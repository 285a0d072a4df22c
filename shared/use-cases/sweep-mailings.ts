import { eventCatalog } from '#shared/events/catalog';
import type { Clock } from './ports';
import type { SweptMailings } from './mailing-ports';

export interface SweepPorts {
  mailings: SweptMailings;
  clock: Clock;
  newId: () => string;
}

export interface SweepResult {
  /** Sending mailings whose preparation was asked for again. */
  restarted: string[];
  /** Prepared mailings with every recipient counted that were marked sent. */
  completed: string[];
}

/**
 * The sweeper's tick: a mailing in `sending` whose record has not moved for `stuckAfterMs` (every
 * preparation page and every counted batch moves it) lost its start (the request never arrived, the
 * preparer died); its preparation is asked for again through the outbox and resumes from the last
 * stored page. Nothing is sent twice: queued recipients are claimed before each mail. A prepared one
 * whose last recipient is counted but whose finish was lost is marked sent.
 */
export async function sweepStuckMailings(ports: SweepPorts, settings: { stuckAfterMs: number }): Promise<SweepResult> {
  const now = ports.clock.now();
  const result: SweepResult = { restarted: [], completed: [] };
  for (const mailing of await ports.mailings.inFlight()) {
    if (mailing.status !== 'sending' || now.getTime() - Date.parse(mailing.updatedAt) < settings.stuckAfterMs) continue;
    if (mailing.prepared) {
      if (await ports.mailings.completeIfDone(mailing.id, now)) result.completed.push(mailing.id);
      continue;
    }
    const request = eventCatalog.mailingSendRequested.event({ id: ports.newId(), mailingId: mailing.id, occurredAt: now.toISOString() });
    if (await ports.mailings.requestPreparationAgain(mailing, now, request)) result.restarted.push(mailing.id);
  }
  return result;
}
