import { journeyQueueConfig } from '#shared/config';
import type { JourneyWork } from '#shared/use-cases/run-journey-step';
import { createSqsClient, SqsBatchQueue } from './sqs-batch-queue';

/** The journey queue from the environment: one message per participant whose step is due. */
export function journeyQueue(): SqsBatchQueue<JourneyWork> {
  const config = journeyQueueConfig();
  return new SqsBatchQueue<JourneyWork>(createSqsClient(config), config.JOURNEY_QUEUE_URL, 'journey steps');
}
