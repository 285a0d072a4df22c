import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type Applied, appliedKey, type AttributionFacts, countersDelta, type DayRange, type StatsRow } from '#shared/domain/campaign-analytics';
import type { TableRef } from './dynamo-client';
import { cancellationReasons, ConcurrentWriteError, retryingConflicts } from './errors';
import { keys, SK_PREFIX } from './keys';
import { queryAll } from './pagination';

/** What a contact has contributed to the counters, and the version that guards it. */
export interface AttributionState {
  facts: AttributionFacts;
  applied: Applied;
  version: number;
}

/** Counter rows per transaction: the rest of its 100 items are the contact's check and applied map. */
const ROWS_PER_TRANSACTION = 98;
const ROW_ATTRIBUTES = new Set(['pk', 'sk', 'type', 'day', 'source', 'medium']);
// Every name goes through an alias: several (type, at, source, status, method) are DynamoDB reserved words.
const FACT_ATTRIBUTES = ['sk', 'type', 'id', 'at', 'campaignId', 'source', 'medium', 'status', 'method', 'orderId', 'orderedAt', 'amountMinor', 'currency', 'applied', 'version'];
const FACT_NAMES = Object.fromEntries(FACT_ATTRIBUTES.map((name, index) => [`#f${index}`, name]));

/**
 * The campaign counters (`STATS#<campaignId>`: mail rows `<day>`, attribution rows
 * `<day>#<source>#<medium>`) and each contact's applied share (`CONTACT#<id>` / `ATTRIBUTION`).
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
      ExpressionAttributeValues: { ':pk': keys.contactPartition(contactId), ':contact': 'contact', ':touchpoint': 'touchpoint', ':consent': 'consent', ':order': 'order', ':attribution': 'attribution' },
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
   * Moves the counters from the contact's applied share to `next`. Returns false when the contact no
   * longer exists (erased meanwhile: its share stays counted, anonymously). Throws
   * {@link ConcurrentWriteError} when another run moved the share first (re-read and retry).
   * A change of more rows than one transaction holds goes in several, each moving the share with it.
   */
  async applyContributions(contactId: string, current: Pick<AttributionState, 'applied' | 'version'>, next: Applied): Promise<boolean> {
    const delta = countersDelta(current.applied, next);
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
              ...chunk.map(({ row, changes }) => {
                const names = Object.keys(changes);
                return {
                  Update: {
                    TableName: this.table.tableName,
                    Key: keys.campaignSourceStats(row.campaignId, row.day, row.source, row.medium),
                    UpdateExpression: `SET #type = :type, #day = :day, #source = :source, #medium = :medium ADD ${names.map((_, index) => `#m${index} :m${index}`).join(', ')}`,
                    ExpressionAttributeNames: { '#type': 'type', '#day': 'day', '#source': 'source', '#medium': 'medium', ...Object.fromEntries(names.map((name, index) => [`#m${index}`, name])) },
                    ExpressionAttributeValues: { ':type': 'campaign-stats', ':day': row.day, ':source': row.source, ':medium': row.medium, ...Object.fromEntries(names.map((name, index) => [`:m${index}`, changes[name]])) },
                  },
                };
              }),
            ],
          }),
        );
      try {
        await retryingConflicts(write);
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (reasons?.[0] === 'ConditionalCheckFailed') return false;
        if (reasons) throw new ConcurrentWriteError({ cause: error });
        throw error;
      }
      version += 1;
    }
    return true;
  }

  /** A campaign's counter rows for the days of `range` (both ends included): mail rows and attribution rows. */
  async rows(campaignId: string, range: DayRange): Promise<StatsRow[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': keys.campaignStatsPartition(campaignId), ':from': range.from, ':to': `${range.to}#\uffff` },
    });
    return items.map((item) => {
      const counters: Record<string, number> = {};
      for (const [name, value] of Object.entries(item)) if (!ROW_ATTRIBUTES.has(name) && typeof value === 'number') counters[name] = value;
      return {
        day: String(item.sk).slice(0, 10),
        ...(typeof item.source === 'string' ? { source: item.source } : {}),
        ...(typeof item.medium === 'string' ? { medium: item.medium } : {}),
        counters,
      };
    });
  }
}

function withoutZeros(applied: Applied): Applied {
  return Object.fromEntries(Object.entries(applied).filter(([, value]) => value !== 0));
}
