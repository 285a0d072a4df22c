import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { EventDefinition } from '#shared/events/catalog';
import { streamEvent } from '#shared/store/stream-records';

/**
 * The events of one kind a test table's items stand for, as the stream's outbox reader would publish
 * them: outbox items, and the items whose own stream record is the event (a capture's touchpoint is its
 * `lead.captured`). Each item is read as the record of its insert.
 */
export async function outboxEvents<T = Record<string, unknown>>(
  table: { scanAll(): Promise<Record<string, unknown>[]> },
  definition: EventDefinition,
  where: (detail: T) => boolean = () => true,
): Promise<T[]> {
  const items = await table.scanAll();
  return items
    .flatMap((item) => {
      const image = marshall(item, { removeUndefinedValues: true }) as NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
      const change = streamEvent({
        eventID: `${String(item.pk)}|${String(item.sk)}`,
        eventName: 'INSERT',
        dynamodb: { Keys: { pk: { S: String(item.pk) }, sk: { S: String(item.sk) } }, NewImage: image },
      });
      return change && 'event' in change && change.event.detailType === definition.detailType ? [definition.parse(change.event.detail) as T] : [];
    })
    .filter(where);
}
