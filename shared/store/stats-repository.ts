import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  addDays,
  type Applied,
  appliedKey,
  type CounterRows,
  countersDelta,
  type DayRange,
  metric,
  sourceReads,
  type StatsRowKey,
} from '#shared/domain/campaign-analytics';
import type { AttributionState } from '#shared/use-cases/analytics-ports';
import type { TableRef } from './dynamo-client';
import { cancellationReasons, ConcurrentWriteError, retryingConflicts } from './errors';
import { keys, SK_PREFIX } from './keys';
import { queryAll } from './pagination';

export type { AttributionState };

/**
 * Changed rows per transaction: each touches up to three items (day, day×source, month×source), and
 * the contact's check and applied share take two of the 100 a transaction holds.
 */
const ROWS_PER_TRANSACTION = 32;
const ROW_ATTRIBUTES = new Set(['pk', 'sk', 'type', 'day', 'month', 'source', 'medium']);

/** One counter item's update: its key, the attributes that describe it, and what to add. */
export interface CounterUpdate {
  key: { pk: string; sk: string };
  describe: Record<string, string>;
  changes: Record<string, number>;
}

/** The counter items a chunk of row changes moves, merged so no item appears twice in one transaction. */
export function counterUpdates(chunk: ReadonlyArray<{ row: StatsRowKey; changes: Record<string, number> }>): CounterUpdate[] {
  const updates = new Map<string, CounterUpdate>();
  const add = (key: { pk: string; sk: string }, describe: Record<string, string>, changes: Record<string, number>) => {
    const id = `${key.pk}\n${key.sk}`;
    const update = updates.get(id) ?? { key, describe, changes: {} };
    for (const [name, change] of Object.entries(changes)) update.changes[name] = (update.changes[name] ?? 0) + change;
    updates.set(id, update);
  };
  for (const { row, changes } of chunk) {
    const month = row.day.slice(0, 7);
    add(keys.campaignStats(row.campaignId, row.day), { day: row.day }, changes);
    add(keys.campaignSourceStats(row.campaignId, row.day, row.source, row.medium), { day: row.day, source: row.source, medium: row.medium }, changes);
    add(keys.campaignMonthSourceStats(row.campaignId, month, row.source, row.medium), { month, source: row.source, medium: row.medium }, changes);
  }
  return [...updates.values()]
    .map((update) => ({ ...update, changes: Object.fromEntries(Object.entries(update.changes).filter(([, change]) => change !== 0)) }))
    .filter((update) => Object.keys(update.changes).length > 0);
}

/** A mail figure of a campaign's day (`sent` at the sender's tally, the SES kinds and unsubscribes as they happen). */
export function mailCounter(campaignId: string, day: string, kind: string, amount: number): CounterUpdate {
  return { key: keys.campaignStats(campaignId, day), describe: { day }, changes: { [metric.email(kind)]: amount } };
}

/** The transaction item that adds `changes` to one counter item (created on first use) and sets what describes it. */
export function counterAdd(tableName: string, { key, describe, changes }: CounterUpdate) {
  const names = Object.keys(changes);
  const described = Object.keys(describe);
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET #type = :type${described.map((_, index) => `, #d${index} = :d${index}`).join('')} ADD ${names.map((_, index) => `#m${index} :m${index}`).join(', ')}`,
      ExpressionAttributeNames: {
        '#type': 'type',
        ...Object.fromEntries(described.map((name, index) => [`#d${index}`, name])),
        ...Object.fromEntries(names.map((name, index) => [`#m${index}`, name])),
      },
      ExpressionAttributeValues: {
        ':type': 'campaign-stats',
        ...Object.fromEntries(described.map((name, index) => [`:d${index}`, describe[name]])),
        ...Object.fromEntries(names.map((name, index) => [`:m${index}`, changes[name]])),
      },
    },
  };
}

// Every name goes through an alias: several (type, at, source, status, method) are DynamoDB reserved words.
const FACT_ATTRIBUTES = [
  'sk',
  'type',
  'id',
  'at',
  'campaignId',
  'source',
  'medium',
  'status',
  'method',
  'orderId',
  'orderedAt',
  'amountMinor',
  'currency',
  'applied',
  'version',
];
const FACT_NAMES = Object.fromEntries(FACT_ATTRIBUTES.map((name, index) => [`#f${index}`, name]));

/**
 * The campaign counters (`STATS#<campaignId>`: day rows `D#<day>`, day×source rows `S#…`, month×source
 * rows `M#…`; see shared/store/keys.ts) and each contact's applied share (`CONTACT#<id>` / `ATTRIBUTION`).
 * Counters move only together with the applied share, in one transaction conditioned on its version:
 * processing a contact twice moves nothing the second time.
 */
export class StatsRepository {
  constructor(private readonly table: TableRef) {}

