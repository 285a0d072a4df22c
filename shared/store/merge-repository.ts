import { BatchWriteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Applied } from '#shared/domain/campaign-analytics';
import type { Contact } from '#shared/domain/contact';
import type { DomainEvent } from '#shared/events/publisher';
import type { AttributionShare, MergeStore } from '#shared/use-cases/merge-ports';
import { ContactRepository, contactProfileItem } from './contact-repository';
import type { TableRef } from './dynamo-client';
import { cancellationReasons, ConcurrentWriteError, writeIf } from './errors';
import { keys, SK_PREFIX } from './keys';
import { outboxPut } from './outbox';
import { queryAll } from './pagination';

/** A transaction holds at most 100 items. */
const TRANSACTION_LIMIT = 100;
/** How many tombstones a look-up follows (a contact merged into one that was merged on). */
const MAX_HOPS = 8;

/** Items of a partition that stay where they are in a merge: its profile, tombstone, counted share, journeys. */
function staysInPlace(sk: string): boolean {
  return sk === SK_PREFIX.profile || sk === 'MERGED' || sk === 'ATTRIBUTION' || sk.startsWith(keys.journeyParticipantPrefix);
}

/**
 * The writes of a merge (ARCHITECTURE.md: "merges move a partition's items to the survivor in idempotent
 * steps and leave a `MERGED` tombstone"). {@link absorb} is the one transaction that makes the merge happen;
 * {@link moveItems} moves the rest and may be repeated any number of times.
 */
export class MergeRepository implements MergeStore {
  private readonly contacts: ContactRepository;

  constructor(private readonly table: TableRef) {
    this.contacts = new ContactRepository(table);
  }

  /** The contact `id` was merged into, following tombstones to the final survivor; undefined when it was not merged. */
  async mergedInto(id: string): Promise<string | undefined> {
    let current = id;
    for (let hop = 0; hop < MAX_HOPS; hop += 1) {
      const result = await this.table.client.send(
        new GetCommand({ TableName: this.table.tableName, Key: keys.mergedTombstone(current), ConsistentRead: true, ProjectionExpression: 'mergedInto' }),
      );
      const next = result.Item?.mergedInto;
      if (typeof next !== 'string') return current === id ? undefined : current;
      current = next;
    }
    return current;
  }

