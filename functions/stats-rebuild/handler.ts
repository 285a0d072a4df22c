import { segmentsConfig } from '#shared/config';
import { repositoriesFor, tableRef } from '#shared/container';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { rebuildStats, type RebuildSummary } from '#shared/use-cases/rebuild-stats';

const { segments, stats } = repositoriesFor(tableRef());

/**
 * Recomputes every contact's share of the campaign counters from the stored timeline (after a change
 * of the attribution rules, or to repair counters). Invoked by hand:
 * `aws lambda invoke --function-name <StatsRebuildFunction> out.json`. Safe while the product runs and
 * safe to run twice; the answer says how many contacts were read and how many moved counters.
 */
export const handler = observedHandler(async (): Promise<RebuildSummary> => {
  const summary = await rebuildStats({ segments, stats }, { workers: segmentsConfig().SEGMENT_SCAN_WORKERS, concurrency: 16 });
  logger.info('campaign counters rebuilt', { ...summary });
  return summary;
});