  /** The contact's touches, opt-in proofs, orders and applied share, in one Query; undefined when it does not exist. */
  async attributionState(contactId: string): Promise<AttributionState | undefined> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '#f1 IN (:contact, :touchpoint, :consent, :order, :attribution)',
      ProjectionExpression: Object.keys(FACT_NAMES).join(', '),
      ExpressionAttributeNames: FACT_NAMES,
      ExpressionAttributeValues: {
        ':pk': keys.contactPartition(contactId),
        ':contact': 'contact',
        ':touchpoint': 'touchpoint',
        ':consent': 'consent',
        ':order': 'order',
        ':attribution': 'attribution',
      },
      ConsistentRead: true,
    });
    if (!items.some((item) => item.sk === SK_PREFIX.profile)) return undefined;
    const stored = items.find((item) => item.type === 'attribution');
    const of = (type: string) => items.filter((item) => item.type === type) as never[];
    return {
      facts: { touchpoints: of('touchpoint'), proofs: of('consent'), orders: of('order') },
      applied: (stored?.applied as Applied | undefined) ?? {},
      version: typeof stored?.version === 'number' ? stored.version : 0,
    };
  }

  /**
   * Moves the counters from the contact's applied share to `next`: `unchanged` when they already agree,
   * `gone` when the contact no longer exists (erased meanwhile: its share stays counted, anonymously). Throws
   * {@link ConcurrentWriteError} when another run moved the share first (re-read and retry).
   * A change of more rows than one transaction holds goes in several, each moving the share with it.
   */
  async applyContributions(contactId: string, current: Pick<AttributionState, 'applied' | 'version'>, next: Applied): Promise<'moved' | 'unchanged' | 'gone'> {
    const delta = countersDelta(current.applied, next);
    if (delta.length === 0) return 'unchanged';
    const applied = { ...current.applied };
    let version = current.version;
    for (let start = 0; start < delta.length; start += ROWS_PER_TRANSACTION) {
      const chunk = delta.slice(start, start + ROWS_PER_TRANSACTION);
      for (const { row, changes } of chunk) {
        for (const [name, change] of Object.entries(changes)) applied[appliedKey(row, name)] = (applied[appliedKey(row, name)] ?? 0) + change;
      }
      const write = () =>
        this.table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { ConditionCheck: { TableName: this.table.tableName, Key: keys.contact(contactId), ConditionExpression: 'attribute_exists(pk)' } },
              {
                Put: {
                  TableName: this.table.tableName,
                  Item: { ...keys.attribution(contactId), type: 'attribution', applied: withoutZeros(applied), version: version + 1 },
                  ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :seen',
                  ...(version === 0 ? {} : { ExpressionAttributeValues: { ':seen': version } }),
                },
              },
              ...counterUpdates(chunk).map((update) => counterAdd(this.table.tableName, update)),
            ],
          }),
        );
      try {
        await retryingConflicts(write);
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons?.[0] === 'ConditionalCheckFailed') return 'gone';
        if (reasons) throw new ConcurrentWriteError({ cause: error });
        throw error;
      }
      version += 1;
    }
    return 'moved';
  }

  /**
   * The counter rows a report over `range` reads (both ends included): the day rows, the month×source
   * rows of its whole months and the day×source rows of the days at its edges. A few Queries in parallel.
   */
  async rows(campaignId: string, range: DayRange): Promise<CounterRows> {
    const between = (from: string, to: string) =>
      queryAll(this.table, {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.campaignStatsPartition(campaignId), ':from': from, ':to': to },
      });
    const reads = sourceReads(range);
    const [days, ...sourceParts] = await Promise.all([
      this.dayRows(campaignId, range),
      ...(reads.months ? [between(`M#${reads.months.from}#`, `M#${reads.months.to}#\uffff`)] : []),
      ...reads.days.map((part) => between(`S#${part.from}#`, `S#${part.to}#\uffff`)),
    ]);
    return {
      days,
      sources: sourceParts.flat().map((item) => ({ source: String(item.source), medium: String(item.medium), counters: countersOf(item) })),
    };
  }

  /** The campaign's day rows (totals and e-mail funnel) of `range`: one Query per quarter, in parallel. */
  async dayRows(campaignId: string, range: DayRange): Promise<CounterRows['days']> {
    // The day rows in quarters read side by side: a year is 365 rows, the bulk of a report's reading.
    const parts = await Promise.all(
      splitDays(range, 92).map((part) =>
        queryAll(this.table, {
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': keys.campaignStatsPartition(campaignId),
            ':from': keys.campaignStats(campaignId, part.from).sk,
            ':to': keys.campaignStats(campaignId, part.to).sk,
          },
        }),
      ),
    );
    return parts.flat().map((item) => ({ day: String(item.sk).slice('D#'.length), counters: countersOf(item) }));
  }
}

/** `range` cut into consecutive parts of at most `days` days. */
function splitDays(range: DayRange, days: number): DayRange[] {
  const parts: DayRange[] = [];
  for (let from = range.from; from <= range.to; ) {
    const end = addDays(from, days - 1);
    // biome-ignore lint/complexity/useMathMinMax: day strings compare as text
    const to = end < range.to ? end : range.to;
    parts.push({ from, to });
    from = addDays(to, 1);
  }
  return parts;
}

function countersOf(item: Record<string, unknown>): Record<string, number> {
  const counters: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) if (!ROW_ATTRIBUTES.has(name) && typeof value === 'number') counters[name] = value;
  return counters;
}

function withoutZeros(applied: Applied): Applied {
  return Object.fromEntries(Object.entries(applied).filter(([, value]) => value !== 0));
}
