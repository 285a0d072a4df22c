import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PrintExportCounts } from '#shared/domain/print-export';
import { PRINT_EXPORT_STATUSES, type PrintExportJob, type PrintExportStatus } from '#shared/domain/print-export-job';
import type { TableRef } from './dynamo-client';
import { writeIf } from './errors';
import { keys } from './keys';

const STATUSES: readonly string[] = PRINT_EXPORT_STATUSES;

/** The state as the API shows it: named attributes only, no keys. */
function toJob(item: Record<string, unknown>): PrintExportJob {
  const text = (name: string) => (typeof item[name] === 'string' ? { [name]: item[name] } : {});
  return {
    exportId: String(item.exportId),
    segmentId: String(item.segmentId),
    campaignId: String(item.campaignId),
    status: item.status as PrintExportStatus,
    memberCount: typeof item.memberCount === 'number' ? item.memberCount : 0,
    ...(item.counts && typeof item.counts === 'object' ? { counts: item.counts as PrintExportCounts } : {}),
    fileName: String(item.fileName),
    createdAt: String(item.createdAt),
    ...text('startedAt'),
    ...text('finishedAt'),
    ...text('error'),
  };
}

/** Background print exports (`PRINTEXPORT#<exportId>` / `META`): their state from queued to done or failed. */
export class PrintExportRepository {
  constructor(private readonly table: TableRef) {}

  async get(exportId: string): Promise<PrintExportJob | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.printExportMeta(exportId), ConsistentRead: true }));
    const item = result.Item;
    return typeof item?.exportId === 'string' && STATUSES.includes(String(item.status)) ? toJob(item) : undefined;
  }

  async create(job: PrintExportJob): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: { ...keys.printExportMeta(job.exportId), type: 'printExport', ...job },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** A run starts: queued (or running, a retried run) becomes running. False when the export is done or failed. */
  start(exportId: string, at: Date): Promise<boolean> {
    return writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.printExportMeta(exportId),
          UpdateExpression: 'SET #status = :running, startedAt = :at',
          ConditionExpression: '#status IN (:queued, :running)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':at': at.toISOString() },
        }),
      ),
    );
  }

  /** The file is written: done, with its counts. */
  async finish(exportId: string, counts: PrintExportCounts, at: Date): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.printExportMeta(exportId),
        UpdateExpression: 'SET #status = :done, #counts = :counts, finishedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#status': 'status', '#counts': 'counts' },
        ExpressionAttributeValues: { ':done': 'done', ':counts': counts, ':at': at.toISOString() },
      }),
    );
  }

  /** Given up (the queue's last receive failed): failed, with the reason. False when it was done already. */
  fail(exportId: string, error: string, at: Date): Promise<boolean> {
    return writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.printExportMeta(exportId),
          UpdateExpression: 'SET #status = :failed, #error = :error, finishedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND #status <> :done',
          ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
          ExpressionAttributeValues: { ':failed': 'failed', ':done': 'done', ':error': error, ':at': at.toISOString() },
        }),
      ),
    );
  }
}
