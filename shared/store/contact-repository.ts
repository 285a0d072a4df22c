import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Activity } from '#shared/domain/activity';
import type { Channels } from '#shared/domain/channel';
import type { ChannelProof } from '#shared/domain/channel-rules';
import type { ConsentProof, Contact, Touchpoint } from '#shared/domain/contact';
import type { MailTimelineEntry, RecipientFacts } from '#shared/domain/mailing';
import { touchOf } from '#shared/domain/capture-plan';
import { foldSearchTerm, nameIndexKey, nameIndexKeys, nameTokens } from '#shared/domain/name-search';
import type { Order } from '#shared/domain/order';
import type { ContactEntries, ContactRecord } from '#shared/use-cases/contact-ports';
import type { TableRef } from './dynamo-client';
import { cancellationReasons, ConcurrentWriteError, EmailTakenError, retryingConflicts, writeIf } from './errors';
import { ImportRowDoneError, OrderAlreadyRecordedError } from '#shared/use-cases/port-errors';
import { contactIdOfNameSlot, contactIdOfNewest, emailOfClaim, keys, LEAD_IS_NEW, NAME_INDEX_SLOTS, nameIndexSlot, SK_PREFIX } from './keys';
import { outboxPut } from './outbox';
import { scoreEntryOf } from './scoring-repository';
import { decodePosition, encodePosition, getAll, type Page, queryAll, queryPage, withoutKeys } from './pagination';

export type { ContactEntries, ContactRecord };

const RECIPIENT_ATTRIBUTES = ['id', 'email', 'emailNormalised', 'firstName', 'lastName', 'company', 'locale', 'fields', 'channels', 'companyChannels'] as const;

export { ImportRowDoneError, OrderAlreadyRecordedError } from '#shared/use-cases/port-errors';

/**
 * Contacts and their partition (profile, timeline, consent proofs) plus the `EMAIL#` claim that makes
 * an address belong to exactly one contact. Every profile write is conditioned on the version read,
 * so concurrent submissions for one person merge instead of overwriting each other.
 */
/** Tags match regardless of case, as segment rules compare them. */
export const foldTag = (tag: string) => tag.trim().toLowerCase();

/** The tag-index entries a contact should have: one per distinct folded tag. */
function tagKeysOf(contact: Contact): string[] {
  return [...new Set(contact.tags.map(foldTag).filter((tag) => tag !== ''))].map((tag) => {
    const key = keys.tagIndex(tag, contact.createdAt, contact.id);
    return `${tag}|${key.sk}`;
  });
}

/**
 * A contact's profile item with every index key it carries: the facts index, the newest-first index,
 * and its company's people (gsi1). Exported for seeding benchmarks with exactly what the repository writes.
 */
export function contactProfileItem(contact: Contact): Record<string, unknown> {
  const company = contact.companyId ? { gsi1pk: keys.companyPeople(contact.companyId), gsi1sk: `${foldSearchTerm(contact.lastName ?? '')}#${contact.id}` } : {};
  const names = keys.nameSlots(nameIndexKeys(contact.firstName, contact.lastName), contact.id);
  return {
    ...keys.contact(contact.id),
    ...keys.contactFacts(contact.id),
    ...keys.newestContact(contact.id, contact.createdAt),
    type: 'contact',
    ...company,
    ...names,
    ...(contact.ownerId ? keys.ownerIndex(contact.ownerId, 'contact', contact.id) : {}),
    ...contact,
  };
}

/**
 * The name-index items a contact still needs: the spellings of the words its name slots do not hold (a
 * name of more than {@link NAME_INDEX_SLOTS} words), as sort keys, the form `searchKeys` keeps.
 */
function overflowNameKeys(contact: Contact): string[] {
  const slotted = new Set(nameIndexKeys(contact.firstName, contact.lastName).slice(0, NAME_INDEX_SLOTS));
  return nameTokens(contact.firstName, contact.lastName)
    .filter((token) => !slotted.has(nameIndexKey(token)))
    .map((token) => keys.nameIndex(token, contact.id).sk);
}

export class ContactRepository {
  constructor(private readonly table: TableRef) {}

