import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { queueConfig } from '#shared/config';
import type { RecipientBatch } from '#shared/domain/mailing';
import { inParallel } from '#shared/in-parallel';
import type { RecipientQueue } from '#shared/use-cases/prepare-mailing';

/** SendMessageBatch takes at most 10 messages. */
const SQS_BATCH = 10;
const ATTEMPTS = 5;

/**
 * The recipient queue on SQS: each batch of recipients is one message (its batch id is the message's
 * id within the request); entries SQS reports as failed are sent again, and a batch that cannot be
 * queued makes the preparation fail (it resumes from the same page).
 */
export class SqsRecipientQueue implements RecipientQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(batches: readonly RecipientBatch[]): Promise<void> {
    const groups: RecipientBatch[][] = [];
    for (let start = 0; start < batches.length; start += SQS_BATCH) groups.push(batches.slice(start, start + SQS_BATCH));
    await inParallel(groups, 4, async (group) => {
      let entries = group.map((batch, index) => ({ Id: String(index), MessageBody: JSON.stringify(batch) }));
      for (let attempt = 1; entries.length > 0; attempt += 1) {
        const result = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
        const failed = new Set((result.Failed ?? []).map((entry) => entry.Id));
        entries = entries.filter((entry) => failed.has(entry.Id));
        if (entries.length > 0 && attempt >= ATTEMPTS) throw new Error(`SQS refused ${entries.length} recipient batches`);
        if (entries.length > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    });
  }
}

export function createSqsClient(config: { AWS_REGION: string; SQS_ENDPOINT?: string | undefined }): SQSClient {
  return new SQSClient({
    region: config.AWS_REGION,
    ...(config.SQS_ENDPOINT ? { endpoint: config.SQS_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
}

/** The queue mailing recipients wait in, from the environment (kept out of the shared container so only the preparer bundles the SQS client). */
export function recipientQueue(): SqsRecipientQueue {
  const config = queueConfig();
  return new SqsRecipientQueue(createSqsClient(config), config.MAIL_QUEUE_URL);
}
