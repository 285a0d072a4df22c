import { GetCommand, PutCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Contact } from '#shared/domain/contact';
import { DEFAULT_SCORING, type ScoreEntry, type ScoringConfig } from '#shared/domain/scoring';
import type { SegmentFacts } from '#shared/domain/segment-rule';
import type { DomainEvent } from '#shared/events/publisher';
import type { RebuildState, ScoreWrite, ScoreWriteOutcome, ScoringStore } from '#shared/use-cases/scoring-ports';
import type { TableRef } from './dynamo-client';
import { cancellationReasons, isConditionalCheckFailed } from './errors';
import { keys } from './keys';
import { outboxPut } from './outbox';
import { queryAll, withoutKeys } from './pagination';

const encodeCursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');
const decodeCursor = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;

/**
 * Lead scoring in the table: the rules (`SCORING` / `META`, versioned), the newest rebuild's state
 * (`SCORING` / `REBUILD`), each contact's ledger (`CONTACT#<id>` / `SCORE#<time>#<eventId>`, in the
 * contact's partition) and the score on the profile, written with its ledger entry in one transaction
 * conditioned on the profile's version.
 */
export class ScoringRepository implements ScoringStore {
  constructor(private readonly table: TableRef) {}

  async config(): Promise<ScoringConfig> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.scoring, ConsistentRead: true }));
    return result.Item ? withoutKeys<ScoringConfig & { type?: string }>(result.Item) : DEFAULT_SCORING;
  }

  private rebuildPut(rebuild: RebuildState) {
    return { Put: { TableName: this.table.tableName, Item: { ...keys.scoringRebuild, type: 'scoring-rebuild', ...rebuild } } };
  }

  async saveConfig(config: ScoringConfig, previousVersion: number, rebuild: RebuildState, event: DomainEvent): Promise<boolean> {
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.tableName,
                Item: { ...keys.scoring, type: 'scoring', ...config },
                ConditionExpression: previousVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :seen',
                ...(previousVersion === 0 ? {} : { ExpressionAttributeValues: { ':seen': previousVersion } }),
              },
            },
            this.rebuildPut(rebuild),
            outboxPut(this.table.tableName, event),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async rebuildState(): Promise<RebuildState | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.scoringRebuild, ConsistentRead: true }));
    if (!result.Item) return undefined;
    const { type: _type, ...state } = withoutKeys<RebuildState & { type?: string }>(result.Item);
    return state;
  }

  async startRebuild(rebuild: RebuildState, event: DomainEvent): Promise<void> {
    await this.table.client.send(new TransactWriteCommand({ TransactItems: [this.rebuildPut(rebuild), outboxPut(this.table.tableName, event)] }));
  }

  async saveRebuild(rebuild: RebuildState): Promise<boolean> {
    const { Put } = this.rebuildPut(rebuild);
    try {
      await this.table.client.send(new PutCommand({ ...Put, ConditionExpression: 'runId = :run', ExpressionAttributeValues: { ':run': rebuild.runId } }));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async requestRebuild(event: DomainEvent): Promise<void> {
    await this.table.client.send(new TransactWriteCommand({ TransactItems: [outboxPut(this.table.tableName, event)] }));
  }

  async profile(contactId: string): Promise<Contact | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.contact(contactId), ConsistentRead: true }));
    return result.Item ? withoutKeys<Contact>(result.Item) : undefined;
  }

  async ledger(contactId: string): Promise<ScoreEntry[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.contactPartition(contactId), ':prefix': keys.scoreEntryPrefix },
      ConsistentRead: true,
    });
    return items.map(scoreEntryOf);
  }

  /**
   * One consistent Query of the partition's range from `PROFILE` to the last `SCORE#` entry: the profile
   * and the ledger sort next to each other (nothing else of a contact's partition sorts between them).
   */
  async profileWithLedger(contactId: string): Promise<{ profile: Contact | undefined; ledger: ScoreEntry[] }> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :profile AND :last',
      ExpressionAttributeValues: { ':pk': keys.contactPartition(contactId), ':profile': keys.contact(contactId).sk, ':last': `${keys.scoreEntryPrefix}\uffff` },
      ConsistentRead: true,
    });
    const profile = items.find((item) => item.sk === keys.contact(contactId).sk);
    return {
      profile: profile ? withoutKeys<Contact>(profile) : undefined,
      ledger: items.filter((item) => String(item.sk).startsWith(keys.scoreEntryPrefix)).map(scoreEntryOf),
    };
  }

  async writeScore(write: ScoreWrite): Promise<ScoreWriteOutcome> {
    const set = ['score = :score', 'scoreRulesVersion = :rules', ...(write.qualified ? ['qualifiedAt = :qualifiedAt'] : [])];
    const entry = write.entry
      ? [
          {
            Put: {
              TableName: this.table.tableName,
              Item: { ...keys.scoreEntry(write.contactId, write.entry.at, write.entry.eventId), type: 'score', contactId: write.contactId, ...write.entry },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ]
      : [];
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...entry,
            {
              Update: {
                TableName: this.table.tableName,
                Key: keys.contact(write.contactId),
                UpdateExpression: `SET ${set.join(', ')}${write.clearQualified ? ' REMOVE qualifiedAt' : ''} ADD version :one`,
                // Never over a score of newer rules: a consumer still on the old rules re-reads them.
                ConditionExpression: 'version = :seen AND (attribute_not_exists(scoreRulesVersion) OR scoreRulesVersion <= :rules)',
                ExpressionAttributeValues: {
                  ':score': write.score,
                  ':rules': write.rulesVersion,
                  ':seen': write.seenVersion,
                  ':one': 1,
                  ...(write.qualified ? { ':qualifiedAt': write.qualified.at } : {}),
                },
              },
            },
            ...(write.qualified ? [outboxPut(this.table.tableName, write.qualified.event)] : []),
          ],
        }),
      );
      return 'written';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (write.entry && reasons[0] === 'ConditionalCheckFailed') return 'duplicate';
      if (reasons[entry.length] === 'ConditionalCheckFailed') return (await this.profile(write.contactId)) ? 'conflict' : 'gone';
      throw error;
    }
  }

  async scanContacts(options: { attributes: readonly string[]; cursor?: string; limit: number; segment?: number; totalSegments?: number }) {
    const names = Object.fromEntries(options.attributes.map((name, index) => [`#a${index}`, name]));
    const page = await this.table.client.send(
      new ScanCommand({
        TableName: this.table.tableName,
        IndexName: 'facts',
        ProjectionExpression: Object.keys(names).join(', '),
        ExpressionAttributeNames: names,
        Limit: options.limit,
        ...(options.totalSegments ? { Segment: options.segment ?? 0, TotalSegments: options.totalSegments } : {}),
        ...(options.cursor ? { ExclusiveStartKey: decodeCursor(options.cursor) } : {}),
      }),
    );
    return {
      items: (page.Items ?? []) as SegmentFacts[],
      ...(page.LastEvaluatedKey ? { cursor: encodeCursor(page.LastEvaluatedKey) } : {}),
    };
  }
}

/** A ledger item as the domain sees it (the key and bookkeeping left out). */
export function scoreEntryOf(item: Record<string, unknown>): ScoreEntry {
  return {
    eventId: String(item.eventId),
    kind: item.kind as ScoreEntry['kind'],
    at: String(item.at),
    ...(typeof item.points === 'number' ? { points: item.points } : {}),
    ...(typeof item.ref === 'string' ? { ref: item.ref } : {}),
    ...(typeof item.label === 'string' ? { label: item.label } : {}),
  };
}
