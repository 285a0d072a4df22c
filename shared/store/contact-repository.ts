import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConsentProof, Contact, Touchpoint } from '#shared/domain/contact';
import type { TableRef } from './dynamo-client';
import { cancellationReasons, ConcurrentWriteError, EmailTakenError, isConditionalCheckFailed } from './errors';
import { keys, SK_PREFIX } from './keys';
import { withoutKeys } from './pagination';

/** Timeline entries and consent proofs written together with a contact change. */
export interface ContactEntries {
  touchpoints?: Touchpoint[];
  proofs?: ConsentProof[];
}

/** Everything stored under one contact's partition, as read in one Query. */
export interface ContactRecord {
  contact: Contact;
  touchpoints: Touchpoint[];
  consentProofs: ConsentProof[];
}

/**
 * Contacts and their partition (profile, timeline, consent proofs) plus the `EMAIL#` claim that makes
 * an address belong to exactly one contact. Every profile write is conditioned on the version read,
 * so concurrent submissions for one person merge instead of overwriting each other.
 */
export class ContactRepository {
  constructor(private readonly table: TableRef) {}

  private profileItem(contact: Contact) {
    return { ...keys.contact(contact.id), type: 'contact', ...contact };
  }

  private entryPuts(entries: ContactEntries) {
    const touchpoints = (entries.touchpoints ?? []).map((touchpoint) => ({
      Put: {
        TableName: this.table.tableName,
        Item: { ...keys.timelineEntry(touchpoint.contactId, touchpoint.at, touchpoint.id), type: 'touchpoint', ...touchpoint },
      },
    }));
    const proofs = (entries.proofs ?? []).map((proof) => ({
      Put: {
        TableName: this.table.tableName,
        Item: { ...keys.consentProof(proof.contactId, proof.topic, proof.at, proof.id), type: 'consent', ...proof },
      },
    }));
    return [...touchpoints, ...proofs];
  }

  /**
   * Creates a contact with its email claim and entries in one transaction: all or nothing.
   * Throws {@link EmailTakenError} when the address belongs to someone already.
   */
  async create(contact: Contact, entries: ContactEntries = {}): Promise<Contact> {
    const stored = { ...contact, version: 1 };
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table.tableName, Item: this.profileItem(stored), ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: this.table.tableName,
                Item: { ...keys.emailClaim(contact.emailNormalised), type: 'email-claim', contactId: contact.id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...this.entryPuts(entries),
          ],
        }),
      );
      return stored;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[1] === 'ConditionalCheckFailed') throw new EmailTakenError({ cause: error });
      if (reasons) throw new ConcurrentWriteError({ cause: error });
      throw error;
    }
  }

  /**
   * Replaces the profile if nobody changed it since `contact.version` was read, adding entries in the
   * same transaction. Throws {@link ConcurrentWriteError} otherwise (re-read and re-plan).
   */
  async update(contact: Contact, entries: ContactEntries = {}): Promise<Contact> {
    const stored = { ...contact, version: contact.version + 1 };
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.tableName,
                Item: this.profileItem(stored),
                ConditionExpression: 'version = :seen',
                ExpressionAttributeValues: { ':seen': contact.version },
              },
            },
            ...this.entryPuts(entries),
          ],
        }),
      );
      return stored;
    } catch (error) {
      if (cancellationReasons(error)) throw new ConcurrentWriteError({ cause: error });
      throw error;
    }
  }

  /**
   * Notes that the confirmation mail for `requestId` went out, for each topic still waiting on that
   * request. Bumps the version, so a merge planned before this write re-reads instead of dropping it.
   */
  async markConfirmationMailed(contactId: string, topics: readonly string[], requestId: string, at: Date): Promise<void> {
    for (const topic of topics) {
      try {
        await this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.contact(contactId),
            UpdateExpression: 'SET consents.#topic.mailSentAt = :at ADD version :one',
            ConditionExpression: 'consents.#topic.requestId = :rid AND consents.#topic.#status = :pending',
            ExpressionAttributeNames: { '#topic': topic, '#status': 'status' },
            ExpressionAttributeValues: { ':at': at.toISOString(), ':rid': requestId, ':pending': 'pending', ':one': 1 },
          }),
        );
      } catch (error) {
        // Confirmed or superseded in the meantime: nothing left to mark.
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
  }

  async idForEmail(emailNormalised: string): Promise<string | undefined> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.emailClaim(emailNormalised), ProjectionExpression: 'contactId' }),
    );
    return typeof result.Item?.contactId === 'string' ? result.Item.contactId : undefined;
  }

  async get(id: string): Promise<Contact | undefined> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.contact(id), ConsistentRead: true }),
    );
    return result.Item ? withoutKeys<Contact>(result.Item) : undefined;
  }

  async getByEmail(emailNormalised: string): Promise<Contact | undefined> {
    const id = await this.idForEmail(emailNormalised);
    return id ? this.get(id) : undefined;
  }

  /** The contact with its timeline and consent proofs, newest first, in one paginated Query. */
  async getRecord(id: string): Promise<ContactRecord | undefined> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.contactPartition(id) },
          ScanIndexForward: false,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    const profile = items.find((item) => item.sk === SK_PREFIX.profile);
    if (!profile) return undefined;
    const bySk = (prefix: string) => items.filter((item) => String(item.sk).startsWith(prefix));
    const newestFirst = <T extends { at: string }>(entries: T[]) => entries.sort((a, b) => b.at.localeCompare(a.at));
    return {
      contact: withoutKeys<Contact>(profile),
      touchpoints: newestFirst(bySk(SK_PREFIX.timeline).filter((item) => item.type === 'touchpoint').map((item) => withoutKeys<Touchpoint>(item))),
      consentProofs: newestFirst(bySk(SK_PREFIX.consent).map((item) => withoutKeys<ConsentProof>(item))),
    };
  }
}
