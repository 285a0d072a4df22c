import { contributionsOf } from '#shared/domain/campaign-analytics';
import type { AttributionStore } from './analytics-ports';
import { ConcurrentWriteError } from './port-errors';

export interface AttributionPorts {
  stats: AttributionStore;
}

const MAX_ATTEMPTS = 8;

/**
 * Brings a contact's share of the campaign counters up to date with its stored facts: computes what it
 * contributes now and moves the counters by the difference to what it contributed before. Running it
 * again (a retried stream batch, a rebuild) moves nothing. `changed` says whether counters moved.
 */
export async function refreshAttribution(ports: AttributionPorts, contactId: string): Promise<{ changed: boolean }> {
  for (let attempt = 1; ; attempt += 1) {
    const state = await ports.stats.attributionState(contactId);
    if (!state) return { changed: false };
    const next = contributionsOf(state.facts);
    try {
      return { changed: (await ports.stats.applyContributions(contactId, state, next)) === 'moved' };
    } catch (error) {
      if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
