import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { printExportQueueConfig } from '#shared/config';
import { createSqsClient } from '#shared/queues/sqs-batch-queue';
import type { PrintExportQueue } from '#shared/use-cases/run-print-export';

/** A background print export as a message on its queue: `{ "exportId": "…" }`. */
export class SqsPrintExportQueue implements PrintExportQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(exportId: string): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify({ exportId }) }));
  }
}

/** The print export queue from the environment. */
export function printExportQueue(): SqsPrintExportQueue {
  const config = printExportQueueConfig();
  return new SqsPrintExportQueue(createSqsClient(config), config.PRINT_EXPORT_QUEUE_URL);
}
