import { BatchWriteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Contact } from '#shared/domain/contact';
import type { TableRef } from './dynamo-client';
import type { DomainEvent } from '#shared/events/publisher';
import type { ErasureStore } from '#shared/use-cases/contact-ports';
import { cancellationReasons, writeIf } from './errors';
import { keys } from './keys';
import { outboxPut } from './outbox';
import { queryAll } from './pagination';

type Key = { pk: string; sk: string };

/**
 * The writes of a GDPR erasure and the hashed suppression list it leaves behind
 * (`SUPPRESSION#<hash>`): enough to recognise the address again, not to read it.
 */
export class ErasureRepository implements ErasureStore {
  constructor(private readonly table: TableRef) {}

  /**
   * Deletes the profile, the last item of an erasure, and puts the event announcing the erasure into
   * the outbox, in one transaction: the erasure is announced exactly when it is complete. False when
   * the profile was gone already (another erasure finished first).
   */
  async deleteProfileAnnouncing(contactId: string, event: DomainEvent): Promise<boolean> {
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: this.table.tableName, Key: keys.contact(contactId), ConditionExpression: 'attribute_exists(pk)' } },
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

  /**
   * Deletes what points at the contact from outside its partition: its name and tag index entries,
   * its segment member items, its email claim and the address's suppression entry.
   */
  async deleteLookups(contact: Pick<Contact, 'id' | 'emailNormalised' | 'searchKeys' | 'tagKeys' | 'segments' | 'mergedEmails'>): Promise<void> {
    const indexKeys = [
      ...(contact.searchKeys ?? []).map((sk) => keys.nameIndexEntry(sk)),
      ...(contact.tagKeys ?? []).map((tagKey) => keys.tagIndexEntry(tagKey)),
    ];
    const memberKeys = Object.keys(contact.segments ?? {}).map((segmentId) => keys.segmentMember(segmentId, contact.id));
    // The addresses of contacts merged into this one are its addresses too: their claims point here.
    const addresses = [contact.emailNormalised, ...(contact.mergedEmails ?? [])];
    await this.deleteKeys([...indexKeys, ...memberKeys, ...addresses.flatMap((address) => [keys.emailClaim(address), keys.suppression(address)])]);
  }

  /** Deletes the partitions of contacts merged into the erased one: their tombstones and what stayed there. */
  async deleteMergedRemains(contactIds: readonly string[]): Promise<void> {
    for (const id of contactIds) await this.deleteKeys(await this.partitionKeys(id));
  }

  /** Deletes every item of the contact's partition but its profile (the erasure's last write). */
  async deletePartitionBesideProfile(contactId: string): Promise<void> {
    const partition = await this.partitionKeys(contactId);
    await this.deleteKeys(partition.filter((key) => key.sk !== keys.contact(contactId).sk));
  }

  /** Every key in a contact's partition, the profile last. */
  async partitionKeys(contactId: string): Promise<Key[]> {
    const found: Key[] = (
      await queryAll(this.table, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.contactPartition(contactId) },
        ProjectionExpression: 'pk, sk',
      })
    ).map((item) => ({ pk: String(item.pk), sk: String(item.sk) }));
    return [...found.filter((key) => key.sk !== 'PROFILE'), ...found.filter((key) => key.sk === 'PROFILE')];
  }

  /** Deletes keys in batches of 25, retrying what DynamoDB leaves unprocessed, in the order given. */
  async deleteKeys(toDelete: Key[]): Promise<void> {
    for (let start = 0; start < toDelete.length; start += 25) {
      let requests = toDelete.slice(start, start + 25).map((key) => ({ DeleteRequest: { Key: key } }));
      for (let attempt = 0; requests.length > 0; attempt += 1) {
        if (attempt > 8) throw new Error('DynamoDB kept items of an erasure unprocessed');
        if (attempt > 0) await sleep(2 ** attempt * 10);
        const result = await this.table.client.send(new BatchWriteCommand({ RequestItems: { [this.table.tableName]: requests } }));
        requests = (result.UnprocessedItems?.[this.table.tableName] ?? []) as typeof requests;
      }
    }
  }

  /** Keeps an order id's claim (so a replayed order stays a duplicate) but drops whom it belonged to. */
  async anonymiseOrderClaim(orderId: string): Promise<void> {
    await writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.orderClaim(orderId),
          UpdateExpression: 'REMOVE contactId',
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
  }

  async suppressHash(hash: string, reason: 'erased', at: Date): Promise<void> {
    await this.table.client.send(
      new PutCommand({ TableName: this.table.tableName, Item: { ...keys.suppressionHash(hash), type: 'suppression-hash', reason, at: at.toISOString() } }),
    );
  }

  async isHashSuppressed(hash: string): Promise<boolean> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.suppressionHash(hash) }));
    return result.Item !== undefined;
  }
}