  /**
   * Puts for new name-index and tag-index entries and deletes for stale ones, and the contact with its
   * new key lists (written in the same transaction as the profile). A profile written before 0.8.0 has
   * an item for every name word; its next write deletes those its name slots now hold. Merges write the survivor with it too.
   */
  indexChanges(contact: Contact) {
    const next = overflowNameKeys(contact);
    const previous = contact.searchKeys ?? [];
    const puts = next
      .filter((sk) => !previous.includes(sk))
      .map((sk) => ({
        Put: { TableName: this.table.tableName, Item: { ...keys.nameIndexEntry(sk), type: 'name-index', contactId: contact.id } },
      }));
    const deletes = previous.filter((sk) => !next.includes(sk)).map((sk) => ({ Delete: { TableName: this.table.tableName, Key: keys.nameIndexEntry(sk) } }));
    const nextTags = tagKeysOf(contact);
    const previousTags = contact.tagKeys ?? [];
    const tagPuts = nextTags
      .filter((key) => !previousTags.includes(key))
      .map((key) => ({
        Put: { TableName: this.table.tableName, Item: { ...keys.tagIndexEntry(key), type: 'tag-index', contactId: contact.id } },
      }));
    const tagDeletes = previousTags
      .filter((key) => !nextTags.includes(key))
      .map((key) => ({ Delete: { TableName: this.table.tableName, Key: keys.tagIndexEntry(key) } }));
    const indexed: Contact = { ...contact, ...(next.length > 0 ? { searchKeys: next } : {}), ...(nextTags.length > 0 ? { tagKeys: nextTags } : {}) };
    if (next.length === 0) delete indexed.searchKeys;
    if (nextTags.length === 0) delete indexed.tagKeys;
    return { contact: indexed, writes: [...puts, ...deletes, ...tagPuts, ...tagDeletes] };
  }

  private entryPuts(entries: ContactEntries, created: boolean) {
    const touchpoints = (entries.touchpoints ?? []).map((touchpoint, at) => {
      const claim = at === 0 ? entries.importRow : undefined;
      const item = { type: 'touchpoint', ...touchpoint, [LEAD_IS_NEW]: created };
      return claim
        ? {
            Put: {
              TableName: this.table.tableName,
              Item: { ...keys.importRowTouchpoint(touchpoint.contactId, claim.importId, claim.row), ...item },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          }
        : { Put: { TableName: this.table.tableName, Item: { ...keys.timelineEntry(touchpoint.contactId, touchpoint.at, touchpoint.id), ...item } } };
    });
    const proofs = (entries.proofs ?? []).map((proof) => ({
      Put: {
        TableName: this.table.tableName,
        Item: { ...keys.consentProof(proof.contactId, proof.topic, proof.at, proof.id), type: 'consent', ...proof },
      },
    }));
    // Last, so the positions of the items above (which explainCancellation counts) stay as they are.
    const scoreAdjustments = (entries.scoreAdjustments ?? []).map(({ contactId, entry }) => ({
      Put: { TableName: this.table.tableName, Item: { ...keys.scoreEntry(contactId, entry.at, entry.eventId), type: 'score', contactId, ...entry } },
    }));
    const activities = (entries.activities ?? []).map((activity) => ({
      // `type` is the item discriminator; the activity's own type is kept as `activityType`.
      Put: {
        TableName: this.table.tableName,
        Item: { ...keys.timelineEntry(activity.contactId, activity.at, activity.id), ...activity, type: 'activity', activityType: activity.type },
      },
    }));
    const order = entries.order
      ? [
          {
            Put: {
              TableName: this.table.tableName,
              Item: {
                ...keys.orderClaim(entries.order.orderId),
                type: 'order-claim',
                orderId: entries.order.orderId,
                contactId: entries.order.contactId,
                amountMinor: entries.order.amountMinor,
                currency: entries.order.currency,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: { TableName: this.table.tableName, Item: { ...keys.order(entries.order.contactId, entries.order.orderId), type: 'order', ...entries.order } },
          },
        ]
      : [];
    const outbox = (entries.events ?? []).map((event) => outboxPut(this.table.tableName, event));
    // Last, so the positions explainCancellation reads stay where they were.
    const channelProofs = (entries.channelProofs ?? []).map((proof) => ({
      Put: {
        TableName: this.table.tableName,
        Item: { ...keys.contactChannelProof(proof.subjectId, proof.channel, proof.at, proof.id), type: 'channel', ...proof },
      },
    }));
    return [...touchpoints, ...proofs, ...activities, ...order, ...outbox, ...channelProofs, ...scoreAdjustments];
  }

  /**
   * Turns a cancelled transaction into the error that explains it: a claim (order id, import row's
   * touchpoint) that exists already, a taken email, or a concurrent change. `itemsBefore` counts the
   * items ahead of the entries (profile, and the email claim on create).
   */
  private explainCancellation(error: unknown, itemsBefore: number, entries: ContactEntries): Error | undefined {
    const reasons = cancellationReasons(error);
    if (!reasons) return undefined;
    if (entries.importRow && reasons[itemsBefore] === 'ConditionalCheckFailed') return new ImportRowDoneError(entries.importRow.row);
    const afterActivities = itemsBefore + (entries.touchpoints?.length ?? 0) + (entries.proofs?.length ?? 0) + (entries.activities?.length ?? 0);
    if (entries.order && reasons[afterActivities] === 'ConditionalCheckFailed') return new OrderAlreadyRecordedError(entries.order.orderId);
    if (itemsBefore === 2 && reasons[1] === 'ConditionalCheckFailed') return new EmailTakenError({ cause: error });
    return new ConcurrentWriteError({ cause: error });
  }

  /**
   * Creates a contact with its email claim and entries in one transaction: all or nothing.
   * Throws {@link EmailTakenError} when the address belongs to someone already.
   */
  async create(contact: Contact, entries: ContactEntries = {}): Promise<Contact> {
    const { contact: indexed, writes } = this.indexChanges({ ...contact, version: 1 });
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table.tableName, Item: contactProfileItem(indexed), ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Put: {
                TableName: this.table.tableName,
                Item: { ...keys.emailClaim(contact.emailNormalised), type: 'email-claim', contactId: contact.id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...this.entryPuts(entries, true),
            ...writes,
          ],
        }),
      );
      return indexed;
    } catch (error) {
      throw this.explainCancellation(error, 2, entries) ?? error;
    }
  }

