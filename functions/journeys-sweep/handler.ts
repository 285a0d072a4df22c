import { repositoriesFor, systemClock, tableRef } from '#shared/container';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { journeyQueue } from '#shared/queues/sqs-journey-queue';
import { keys } from '#shared/store/keys';
import { sweepJourneys } from '#shared/use-cases/sweep-journeys';

const { journeyParticipants: participants } = repositoriesFor(tableRef());
const ports = {
  due: { shards: keys.journeyDueShards, due: (shard: string, now: Date, limit: number) => participants.due(shard, now, limit) },
  queue: journeyQueue(),
  clock: systemClock,
};

/** The minute's tick: every participant whose step is due goes to the journey queue (README, "Journeys"). */
export const handler = observedHandler(async () => {
  const result = await sweepJourneys(ports);
  if (result.handedOn > 0) logger.info('journey steps handed on', { ...result });
  return result;
});
