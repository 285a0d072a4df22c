import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Participant, ParticipantStatus, StatDeltas } from '#shared/domain/journey-participant';
import { scoreAdjustment } from '#shared/domain/scoring';
import type { DomainEvent } from '#shared/events/publisher';
import { journeyMoveEvents } from '#shared/events/journey-move-events';
import type { TableRef } from './dynamo-client';
import { cancellationReasons, retryingConflicts } from './errors';
import { JOURNEY_STATS_SHARDS, keys } from './keys';
import { outboxPut } from './outbox';
import { getAll, type Page, queryAll, queryPage, withoutKeys } from './pagination';

/** A participant whose step is due, as the due index finds it (keys only). */
export interface DueParticipant {
  contactId: string;
  journeyId: string;
  dueAt: string;
}

/**
 * Journey participants (`CONTACT#<id>` / `JOURNEY#<journeyId>`) and the journeys' sharded counters. Every
 * write of a participant is conditional on the attempt it was read at and carries the counters the move
 * adds in the same transaction, so a step that runs twice writes, and counts, once.
 */
export class JourneyParticipantRepository {
  constructor(private readonly table: TableRef) {}

  private item(participant: Participant): Record<string, unknown> {
    return {
      ...keys.journeyParticipant(participant.contactId, participant.journeyId),
      type: 'journeyParticipant',
      ...participant,
      gsi1pk: keys.journeyParticipants(participant.journeyId, participant.status),
      gsi1sk: `${participant.enteredAt}#${participant.contactId}`,
      ...(participant.status === 'active' && participant.dueAt ? keys.journeyDue(participant.contactId, participant.dueAt, participant.journeyId) : {}),
    };
  }

  async get(contactId: string, journeyId: string): Promise<Participant | undefined> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.journeyParticipant(contactId, journeyId), ConsistentRead: true }),
    );
    return result.Item ? withoutKeys<Participant>(result.Item) : undefined;
  }

  /**
   * Writes the participant's move with its counters. `previous` is what was read: the move is written only
   * if the participant is still at that attempt (or, entering, absent / still as it finished). False when
   * another delivery moved first or the contact is gone (erased: no participant may start a partition).
   */
  async move(previous: Participant | undefined, next: Participant, stats: StatDeltas, effects: { scoreDelta?: number } = {}): Promise<boolean> {
    const condition = previous
      ? {
          ConditionExpression: 'attempt = :attempt AND #status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':attempt': previous.attempt, ':status': previous.status },
        }
      : { ConditionExpression: 'attribute_not_exists(pk)' };
    const names = Object.keys(stats);
    const statsUpdate =
      names.length > 0
        ? [
            {
              Update: {
                TableName: this.table.tableName,
                Key: keys.journeyStats(next.journeyId, keys.journeyStatsShard(next.contactId)),
                UpdateExpression: `ADD ${names.map((_, index) => `#n${index} :v${index}`).join(', ')}`,
                ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#n${index}`, name])),
                ExpressionAttributeValues: Object.fromEntries(names.map((name, index) => [`:v${index}`, stats[name]])),
              },
            },
          ]
        : [];
    try {
      await retryingConflicts(() =>
        this.table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName: this.table.tableName, Item: this.item(next), ...condition } },
              // The profile must still be there: an erased contact's partition stays empty. A score change is
              // made in the same transaction (exactly once with the move) and bumps the profile's version, so a
              // concurrent read-modify-write of the profile is refused and retried instead of undoing it.
              effects.scoreDelta
                ? {
                    Update: {
                      TableName: this.table.tableName,
                      Key: keys.contact(next.contactId),
                      UpdateExpression: 'ADD score :delta, version :one',
                      ConditionExpression: 'attribute_exists(pk)',
                      ExpressionAttributeValues: { ':delta': effects.scoreDelta, ':one': 1 },
                    },
                  }
                : { ConditionCheck: { TableName: this.table.tableName, Key: keys.contact(next.contactId), ConditionExpression: 'attribute_exists(pk)' } },
              ...statsUpdate,
              // The step's points in the person's score ledger too, so a rescore keeps them (shared/domain/scoring.ts).
              ...(effects.scoreDelta
                ? [
                    {
                      Put: {
                        TableName: this.table.tableName,
                        Item: (() => {
                          const entry = scoreAdjustment(
                            `journey:${next.journeyId}:${next.entries}:${next.stepId}`,
                            effects.scoreDelta,
                            next.stepAt,
                            `journey ${next.journeyId}, step ${next.stepId}`,
                            next.journeyId,
                          );
                          return { ...keys.scoreEntry(next.contactId, entry.at, entry.eventId), type: 'score', contactId: next.contactId, ...entry };
                        })(),
                      },
                    },
                  ]
                : []),
              // journey.entered / journey.exited, in the transaction of the move they announce.
              ...journeyMoveEvents(previous, next).map((event) => outboxPut(this.table.tableName, event)),
            ],
          }),
        ),
      );
      return true;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.slice(0, 2).includes('ConditionalCheckFailed')) return false;
      throw error;
    }
  }

  /**
   * Claims a journey mail's SES event of one kind and puts its announcement in the outbox, together; false
   * for a repeat, or when the contact is gone (erased).
   */
  async recordMailEvent(event: { contactId: string; messageId: string; kind: string; at: string }, announce?: DomainEvent): Promise<boolean> {
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.tableName,
                Item: { ...keys.journeyMailEvent(event.contactId, event.messageId, event.kind), type: 'journeyMailEvent', at: event.at },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            { ConditionCheck: { TableName: this.table.tableName, Key: keys.contact(event.contactId), ConditionExpression: 'attribute_exists(pk)' } },
            ...(announce ? [outboxPut(this.table.tableName, announce)] : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancellationReasons(error)?.slice(0, 2).includes('ConditionalCheckFailed')) return false;
      throw error;
    }
  }

  /** Participants due at or before `now` in one shard of the due index, oldest first. */
  async due(shard: string, now: Date, limit: number): Promise<DueParticipant[]> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'due',
        KeyConditionExpression: 'duePk = :shard AND dueSk <= :now',
        ExpressionAttributeValues: { ':shard': shard, ':now': `${now.toISOString()}#~` },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => {
      const dueSk = String(item.dueSk);
      const cut = dueSk.indexOf('#');
      return { contactId: String(item.pk).slice('CONTACT#'.length), journeyId: dueSk.slice(cut + 1), dueAt: dueSk.slice(0, cut) };
    });
  }

  /** The journeys a contact is or was in (the 360° page). */
  async ofContact(contactId: string): Promise<Participant[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.contactPartition(contactId), ':prefix': keys.journeyParticipantPrefix },
    });
    return items.map((item) => withoutKeys<Participant>(item));
  }

  list(journeyId: string, status: ParticipantStatus, limit: number, cursor?: string): Promise<Page<Participant>> {
    return queryPage(this.table, { index: 'gsi1', partition: keys.journeyParticipants(journeyId, status), limit, ...(cursor ? { cursor } : {}) }, (item) =>
      withoutKeys<Participant>(item),
    );
  }

  /** The journey's counters, summed over their shards. */
  async stats(journeyId: string): Promise<StatDeltas> {
    const shards = await getAll(
      this.table,
      Array.from({ length: JOURNEY_STATS_SHARDS }, (_, shard) => keys.journeyStats(journeyId, shard)),
    );
    const sum: StatDeltas = {};
    for (const item of shards) {
      for (const [name, value] of Object.entries(withoutKeys<Record<string, unknown>>(item)))
        if (typeof value === 'number') sum[name] = (sum[name] ?? 0) + value;
    }
    return sum;
  }
}
