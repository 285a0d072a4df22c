import type { EventDefinition } from '#shared/events/catalog';

/** The events waiting in a test table's outbox (items the stream reader would publish), of one kind. */
export async function outboxEvents<T = Record<string, unknown>>(
  table: { scanAll(): Promise<Record<string, unknown>[]> },
  definition: EventDefinition,
  where: (detail: T) => boolean = () => true,
): Promise<T[]> {
  const items = (await table.scanAll()).filter((item) => item.type === 'outbox' && item.detailType === definition.detailType);
  return items.map((item) => definition.parse(JSON.parse(String(item.detail))) as T).filter(where);
}
