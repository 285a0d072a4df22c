import { QueryCommand, type QueryCommandInput, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEntry, type AuditOutcome, ERASURE_ACTION } from '#shared/domain/audit';
import type { Page } from '#shared/domain/page';
import type { Role } from '#shared/domain/user';
import type { TableRef } from './dynamo-client';
import { cancellationReasons } from './errors';
import { keys } from './keys';
import { decodePosition, encodePosition } from './pagination';

/** The filters of a listing; `from`/`to` are ISO times, both inclusive. */
export interface AuditFilter {
  actor?: string;
  entityId?: string;
  from: string;
  to: string;
}

/** At most this many entity copies per entry (a transaction takes 100 items). */
const MAX_ENTITY_COPIES = 20;
const POSITION = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#.+$/;
const DAY_MS = 24 * 3600 * 1000;

type StoredEntry = Record<string, unknown>;

function entryOf(item: StoredEntry): AuditEntry {
  const outcome: AuditOutcome = { result: item.outcome === 'failed' ? 'failed' : 'succeeded', status: Number(item.status) };
  return {
    id: String(item.id),
    at: String(item.at),
    actor: String(item.actor),
    roles: (item.roles as Role[] | undefined) ?? [],
    action: String(item.action),
    route: String(item.route),
    entityIds: (item.entityIds as string[] | undefined) ?? [],
    ...(Array.isArray(item.fields) ? { fields: item.fields as string[] } : {}),
    ...(typeof item.ip === 'string' ? { ip: item.ip } : {}),
    ...(typeof item.userAgent === 'string' ? { userAgent: item.userAgent } : {}),
    outcome,
    ...(typeof item.emailHash === 'string' ? { emailHash: item.emailHash } : {}),
  };
}

/** The days (`yyyy-mm-dd`, UTC) from `to`'s back to `from`'s, newest first. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${to.slice(0, 10)}T00:00:00.000Z`); at >= Date.parse(`${from.slice(0, 10)}T00:00:00.000Z`); at -= DAY_MS) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

/**
 * The audit trail. An entry is one transaction: the entry under its id (put only if that id was never
 * written, so a retried request's entry is written once), a copy in its actor's partition and one per
 * entity id; all carry the table's TTL (`expiresAt`). Listings are Queries: of the actor's or the
 * entity's partition, or, without either filter, of one day's gsi1 partition after the other. Nothing
 * here updates or deletes an entry.
 */
export class AuditRepository {
  constructor(private readonly table: TableRef) {}

  /** Writes the entry; false when an entry with its id exists already (nothing is written then). */
  async record(entry: AuditEntry, expiresAt: number): Promise<boolean> {
    const item: StoredEntry = {
      type: 'audit',
      id: entry.id,
      at: entry.at,
      actor: entry.actor,
      roles: entry.roles,
      action: entry.action,
      route: entry.route,
      entityIds: entry.entityIds,
      ...(entry.fields?.length ? { fields: entry.fields } : {}),
      ...(entry.ip ? { ip: entry.ip } : {}),
      ...(entry.userAgent ? { userAgent: entry.userAgent } : {}),
      outcome: entry.outcome.result,
      status: entry.outcome.status,
      ...(entry.emailHash ? { emailHash: entry.emailHash } : {}),
      expiresAt,
    };
    const copies = [
      keys.auditByActor(entry.actor, entry.at, entry.id),
      ...entry.entityIds.slice(0, MAX_ENTITY_COPIES).map((entityId) => keys.auditByEntity(entityId, entry.at, entry.id)),
    ];
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.tableName,
                Item: { ...keys.auditEntry(entry.id), ...keys.auditDay(entry.at, entry.id), ...item },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...copies.map((key) => ({ Put: { TableName: this.table.tableName, Item: { ...key, ...item }, ConditionExpression: 'attribute_not_exists(pk)' } })),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  /** Entries matching `filter`, newest first; `cursor` continues after the last entry of the previous page. */
  async list(filter: AuditFilter, limit: number, cursor?: string): Promise<Page<AuditEntry>> {
    const after = cursor === undefined ? undefined : decodePosition(cursor, (position) => POSITION.test(position));
    const upper = after ?? `${filter.to}~`;
    const wanted = limit + 1;
    const found: StoredEntry[] = [];
    const collect = async (input: Omit<QueryCommandInput, 'TableName'>, sortKey: 'sk' | 'gsi1sk') => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.table.client.send(
          new QueryCommand({
            TableName: this.table.tableName,
            ...input,
            ScanIndexForward: false,
            Limit: wanted,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of page.Items ?? []) if (item[sortKey] !== after) found.push(item);
        start = page.LastEvaluatedKey;
      } while (start && found.length < wanted);
    };
    const range = { ':from': filter.from, ':upper': upper };
    const partition =
      filter.entityId !== undefined
        ? keys.auditEntityPartition(filter.entityId)
        : filter.actor !== undefined
          ? keys.auditActorPartition(filter.actor)
          : undefined;
    if (partition !== undefined) {
      const byActorToo = filter.entityId !== undefined && filter.actor !== undefined;
      await collect(
        {
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :upper',
          ...(byActorToo ? { FilterExpression: 'actor = :actor' } : {}),
          ExpressionAttributeValues: { ':pk': partition, ...range, ...(byActorToo ? { ':actor': filter.actor } : {}) },
        },
        'sk',
      );
    } else {
      for (const day of daysBetween(filter.from, after ? after.slice(0, 24) : filter.to)) {
        await collect(
          {
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :upper',
            ExpressionAttributeValues: { ':pk': keys.auditDayPartition(day), ...range },
          },
          'gsi1sk',
        );
        if (found.length >= wanted) break;
      }
    }
    const items = found.slice(0, limit).map(entryOf);
    const last = items.at(-1);
    return found.length > limit && last ? { items, nextCursor: encodePosition(`${last.at}#${last.id}`) } : { items };
  }

  /** Succeeded erasures recorded from `since` to `until` (their entries keep the erased address's hash), oldest first. */
  async erasuresSince(since: string, until: string): Promise<AuditEntry[]> {
    const erasures: AuditEntry[] = [];
    for (const day of daysBetween(since, until).reverse()) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await this.table.client.send(
          new QueryCommand({
            TableName: this.table.tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :upper',
            FilterExpression: '#action = :erased AND outcome = :succeeded AND attribute_exists(emailHash)',
            ExpressionAttributeNames: { '#action': 'action' },
            ExpressionAttributeValues: {
              ':pk': keys.auditDayPartition(day),
              ':from': since,
              ':upper': `${until}~`,
              ':erased': ERASURE_ACTION,
              ':succeeded': 'succeeded',
            },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        erasures.push(...(page.Items ?? []).map(entryOf));
        start = page.LastEvaluatedKey;
      } while (start);
    }
    return erasures;
  }
}
