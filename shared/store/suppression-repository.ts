import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SUPPRESSION_REASONS, type Suppression, type SuppressionReason } from '#shared/domain/suppression';
import type { TableRef } from './dynamo-client';
import { writeIf } from './errors';
import { keys } from './keys';
import { getAll, type Page, queryPage, withoutKeys } from './pagination';

export { SUPPRESSION_REASONS, type Suppression, type SuppressionReason };

/**
 * Addresses no mailing may reach: `SUPPRESSED#<address>` / `ADDRESS`, listed through gsi1 partition
 * `SUPPRESSION`. (The hashed entries an erasure leaves are the erasure repository's; they hold no address.)
 */
export class SuppressionRepository {
  constructor(private readonly table: TableRef) {}

  /** Adds the address; an existing entry (the first reason) is kept. Returns whether it was new. */
  async add(suppression: Suppression): Promise<boolean> {
    return writeIf(
      this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: {
            ...keys.suppression(suppression.emailNormalised),
            gsi1pk: keys.listing('SUPPRESSION'),
            gsi1sk: `${suppression.at}#${suppression.emailNormalised}`,
            type: 'suppression',
            ...suppression,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  /** Removes the address; false when it was not suppressed. */
  async remove(emailNormalised: string): Promise<boolean> {
    const result = await this.table.client.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keys.suppression(emailNormalised), ReturnValues: 'ALL_OLD' }),
    );
    return result.Attributes !== undefined;
  }

  /** Which of these (normalised) addresses are suppressed. */
  async suppressedAmong(emailsNormalised: readonly string[]): Promise<Set<string>> {
    const found = await getAll(
      this.table,
      [...new Set(emailsNormalised)].map((email) => keys.suppression(email)),
      { expression: '#e', names: { '#e': 'emailNormalised' } },
    );
    return new Set(found.map((item) => String(item.emailNormalised)));
  }

  list(limit: number, cursor?: string): Promise<Page<Suppression>> {
    return queryPage(this.table, { index: 'gsi1', partition: keys.listing('SUPPRESSION'), limit, newestFirst: true, ...(cursor ? { cursor } : {}) }, (item) =>
      withoutKeys<Suppression>(item),
    );
  }
}
