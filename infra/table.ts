import { FACTS_INDEX_ATTRIBUTES } from '../shared/domain/segment-rule';
import { NAME_INDEX_SLOTS, nameIndexSlot } from '../shared/store/keys';

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey?: string;
  /** Attributes copied into the index besides the keys; absent means all of them. */
  include?: readonly string[];
  /** Only the keys: the index finds items, the table holds them (and an update that keeps the keys never writes the index). */
  keysOnly?: true;
}

/**
 * The one table's shape, read by the CDK construct and by the local stack's table creation, so the
 * keys, indexes, TTL and stream are defined once. Key *values* are built only in shared/store/keys.ts.
 *
 * `facts` is a sparse index holding only contact profiles, reduced to the attributes segment rules
 * read: a segment run scans it instead of the table, so it reads neither timelines nor claims.
 *
 * `newest` is a sparse, keys-only index of contact profiles by creation time, spread over a few shard
 * partitions (shared/store/keys.ts `newestContact`): the contact list reads one page per shard and merges
 * them. Its keys never change after creation, so profile updates cost it nothing.
 *
 * `name1`…`name3` are sparse, keys-only indexes of contact profiles by the words of their name, one word
 * each (shared/store/keys.ts `nameSlots`): the name search queries all three. They replace name-index
 * items, so a new contact's write is its profile, email claim and touchpoint; a profile update that
 * keeps the name writes none of them.
 *
 * `due` is a sparse, keys-only index of active journey participants by the time their step is due, over
 * 16 shard partitions (`JDUE#n` / `<dueAt>#<journeyId>`); the journey sweep reads what is due from each.
 *
 * `owner` is a sparse, keys-only index of contact and company profiles by their owner (`OWNER#<userId>` /
 * `C#<contactId>` or `K#<companyId>`): the profile carries it, so no index item can go stale.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalIndexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'facts', partitionKey: 'factsPk', include: FACTS_INDEX_ATTRIBUTES },
    { name: 'newest', partitionKey: 'newestPk', sortKey: 'newestSk', keysOnly: true },
    ...Array.from({ length: NAME_INDEX_SLOTS }, (_, at) => {
      const slot = nameIndexSlot(at + 1);
      return { name: slot.index, partitionKey: slot.pk, sortKey: slot.sk, keysOnly: true as const };
    }),
    { name: 'due', partitionKey: 'duePk', sortKey: 'dueSk', keysOnly: true },
    { name: 'owner', partitionKey: 'ownerPk', sortKey: 'ownerSk', keysOnly: true },
  ] satisfies IndexDefinition[] as IndexDefinition[],
  ttlAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
} as const;

export type TableDefinition = typeof tableDefinition;
