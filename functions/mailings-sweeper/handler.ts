import { sweeperConfig } from '#shared/config';
import { newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { sweepStuckMailings } from '#shared/use-cases/sweep-mailings';

const { mailings } = repositoriesFor(tableRef());
const stuckAfterMs = sweeperConfig().MAILING_STUCK_SECONDS * 1000;

/** The schedule's tick: mailings stuck in `sending` are started again (README, "Mailings"). */
export const handler = observedHandler(async () => {
  const result = await sweepStuckMailings({ mailings, clock: systemClock, newId }, { stuckAfterMs });
  if (result.restarted.length > 0 || result.completed.length > 0) logger.warn('stuck mailings swept', { ...result });
  return result;
});
