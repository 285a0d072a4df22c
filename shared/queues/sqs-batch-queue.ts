import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inParallel } from '#shared/in-parallel';

/** SendMessageBatch takes at most 10 messages. */
const SQS_BATCH = 10;
const ATTEMPTS = 5;

/**
 * A product queue on SQS taking JSON messages: sent ten to a request, four requests at once; entries SQS
 * reports as failed are sent again, and what cannot be queued after five tries throws (the caller's work
 * is then retried, never silently dropped).
 */
export class SqsBatchQueue<T> {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly what: string,
  ) {}

  async enqueue(messages: readonly T[]): Promise<void> {
    const groups: T[][] = [];
    for (let start = 0; start < messages.length; start += SQS_BATCH) groups.push(messages.slice(start, start + SQS_BATCH));
    await inParallel(groups, 4, async (group) => {
      let entries = group.map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) }));
      for (let attempt = 1; entries.length > 0; attempt += 1) {
        const result = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
        const failed = new Set((result.Failed ?? []).map((entry) => entry.Id));
        entries = entries.filter((entry) => failed.has(entry.Id));
        if (entries.length > 0 && attempt >= ATTEMPTS) throw new Error(`SQS refused ${entries.length} ${this.what}`);
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
