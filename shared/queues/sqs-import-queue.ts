import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { importQueueConfig } from '#shared/config';
import { createSqsClient } from '#shared/mail/sqs-recipient-queue';
import type { ImportQueue } from '#shared/use-cases/run-uploaded-import';

/** A run's hand-off as a message on the import queue: `{ "importId": "…" }` (beside S3's notifications). */
export class SqsImportQueue implements ImportQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async handOn(importId: string): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify({ importId }) }));
  }
}

/** The import queue from the environment. */
export function importQueue(): SqsImportQueue {
  const config = importQueueConfig();
  return new SqsImportQueue(createSqsClient(config), config.IMPORT_QUEUE_URL);
}
