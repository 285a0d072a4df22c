import { FACTS_INDEX_ATTRIBUTES } from '../shared/domain/segment-rule';

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey?: string;
  /** Attributes copied into the index besides the keys; absent means all of them. */
  include?: readonly string[];
}

/**
 * The one table's shape, read by the CDK construct and by the local stack's table creation, so the
 * keys, indexes, TTL and stream are defined once. Key *values* are built only in shared/store/keys.ts.
 *
 * `facts` is a sparse index holding only contact profiles, reduced to the attributes segment rules
 * read: a segment run scans it instead of the table, so it reads neither timelines nor claims.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalIndexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'facts', partitionKey: 'factsPk', include: FACTS_INDEX_ATTRIBUTES },
  ] satisfies IndexDefinition[] as IndexDefinition[],
  ttlAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
} as const;

export type TableDefinition = typeof tableDefinition;
