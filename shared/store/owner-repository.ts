import type { TableRef } from './dynamo-client';
import { keys } from './keys';
import { queryAll } from './pagination';

/**
 * The owner index (`owner`, keys only): which contacts and companies a user owns. The keys live on the
 * profiles themselves (shared/store/keys.ts `ownerIndex`), so this only reads.
 */
export class OwnerRepository {
  constructor(private readonly table: TableRef) {}

  /** The ids of the contacts (or companies) `userId` owns, by id. */
  async idsOwnedBy(userId: string, kind: 'contact' | 'company'): Promise<string[]> {
    const prefix = keys.ownerKindPrefix(kind);
    const items = await queryAll(this.table, {
      IndexName: 'owner',
      KeyConditionExpression: 'ownerPk = :pk AND begins_with(ownerSk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.ownerPartition(userId), ':prefix': prefix },
    });
    return items.map((item) => String(item.ownerSk).slice(prefix.length));
  }
}
