import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { MailEventKind, Mailing, MailingStatus, RecipientOutcome } from '#shared/domain/mailing';
import type { DomainEvent } from '#shared/events/publisher';
import type { ClaimResult, PreparationStep, SendRecord, StoredMailing } from '#shared/use-cases/mailing-ports';
import type { TableRef } from './dynamo-client';
import { cancellationReasons, ConcurrentWriteError, isConditionalCheckFailed, retryingConflicts, writeIf } from './errors';
import { counterAdd, mailCounter } from './stats-repository';
import { keys, mailingIdOfScheduled } from './keys';
import { type Page, queryAll, queryPage, withoutKeys } from './pagination';
import { outboxPut } from './outbox';
import { putNew } from './put-new';

export type { ClaimResult, PreparationStep, SendRecord, StoredMailing };

function oldItem(error: unknown): SendRecord | undefined {
  const item = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
  return item ? withoutKeys<SendRecord>(unmarshall(item)) : undefined;
}

/**
 * Mailings (`MAILING#<id>` / `META`), their per-recipient send records (`MAILING#<id>` / `C#<contactId>`)
 * and the list of scheduled ones. A send record is created by a conditional put before SES is called,
 * so no retry, redelivery or second sender can mail a recipient twice; its outcome reaches the
 * mailing's counts exactly once, in the same transaction that marks it tallied.
 */
export class MailingRepository {
  constructor(private readonly table: TableRef) {}

  create(mailing: Mailing): Promise<void> {
    return putNew(
      this.table,
      { ...keys.mailing(mailing.id), gsi1pk: keys.listing('MAILING'), gsi1sk: `${mailing.createdAt}#${mailing.id}`, type: 'mailing', processed: 0, ...mailing },
      `Mailing ${mailing.id}`,
    );
  }