  /**
   * Replaces the profile if nobody changed it since `contact.version` was read, adding entries in the
   * same transaction. Throws {@link ConcurrentWriteError} otherwise (re-read and re-plan).
   */
  async update(contact: Contact, entries: ContactEntries = {}): Promise<Contact> {
    const { contact: indexed, writes } = this.indexChanges({ ...contact, version: contact.version + 1 });
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.tableName,
                Item: contactProfileItem(indexed),
                ConditionExpression: 'version = :seen',
                ExpressionAttributeValues: { ':seen': contact.version },
              },
            },
            ...this.entryPuts(entries, false),
            ...writes,
          ],
        }),
      );
      return indexed;
    } catch (error) {
      throw this.explainCancellation(error, 1, entries) ?? error;
    }
  }

  /** A page of the contacts that carry a tag (any case), newest first; erased ones are left out. */
  async listByTag(tag: string, limit: number, cursor?: string): Promise<Page<Contact>> {
    const page = await queryPage(this.table, { partition: keys.tagPartition(foldTag(tag)), limit, newestFirst: true, ...(cursor ? { cursor } : {}) }, (item) =>
      String(item.contactId),
    );
    const found = new Map(
      (
        await getAll(
          this.table,
          page.items.map((id) => keys.contact(id)),
        )
      ).map((item) => [String(item.id), withoutKeys<Contact>(item)]),
    );
    return { items: page.items.flatMap((id) => found.get(id) ?? []), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /**
   * Ids of contacts that may have a name word starting with `token` (folded), at most `limit`: one Query
   * per name slot by the token's index key, and one of the name-index items (words beyond the slots, and
   * profiles not written since 0.8.0). The slots' keys are broader than the spellings, so the caller
   * checks the names of what it reads.
   */
  async idsByNamePrefix(token: string, limit: number): Promise<string[]> {
    const key = nameIndexKey(token);
    const slots = Array.from({ length: NAME_INDEX_SLOTS }, async (_, at) => {
      const slot = nameIndexSlot(at + 1);
      const result = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: slot.index,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
          ExpressionAttributeNames: { '#pk': slot.pk, '#sk': slot.sk },
          ExpressionAttributeValues: { ':pk': keys.nameSlotPartition(key), ':prefix': key },
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map((item) => contactIdOfNameSlot(String(item[slot.sk])));
    });
    const items = this.table.client
      .send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.nameIndexPartition(token), ':prefix': token },
          Limit: limit,
        }),
      )
      .then((result) => (result.Items ?? []).map((item) => String(item.contactId)));
    return [...new Set((await Promise.all([...slots, items])).flat())].slice(0, limit);
  }

  async getMany(ids: readonly string[]): Promise<Contact[]> {
    const unique = [...new Set(ids)].slice(0, 100);
    return (
      await getAll(
        this.table,
        unique.map((id) => keys.contact(id)),
      )
    ).map((item) => withoutKeys<Contact>(item));
  }

  /** What a mailing's send check reads about these contacts (and the one topic it needs); erased ones are absent. */
  async recipients(ids: readonly string[], topic: string): Promise<RecipientFacts[]> {
    const names = Object.fromEntries(RECIPIENT_ATTRIBUTES.map((name, index) => [`#a${index}`, name]));
    const expression = `${Object.keys(names).join(', ')}, #consents.#topic`;
    const found = await getAll(
      this.table,
      [...new Set(ids)].map((id) => keys.contact(id)),
      { expression, names: { ...names, '#consents': 'consents', '#topic': topic } },
    );
    return found as unknown as RecipientFacts[];
  }

  /**
   * A mail event in the contact's timeline; the entry's id is derived from the event, so a repeat
   * overwrites it. `contactExists` (the sender has just read the profile) skips the check that keeps
   * a late SES event from starting a partition again for an erased contact.
   */
  async addMailEntry(contactId: string, entry: MailTimelineEntry, options: { contactExists?: boolean } = {}): Promise<void> {
    const put = { TableName: this.table.tableName, Item: { ...keys.timelineEntry(contactId, entry.at, entry.id), type: 'mail', contactId, ...entry } };
    if (options.contactExists) {
      await this.table.client.send(new PutCommand(put));
      return;
    }
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { ConditionCheck: { TableName: this.table.tableName, Key: keys.contact(contactId), ConditionExpression: 'attribute_exists(pk)' } },
            { Put: put },
          ],
        }),
      );
    } catch (error) {
      if (cancellationReasons(error)?.[0] !== 'ConditionalCheckFailed') throw error;
    }
  }

  /** When the contact was sent marketing mails since `since` (mailings and journeys: the timeline's `sent` entries). */
  async mailsSentSince(contactId: string, since: Date): Promise<string[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      FilterExpression: '#type = :mail AND #kind = :sent',
      ExpressionAttributeNames: { '#type': 'type', '#kind': 'kind', '#at': 'at' },
      ExpressionAttributeValues: {
        ':pk': keys.contactPartition(contactId),
        ':from': `${SK_PREFIX.timeline}${since.toISOString()}`,
        ':to': `${SK_PREFIX.timeline}~`,
        ':mail': 'mail',
        ':sent': 'sent',
      },
      ProjectionExpression: '#at',
    });
    return items.map((item) => String(item.at));
  }

  /**
   * Contacts, newest first: one Query per shard of the `newest` index (keys only, each asking one more
   * than the page so the merge knows whether anything follows), merged by creation time, then the
   * page's profiles in one batch read. The cursor is the last position shown; every shard continues
   * after it. A contact erased between the index read and the batch read is left out of its page.
   */
  async listNewest(limit: number, cursor?: string): Promise<Page<Contact>> {
    const after = cursor === undefined ? undefined : decodePosition(cursor, (sortKey) => /^\d{4}-\d{2}-\d{2}T[^#]+#.+$/.test(sortKey));
    const shards = await Promise.all(
      keys.newestContactShards().map(async (shard) => {
        const result = await this.table.client.send(
          new QueryCommand({
            TableName: this.table.tableName,
            IndexName: 'newest',
            KeyConditionExpression: after === undefined ? 'newestPk = :shard' : 'newestPk = :shard AND newestSk < :after',
            ExpressionAttributeValues: { ':shard': shard, ...(after === undefined ? {} : { ':after': after }) },
            ScanIndexForward: false,
            Limit: limit + 1,
          }),
        );
        return (result.Items ?? []).map((item) => String(item.newestSk));
      }),
    );
    const merged = shards.flat().sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    const page = merged.slice(0, limit);
    const found = new Map(
      (
        await getAll(
          this.table,
          page.map((sortKey) => keys.contact(contactIdOfNewest(sortKey))),
        )
      ).map((item) => [String(item.id), withoutKeys<Contact>(item)]),
    );
    const last = page.at(-1);
    return {
      items: page.flatMap((sortKey) => found.get(contactIdOfNewest(sortKey)) ?? []),
      ...(merged.length > limit && last !== undefined ? { nextCursor: encodePosition(last) } : {}),
    };
  }

  /** The people of a company, by last name. */
  async listByCompany(companyId: string, limit: number): Promise<Contact[]> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.companyPeople(companyId) },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => withoutKeys<Contact>(item));
  }

  /**
   * Records that the person was on a print export's address list: the touchpoint (put only if this
   * export never reached them) and the touch on the profile's last (and, when none, first) touch, in
   * one transaction. The profile's change reaches the contact-refresh stream reader, which credits
   * the campaign in its counters. False when the export reached them already or they are gone.
   */
  async recordPrintTouch(touchpoint: Touchpoint, exportId: string): Promise<boolean> {
    const touch = touchOf(touchpoint);
    try {
      await retryingConflicts(() =>
        this.table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.table.tableName,
                  Item: { ...keys.printTouchpoint(touchpoint.contactId, exportId), type: 'touchpoint', ...touchpoint },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Update: {
                  TableName: this.table.tableName,
                  Key: keys.contact(touchpoint.contactId),
                  // The export's touch is the newest there is: it becomes the last touch.
                  UpdateExpression: 'SET lastTouch = :touch, firstTouch = if_not_exists(firstTouch, :touch) ADD version :one',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeValues: { ':touch': touch, ':one': 1 },
                },
              },
            ],
          }),
        ),
      );
      return true;
    } catch (error) {
      if (cancellationReasons(error)?.some((reason) => reason === 'ConditionalCheckFailed')) return false;
      throw error;
    }
  }

  /** The ids of every person of a company (its gsi1 partition, all pages). */
  async idsByCompany(companyId: string): Promise<string[]> {
    const items = await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.companyPeople(companyId) },
      ProjectionExpression: 'id',
    });
    return items.map((item) => String(item.id));
  }

  /**
   * Copies a company's channels onto a person's profile (undefined removes the copy), if the person
   * still belongs to that company (`companyId` undefined: belongs to none). Bumps the version, so a
   * write planned on the profile before re-reads instead of putting the old copy back; false when the
   * person is gone or moved on.
   */
  async setCompanyChannels(contactId: string, companyId: string | undefined, channels: Channels | undefined): Promise<boolean> {
    return writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.contact(contactId),
          UpdateExpression: channels ? 'SET companyChannels = :channels ADD version :one' : 'REMOVE companyChannels ADD version :one',
          ConditionExpression: companyId ? 'attribute_exists(pk) AND companyId = :company' : 'attribute_exists(pk) AND attribute_not_exists(companyId)',
          ExpressionAttributeValues: { ':one': 1, ...(channels ? { ':channels': channels } : {}), ...(companyId ? { ':company': companyId } : {}) },
        }),
      ),
    );
  }

  /** The claim of an order id: which contact it was recorded for. */
  async orderClaim(orderId: string): Promise<{ contactId?: string; amountMinor: number; currency: string } | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.orderClaim(orderId) }));
    const item = result.Item;
    return item
      ? { ...(typeof item.contactId === 'string' ? { contactId: item.contactId } : {}), amountMinor: Number(item.amountMinor), currency: String(item.currency) }
      : undefined;
  }

  /**
   * Claims the confirmation mail of `requestId` for these topics before it is sent: succeeds only if
   * every topic still waits on that request and none was mailed since `requestedAt` (a repeated or a
   * second request for the same mail finds it claimed). Sets `mailSentAt`, which the resend window
   * reads, and bumps the version, so a merge planned before this write re-reads instead of dropping it.
   */
  async claimConfirmationMail(contactId: string, topics: readonly string[], requestId: string, requestedAt: string, at: Date): Promise<boolean> {
    const names = Object.fromEntries(topics.map((topic, index) => [`#t${index}`, topic]));
    return writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.contact(contactId),
          UpdateExpression: `SET ${topics.map((_, index) => `consents.#t${index}.mailSentAt = :at`).join(', ')} ADD version :one`,
          ConditionExpression: topics
            .map(
              (_, index) =>
                `consents.#t${index}.requestId = :rid AND consents.#t${index}.#status = :pending AND (attribute_not_exists(consents.#t${index}.mailSentAt) OR consents.#t${index}.mailSentAt < :requestedAt)`,
            )
            .join(' AND '),
          ExpressionAttributeNames: { ...names, '#status': 'status' },
          ExpressionAttributeValues: { ':at': at.toISOString(), ':rid': requestId, ':pending': 'pending', ':requestedAt': requestedAt, ':one': 1 },
        }),
      ),
    );
  }

  /** Gives a claim back after SES did not take the mail, so the retried request may claim it again. */
  async releaseConfirmationMail(contactId: string, topics: readonly string[], claimedAt: Date): Promise<void> {
    const names = Object.fromEntries(topics.map((topic, index) => [`#t${index}`, topic]));
    await writeIf(
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.contact(contactId),
          UpdateExpression: `REMOVE ${topics.map((_, index) => `consents.#t${index}.mailSentAt`).join(', ')} ADD version :one`,
          ConditionExpression: topics.map((_, index) => `consents.#t${index}.mailSentAt = :at`).join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':at': claimedAt.toISOString(), ':one': 1 },
        }),
      ),
    );
  }

  async idForEmail(emailNormalised: string): Promise<string | undefined> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.emailClaim(emailNormalised), ProjectionExpression: 'contactId' }),
    );
    return typeof result.Item?.contactId === 'string' ? result.Item.contactId : undefined;
  }

  /** Which of these (normalised) addresses belong to a contact: one BatchGet of their claims per 100. */
  async existingEmails(emailsNormalised: readonly string[]): Promise<Set<string>> {
    const found = await getAll(
      this.table,
      [...new Set(emailsNormalised)].map((email) => keys.emailClaim(email)),
      { expression: '#pk', names: { '#pk': 'pk' } },
    );
    return new Set(found.map((item) => emailOfClaim(String(item.pk))));
  }

  async get(id: string): Promise<Contact | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.contact(id), ConsistentRead: true }));
    return result.Item ? withoutKeys<Contact>(result.Item) : undefined;
  }

  async getByEmail(emailNormalised: string): Promise<Contact | undefined> {
    const id = await this.idForEmail(emailNormalised);
    return id ? this.get(id) : undefined;
  }

  /** The contact with its timeline and consent proofs, newest first, in one paginated Query. */
  async getRecord(id: string): Promise<ContactRecord | undefined> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.contactPartition(id) },
      ScanIndexForward: false,
    });
    const profile = items.find((item) => item.sk === SK_PREFIX.profile);
    if (!profile) return undefined;
    const bySk = (prefix: string) => items.filter((item) => String(item.sk).startsWith(prefix));
    const newestFirst = <T extends { at: string }>(entries: T[]) => entries.sort((a, b) => b.at.localeCompare(a.at));
    const timeline = bySk(SK_PREFIX.timeline);
    return {
      contact: withoutKeys<Contact>(profile),
      touchpoints: newestFirst(timeline.filter((item) => item.type === 'touchpoint').map((item) => withoutKeys<Touchpoint>(item))),
      consentProofs: newestFirst(bySk(SK_PREFIX.consent).map((item) => withoutKeys<ConsentProof>(item))),
      channelProofs: newestFirst(bySk(SK_PREFIX.channel).map((item) => withoutKeys<ChannelProof>(item))),
      activities: newestFirst(
        timeline
          .filter((item) => item.type === 'activity')
          .map((item) => {
            const { activityType, ...rest } = withoutKeys<Omit<Activity, 'type'> & { activityType: Activity['type'] }>(item);
            return { ...rest, type: activityType };
          }),
      ),
      mails: newestFirst(timeline.filter((item) => item.type === 'mail').map((item) => withoutKeys<MailTimelineEntry>(item))),
      orders: bySk(SK_PREFIX.order)
        .map((item) => withoutKeys<Order>(item))
        .sort((a, b) => b.orderedAt.localeCompare(a.orderedAt)),
      journeys: bySk(keys.journeyParticipantPrefix)
        .map((item) => ({
          journeyId: String(item.journeyId),
          version: Number(item.version),
          stepId: String(item.stepId),
          status: String(item.status),
          enteredAt: String(item.enteredAt),
        }))
        .sort((a, b) => b.enteredAt.localeCompare(a.enteredAt)),
      scoreEntries: bySk(keys.scoreEntryPrefix).map(scoreEntryOf).reverse(),
    };
  }
}
