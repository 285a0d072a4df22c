import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { printExportRunConfig } from '#shared/config';
import { repositoriesFor, systemClock, tableRef } from '#shared/container';
import { printExportRunMessage } from '#shared/domain/print-export-job';
import { exportFiles } from '#shared/files/s3-exports';
import { parseWith } from '#shared/http/validate';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { PrintExportRepository } from '#shared/store/print-export-repository';
import { failPrintExport, runPrintExport } from '#shared/use-cases/run-print-export';

const { segments, campaigns, contacts, companies } = repositoriesFor(tableRef());
const maxReceives = printExportRunConfig().PRINT_EXPORT_QUEUE_MAX_RECEIVES;
const ports = { segments, campaigns, contacts, companies, jobs: new PrintExportRepository(tableRef()), files: exportFiles(), clock: systemClock };

const processor = new BatchProcessor(EventType.SQS);

function exportIdOf(record: SQSRecord): string {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    body = undefined;
  }
  return parseWith(printExportRunMessage, body, 'print export queue message').exportId;
}

async function processRecord(record: SQSRecord): Promise<void> {
  const exportId = exportIdOf(record);
  try {
    const ran = await runPrintExport(ports, exportId);
    logger.info('print export run', { messageId: record.messageId, exportId, ran });
  } catch (error) {
    // The last receive: the message goes to the dead-letter queue, and the export says it failed.
    if (Number(record.attributes.ApproximateReceiveCount) >= maxReceives) await failPrintExport(ports, exportId, 'The export could not be written; try again');
    throw error;
  }
}

/**
 * The print export queue's consumer, one export at a time: the segment's address list streamed to
 * `exports/<id>.csv` of the uploads bucket within one run of up to 15 minutes (README, "Print
 * mailings", for the rate measured); a run that fails is retried, then parked in the dead-letter queue.
 */
export const handler = observedHandler(async (event: SQSEvent) => processPartialResponse(event, processRecord, processor));
