import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { importRunConfig } from '#shared/config';
import { newId, repositoriesFor, systemClock, tableRef, tokenSigningKey } from '#shared/container';
import { importRunMessage } from '#shared/domain/import-run-message';
import { uploadsBucket } from '#shared/files/s3-uploads';
import { parseWith } from '#shared/http/validate';
import { logger } from '#shared/logger';
import { count } from '#shared/metrics';
import { observedHandler } from '#shared/observed-handler';
import { importQueue } from '#shared/queues/sqs-import-queue';
import { emailHasher } from '#shared/security/email-hash';
import { CustomFieldRepository } from '#shared/store/custom-field-repository';
import { ErasureRepository } from '#shared/store/erasure-repository';
import { ImportRepository } from '#shared/store/import-repository';
import { importIdOfUploadKey } from '#shared/store/keys';
import { failUploadedImport, runUploadedImport, uploadArrived } from '#shared/use-cases/run-uploaded-import';

const { contacts, companies, campaigns, topics } = repositoriesFor(tableRef());
const erasure = new ErasureRepository(tableRef());
const maxReceives = importRunConfig().IMPORT_QUEUE_MAX_RECEIVES;
const hashEmail = emailHasher(await tokenSigningKey());
const ports = {
  contacts,
  companies,
  campaigns,
  topics,
  imports: new ImportRepository(tableRef()),
  isErased: (emailNormalised: string) => erasure.isHashSuppressed(hashEmail(emailNormalised)),
  // Read fresh for every import: a field defined a moment ago must be matched by its label (a cache would miss it).
  customFields: new CustomFieldRepository(tableRef()),
  uploads: uploadsBucket(),
  queue: importQueue(),
  clock: systemClock,
  newId,
};

const processor = new BatchProcessor(EventType.SQS);

/** The imports a message concerns: the uploads S3 notified of, or the one a run handed on. */
function importsOf(record: SQSRecord): Array<{ importId: string; arrived: boolean }> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    body = undefined;
  }
  const message = parseWith(importRunMessage, body, 'import queue message');
  if ('importId' in message) return [{ importId: message.importId, arrived: false }];
  if (!('Records' in message)) return [];
  return message.Records.flatMap((entry) => {
    const importId = entry.eventName.startsWith('ObjectCreated:') ? importIdOfUploadKey(entry.s3.object.key) : undefined;
    return importId ? [{ importId, arrived: true }] : [];
  });
}

function processRecordWith(context: Context) {
  return async (record: SQSRecord): Promise<void> => {
    for (const { importId, arrived } of importsOf(record)) {
      const timeLeftMs = () => context.getRemainingTimeInMillis();
      try {
        const outcome = arrived ? await uploadArrived(ports, importId, timeLeftMs) : await runUploadedImport(ports, importId, timeLeftMs);
        logger.info('import run', { messageId: record.messageId, importId, outcome });
      } catch (error) {
        // The last receive: the message goes to the dead-letter queue, and the import says it failed.
        if (Number(record.attributes.ApproximateReceiveCount) >= maxReceives) {
          await failUploadedImport(ports, importId);
          count('importsFailed');
        }
        throw error;
      }
    }
  };
}

/**
 * The import queue's consumer, one message at a time: S3's notification that an upload arrived, or a
 * run's hand-off to the next. Each run imports rows until shortly before the function's deadline and
 * hands on; a message that keeps failing is retried, then parked in the dead-letter queue.
 */
export const handler = observedHandler(async (event: SQSEvent, context: Context) => {
  return processPartialResponse(event, processRecordWith(context), processor, { context });
});
