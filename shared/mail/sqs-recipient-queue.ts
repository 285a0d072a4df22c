import { queueConfig } from '#shared/config';
import type { RecipientBatch } from '#shared/domain/mailing';
import { createSqsClient, SqsBatchQueue } from '#shared/queues/sqs-batch-queue';
import type { RecipientQueue } from '#shared/use-cases/prepare-mailing';

export { createSqsClient } from '#shared/queues/sqs-batch-queue';

/**
 * The recipient queue on SQS: each batch of recipients is one message; a batch that cannot be queued
 * makes the preparation fail (it resumes from the same page).
 */
export class SqsRecipientQueue extends SqsBatchQueue<RecipientBatch> implements RecipientQueue {}

/** The queue mailing recipients wait in, from the environment (kept out of the shared container so only the preparer bundles the SQS client). */
export function recipientQueue(): SqsRecipientQueue {
  const config = queueConfig();
  return new SqsRecipientQueue(createSqsClient(config), config.MAIL_QUEUE_URL, 'recipient batches');
}
