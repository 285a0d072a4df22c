import { inParallel } from '#shared/in-parallel';
import { type AttributionPorts, refreshAttribution } from './refresh-attribution';
import type { FactsScanner } from './segment-ports';

export interface RebuildPorts extends AttributionPorts {
  segments: FactsScanner;
}

export interface RebuildSummary {
  contacts: number;
  changed: number;
}

/**
 * Recomputes every contact's share of the campaign counters from its stored timeline, orders and
 * proofs, and moves the counters by the differences: after a change of the attribution rules, or to
 * repair counters. Safe while the product runs (each contact's share is moved under its version) and
 * safe to run twice.
 */
export async function rebuildStats(
  ports: RebuildPorts,
  options: { workers: number; concurrency: number; onProgress?: (summary: RebuildSummary) => void },
): Promise<RebuildSummary> {
  const summary: RebuildSummary = { contacts: 0, changed: 0 };
  await ports.segments.scanAllFacts({ attributes: ['id'], workers: options.workers }, async (page) => {
    await inParallel(page, options.concurrency, async (facts) => {
      const { changed } = await refreshAttribution(ports, facts.id);
      summary.contacts += 1;
      if (changed) summary.changed += 1;
    });
    options.onProgress?.(summary);
  });
  return summary;
}