  async get(id: string): Promise<StoredMailing | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.mailing(id), ConsistentRead: true }));
    return result.Item ? withoutKeys<StoredMailing>(result.Item) : undefined;
  }

  list(limit: number, cursor?: string): Promise<Page<StoredMailing>> {
    return queryPage(this.table, { index: 'gsi1', partition: keys.listing('MAILING'), limit, newestFirst: true, ...(cursor ? { cursor } : {}) }, (item) =>
      withoutKeys<StoredMailing>(item),
    );
  }

  /**
   * Mailings that are sending or scheduled. One Query of the mailing listing with a filter: it reads
   * every mailing's item once (there is no index by status), fine for the thousands a product keeps.
   */
  async inFlight(): Promise<StoredMailing[]> {
    const items = await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: '#status IN (:sending, :scheduled)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':pk': keys.listing('MAILING'), ':sending': 'sending', ':scheduled': 'scheduled' },
    });
    return items.map((item) => withoutKeys<StoredMailing>(item));
  }

  /**
   * Moves the mailing from the status it was read with to `to`, keeping the scheduled list in step,
   * and puts `announce` into the outbox in the same transaction. Throws {@link ConcurrentWriteError}
   * when someone else moved it first.
   */
  async changeStatus(
    mailing: Mailing,
    to: MailingStatus,
    at: Date,
    fields: Partial<Pick<Mailing, 'startedAt' | 'cancelledAt' | 'finishedAt'>> = {},
    announce?: DomainEvent,
  ): Promise<void> {
    const sets = Object.entries({ ...fields, updatedAt: at.toISOString() });
    const scheduledEntry = mailing.scheduledAt ? keys.scheduledMailing(mailing.scheduledAt, mailing.id) : undefined;
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Update: {
          TableName: this.table.tableName,
          Key: keys.mailing(mailing.id),
          UpdateExpression: `SET #status = :to, ${sets.map((_, index) => `#f${index} = :f${index}`).join(', ')}`,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(sets.map(([name], index) => [`#f${index}`, name])) },
          ExpressionAttributeValues: { ':to': to, ':from': mailing.status, ...Object.fromEntries(sets.map(([, value], index) => [`:f${index}`, value])) },
        },
      },
    ];
    if (to === 'scheduled' && scheduledEntry)
      items.push({ Put: { TableName: this.table.tableName, Item: { ...scheduledEntry, type: 'scheduled-mailing', mailingId: mailing.id } } });
    if (mailing.status === 'scheduled' && scheduledEntry) items.push({ Delete: { TableName: this.table.tableName, Key: scheduledEntry } });
    if (announce) items.push(outboxPut(this.table.tableName, announce));
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') throw new ConcurrentWriteError({ cause: error });
      throw error;
    }
  }

  /**
   * Asks for a stuck mailing's preparation again: `announce` goes into the outbox and `updatedAt`
   * moves on, in one transaction conditioned on the mailing being unchanged since it was read, so two
   * sweeps never ask twice for one stall. False when the mailing moved meanwhile (it was not stuck).
   */
  async requestPreparationAgain(mailing: Pick<Mailing, 'id' | 'updatedAt'>, at: Date, announce: DomainEvent): Promise<boolean> {
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table.tableName,
                Key: keys.mailing(mailing.id),
                UpdateExpression: 'SET updatedAt = :at',
                ConditionExpression: '#status = :sending AND updatedAt = :seen',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':at': at.toISOString(), ':sending': 'sending', ':seen': mailing.updatedAt },
              },
            },
            outboxPut(this.table.tableName, announce),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  /** Ids of scheduled mailings whose time has come, earliest first. */
  async dueScheduled(now: Date, limit = 100): Promise<string[]> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND sk <= :until',
        ExpressionAttributeValues: { ':pk': keys.scheduledMailings, ':until': `${now.toISOString()}#\uffff` },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => mailingIdOfScheduled(String(item.sk)));
  }

  /**
   * Records one step of the recipient snapshot, if nobody recorded it before (the step's starting
   * cursor must still be the stored one). The last step (no `cursorAfter`) marks the snapshot complete.
   * Returns false when the step was recorded already (a retried preparation).
   */
  async recordPreparation(mailingId: string, step: PreparationStep, at: Date): Promise<boolean> {
    const skipped = step.skippedNoConsent + step.suppressed;
    return writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.mailing(mailingId),
          UpdateExpression: `SET counts.recipients = counts.recipients + :recipients, counts.skippedNoConsent = counts.skippedNoConsent + :noConsent, counts.suppressed = counts.suppressed + :suppressed, #processed = #processed + :skipped, updatedAt = :at, ${
            step.cursorAfter ? 'prepareCursor = :after' : '#prepared = :true REMOVE prepareCursor'
          }`,
          ConditionExpression: `${step.cursorBefore ? 'prepareCursor = :before' : 'attribute_not_exists(prepareCursor)'} AND attribute_not_exists(#prepared)`,
          ExpressionAttributeNames: { '#processed': 'processed', '#prepared': 'prepared' },
          ExpressionAttributeValues: {
            ':recipients': step.recipients,
            ':noConsent': step.skippedNoConsent,
            ':suppressed': step.suppressed,
            ':skipped': skipped,
            ':at': at.toISOString(),
            ...(step.cursorAfter ? { ':after': step.cursorAfter } : { ':true': true }),
            ...(step.cursorBefore ? { ':before': step.cursorBefore } : {}),
          },
        }),
      ),
    );
  }

  /**
   * Claims a recipient for sending: succeeds when nobody has, or when a sender's claim lapsed (it
   * crashed before SES answered). Otherwise returns the record that stands.
   */
  async claim(mailingId: string, contactId: string, claimToken: string, now: Date, leaseMs: number): Promise<ClaimResult> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.mailingSend(mailingId, contactId),
            type: 'mailing-send',
            contactId,
            state: 'claimed',
            claimToken,
            at: now.toISOString(),
            leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :claimed AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':now': now.toISOString() },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { claimed: true };
    } catch (error) {
      const record = isConditionalCheckFailed(error) ? oldItem(error) : undefined;
      if (record) return { claimed: false, record };
      throw error;
    }
  }

  /** Sets the outcome of a claim this sender holds; false when the claim was lost (lapsed and retaken). */
  async settleClaim(
    mailingId: string,
    contactId: string,
    claimToken: string,
    outcome: RecipientOutcome,
    at: Date,
    details: { messageId?: string; reason?: string } = {},
  ): Promise<boolean> {
    const extra = Object.entries(details).filter(([, value]) => value !== undefined);
    return writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.mailingSend(mailingId, contactId),
          UpdateExpression: `SET #state = :outcome, #at = :at${extra.map((_, index) => `, #x${index} = :x${index}`).join('')} REMOVE claimToken, leaseUntil`,
          ConditionExpression: 'claimToken = :token',
          ExpressionAttributeNames: { '#state': 'state', '#at': 'at', ...Object.fromEntries(extra.map(([name], index) => [`#x${index}`, name])) },
          ExpressionAttributeValues: {
            ':outcome': outcome,
            ':at': at.toISOString(),
            ':token': claimToken,
            ...Object.fromEntries(extra.map(([, value], index) => [`:x${index}`, value])),
          },
        }),
      ),
    );
  }

  /** Gives a claim back (SES said "not now"), so the next delivery of the batch may claim it again. */
  async releaseClaim(mailingId: string, contactId: string, claimToken: string): Promise<void> {
    await writeIf(
      this.table.client.send(
        new DeleteCommand({
          TableName: this.table.tableName,
          Key: keys.mailingSend(mailingId, contactId),
          ConditionExpression: 'claimToken = :token',
          ExpressionAttributeValues: { ':token': claimToken },
        }),
      ),
    );
  }

  /** Records an outcome decided without sending (no consent, suppressed); returns the record that stands. */
  async recordSkip(mailingId: string, contactId: string, outcome: 'skippedNoConsent' | 'suppressed' | 'capped', at: Date): Promise<SendRecord> {
    const record: SendRecord = { contactId, state: outcome, at: at.toISOString() };
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...keys.mailingSend(mailingId, contactId), type: 'mailing-send', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return record;
    } catch (error) {
      const existing = isConditionalCheckFailed(error) ? oldItem(error) : undefined;
      if (existing) return existing;
      throw error;
    }
  }

  /**
   * Adds settled outcomes to the mailing's counts and marks each record tallied, in one transaction
   * (at most 99 records), so an outcome is counted once however often its batch is delivered.
   */
  async tally(mailing: Pick<Mailing, 'id' | 'campaignId'>, settled: ReadonlyArray<{ contactId: string; outcome: RecipientOutcome }>, at: Date): Promise<void> {
    if (settled.length === 0) return;
    if (settled.length > 98) throw new RangeError('A tally holds at most 98 recipients');
    const mailingId = mailing.id;
    const sent = settled.filter(({ outcome }) => outcome === 'sent').length;
    const byOutcome = new Map<RecipientOutcome, number>();
    for (const { outcome } of settled) byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    const counts = [...byOutcome];
    const write = () =>
      this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.table.tableName,
                Key: keys.mailing(mailingId),
                UpdateExpression: `SET ${counts.map((_, index) => `counts.#o${index} = if_not_exists(counts.#o${index}, :zero) + :n${index}`).join(', ')}, #processed = #processed + :total, updatedAt = :at`,
                ExpressionAttributeNames: { ...Object.fromEntries(counts.map(([outcome], index) => [`#o${index}`, outcome])), '#processed': 'processed' },
                ExpressionAttributeValues: {
                  ...Object.fromEntries(counts.map(([, n], index) => [`:n${index}`, n])),
                  ':total': settled.length,
                  ':zero': 0,
                  ':at': at.toISOString(),
                },
              },
            },
            // The campaign's e-mail funnel starts here: mails SES accepted, on the day they went out.
            ...(sent > 0 ? [counterAdd(this.table.tableName, mailCounter(mailing.campaignId, at.toISOString().slice(0, 10), 'sent', sent))] : []),
            ...settled.map(({ contactId, outcome }) => ({
              Update: {
                TableName: this.table.tableName,
                Key: keys.mailingSend(mailingId, contactId),
                UpdateExpression: 'SET tallied = :true',
                ConditionExpression: '#state = :outcome AND attribute_not_exists(tallied)',
                ExpressionAttributeNames: { '#state': 'state' },
                ExpressionAttributeValues: { ':true': true, ':outcome': outcome },
              },
            })),
          ],
        }),
      );
    try {
      await retryingConflicts(write);
    } catch (error) {
      if (cancellationReasons(error)) throw new ConcurrentWriteError({ cause: error });
      throw error;
    }
  }

  /** Marks a sending mailing sent once its snapshot is complete and every recipient is counted. */
  async completeIfDone(mailingId: string, at: Date): Promise<boolean> {
    return writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.mailing(mailingId),
          UpdateExpression: 'SET #status = :sent, finishedAt = :at, updatedAt = :at',
          ConditionExpression: '#status = :sending AND #prepared = :true AND #processed >= counts.recipients',
          ExpressionAttributeNames: { '#status': 'status', '#prepared': 'prepared', '#processed': 'processed' },
          ExpressionAttributeValues: { ':sent': 'sent', ':sending': 'sending', ':true': true, ':at': at.toISOString() },
        }),
      ),
    );
  }

  /**
   * Counts a SES event (or an unsubscribe) for a sent mail once per recipient and kind: the send record
   * remembers it, the mailing's and the campaign's day counters grow and `announce` goes into the
   * outbox in the same transaction.
   * Returns false for a repeat or for a mail this table did not send.
   */
  async recordMailEvent(
    event: { mailingId: string; contactId: string; kind: MailEventKind; at: string; campaignId?: string },
    announce?: DomainEvent,
  ): Promise<boolean> {
    const counter = event.campaignId ? mailCounter(event.campaignId, event.at.slice(0, 10), event.kind, 1) : undefined;
    try {
      await retryingConflicts(() =>
        this.table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.table.tableName,
                  Key: keys.mailingSend(event.mailingId, event.contactId),
                  UpdateExpression: 'SET #kind = :at',
                  ConditionExpression: 'attribute_exists(pk) AND #state = :sent AND attribute_not_exists(#kind)',
                  ExpressionAttributeNames: { '#kind': `${event.kind}At`, '#state': 'state' },
                  ExpressionAttributeValues: { ':at': event.at, ':sent': 'sent' },
                },
              },
              {
                Update: {
                  TableName: this.table.tableName,
                  Key: keys.mailing(event.mailingId),
                  UpdateExpression: 'SET counts.#kind = counts.#kind + :one',
                  ExpressionAttributeNames: { '#kind': event.kind },
                  ExpressionAttributeValues: { ':one': 1 },
                },
              },
              ...(counter ? [counterAdd(this.table.tableName, counter)] : []),
              ...(announce ? [outboxPut(this.table.tableName, announce)] : []),
            ],
          }),
        ),
      );
      return true;
    } catch (error) {
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  /** A recipient's send record, if any. */
  async sendRecord(mailingId: string, contactId: string): Promise<SendRecord | undefined> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.mailingSend(mailingId, contactId), ConsistentRead: true }),
    );
    return result.Item ? withoutKeys<SendRecord>(result.Item) : undefined;
  }
}