  /** What the contact adds to the campaign counters, and the version guarding it (0: nothing yet). */
  async attributionShare(contactId: string): Promise<AttributionShare> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.attribution(contactId), ConsistentRead: true }));
    return {
      applied: (result.Item?.applied as Applied | undefined) ?? {},
      version: typeof result.Item?.version === 'number' ? result.Item.version : 0,
    };
  }

  /**
   * The merge, in one transaction conditioned on both profiles' versions and both counted shares: the
   * survivor's merged profile (and its index entries); the other's profile replaced by its tombstone; its
   * email claims pointed at the survivor; its name, tag and segment entries removed (member counts with
   * them); its counted share handed to the survivor (the counters do not move: the survivor's next
   * refresh moves them by what the merged facts contribute, so nothing is counted twice); earlier
   * tombstones pointed on; the event in the outbox. Throws {@link ConcurrentWriteError} when either changed.
   */
  async absorb(input: {
    survivor: Contact;
    merged: Contact;
    other: Contact;
    shares: { survivor: AttributionShare; other: AttributionShare };
    event: DomainEvent;
    at: string;
  }): Promise<Contact> {
    const { survivor, other, shares } = input;
    const tableName = this.table.tableName;
    const { contact: indexed, writes } = this.contacts.indexChanges({ ...input.merged, version: survivor.version + 1 });
    const handedOver = Object.keys(shares.other.applied).length > 0;
    const summed: Applied = { ...shares.survivor.applied };
    for (const [key, value] of Object.entries(shares.other.applied)) summed[key] = (summed[key] ?? 0) + value;
    const otherLookups = [
      ...(other.searchKeys ?? []).map((sk) => keys.nameIndexEntry(sk)),
      ...(other.tagKeys ?? []).map((tagKey) => keys.tagIndexEntry(tagKey)),
      ...Object.keys(other.segments ?? {}).map((segmentId) => keys.segmentMember(segmentId, other.id)),
    ];
    const items = [
      {
        Put: {
          TableName: tableName,
          Item: contactProfileItem(indexed),
          ConditionExpression: 'version = :seen',
          ExpressionAttributeValues: { ':seen': survivor.version },
        },
      },
      {
        Delete: {
          TableName: tableName,
          Key: keys.contact(other.id),
          ConditionExpression: 'version = :seen',
          ExpressionAttributeValues: { ':seen': other.version },
        },
      },
      { Put: { TableName: tableName, Item: { ...keys.mergedTombstone(other.id), type: 'merged', mergedInto: survivor.id, mergedAt: input.at } } },
      ...[other.emailNormalised, ...(other.mergedEmails ?? [])].map((email) => ({
        Put: { TableName: tableName, Item: { ...keys.emailClaim(email), type: 'email-claim', contactId: survivor.id } },
      })),
      ...(other.mergedIds ?? []).map((id) => ({
        Put: { TableName: tableName, Item: { ...keys.mergedTombstone(id), type: 'merged', mergedInto: survivor.id, mergedAt: input.at } },
      })),
      shares.other.version === 0
        ? { ConditionCheck: { TableName: tableName, Key: keys.attribution(other.id), ConditionExpression: 'attribute_not_exists(pk)' } }
        : {
            Delete: {
              TableName: tableName,
              Key: keys.attribution(other.id),
              ConditionExpression: 'version = :seen',
              ExpressionAttributeValues: { ':seen': shares.other.version },
            },
          },
      ...(handedOver
        ? [
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.attribution(survivor.id), type: 'attribution', applied: summed, version: shares.survivor.version + 1 },
                ConditionExpression: shares.survivor.version === 0 ? 'attribute_not_exists(pk)' : 'version = :seen',
                ...(shares.survivor.version === 0 ? {} : { ExpressionAttributeValues: { ':seen': shares.survivor.version } }),
              },
            },
          ]
        : []),
      ...otherLookups.map((key) => ({ Delete: { TableName: tableName, Key: key } })),
      ...Object.keys(other.segments ?? {}).map((segmentId) => ({
        Update: { TableName: tableName, Key: keys.segment(segmentId), UpdateExpression: 'ADD memberCount :minus', ExpressionAttributeValues: { ':minus': -1 } },
      })),
      ...writes,
      outboxPut(tableName, input.event),
    ];
    if (items.length > TRANSACTION_LIMIT) throw new Error(`A merge of ${items.length} writes does not fit one transaction`);
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: items }));
      return indexed;
    } catch (error) {
      if (cancellationReasons(error)) throw new ConcurrentWriteError({ cause: error });
      throw error;
    }
  }

  /**
   * Moves what is left in the merged contact's partition to the survivor's: each item put under the
   * survivor (marked `movedFrom`, so its stream record announces nothing again) and then deleted from the
   * other, an order's id claim pointed at the survivor. Idempotent: repeated after an interruption, it
   * moves what is still there. Profile, tombstone, counted share and journey participations stay.
   */
  async moveItems(otherId: string, survivorId: string): Promise<number> {
    const items = (
      await queryAll(this.table, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.contactPartition(otherId) },
        ConsistentRead: true,
      })
    ).filter((item) => !staysInPlace(String(item.sk)));
    for (let start = 0; start < items.length; start += 25) {
      const chunk = items.slice(start, start + 25);
      await this.batchWrite(
        chunk.map((item) => ({
          PutRequest: {
            Item: { ...item, pk: keys.contactPartition(survivorId), ...(item.contactId === otherId ? { contactId: survivorId } : {}), movedFrom: otherId },
          },
        })),
      );
      for (const item of chunk) {
        if (!String(item.sk).startsWith(SK_PREFIX.order) || typeof item.orderId !== 'string') continue;
        await writeIf(
          this.table.client.send(
            new UpdateCommand({
              TableName: this.table.tableName,
              Key: keys.orderClaim(item.orderId),
              UpdateExpression: 'SET contactId = :survivor',
              ConditionExpression: 'contactId = :other',
              ExpressionAttributeValues: { ':survivor': survivorId, ':other': otherId },
            }),
          ),
        );
      }
      await this.batchWrite(chunk.map((item) => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })));
    }
    return items.length;
  }

  /** Remembers that two contacts are not one person. */
  async dismiss(pairId: string, a: string, b: string, at: string): Promise<void> {
    await this.table.client.send(
      new PutCommand({ TableName: this.table.tableName, Item: { ...keys.duplicateDismissal(pairId), type: 'duplicate-dismissal', a, b, at } }),
    );
  }

  /** The ids of every dismissed pair (one partition, one paginated Query). */
  async dismissedPairs(): Promise<Set<string>> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.duplicateDismissals },
      ProjectionExpression: 'sk',
    });
    return new Set(items.map((item) => String(item.sk)));
  }

  private async batchWrite(requests: Array<Record<string, unknown>>): Promise<void> {
    let pending = requests;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 8) throw new Error('DynamoDB kept items of a merge unprocessed');
      if (attempt > 0) await sleep(2 ** attempt * 10);
      const result = await this.table.client.send(new BatchWriteCommand({ RequestItems: { [this.table.tableName]: pending } }));
      pending = (result.UnprocessedItems?.[this.table.tableName] ?? []) as typeof pending;
    }
  }
}
