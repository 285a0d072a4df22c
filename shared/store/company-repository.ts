import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { ChannelProof } from '#shared/domain/channel-rules';
import { foldSearchTerm } from '#shared/domain/name-search';
import type { Company } from '#shared/domain/company';
import type { TableRef } from './dynamo-client';
import { patchItem, patchUpdate } from './entity-writes';
import { cancellationReasons, ConcurrentWriteError } from './errors';
import { keys, SK_PREFIX } from './keys';
import { getAll, type Page, queryAll, queryPage, withoutKeys } from './pagination';

export type { Company };

/**
 * Companies: `COMPANY#<id>` / `PROFILE`, plus a `COMPANYNAME#<folded name>` claim so that every lead
 * typing "Weiß GmbH" or "weiss gmbh" lands at one company. Listed and prefix-searched through gsi1
 * partition `COMPANY` by folded name.
 */
export class CompanyRepository {
  constructor(private readonly table: TableRef) {}

  /** The id of the company with this name, created on first sight. Safe under concurrent calls. */
  async ensure(name: string, newId: () => string, now: Date): Promise<string> {
    const folded = foldSearchTerm(name).replace(/\s+/g, ' ');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const claim = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.companyName(folded) }));
      if (typeof claim.Item?.companyId === 'string') return claim.Item.companyId;
      const company: Company = { id: newId(), name, createdAt: now.toISOString() };
      try {
        await this.table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.table.tableName,
                  Item: { ...keys.companyName(folded), type: 'company-name', companyId: company.id },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.table.tableName,
                  Item: { ...keys.company(company.id), gsi1pk: keys.listing('COMPANY'), gsi1sk: `${folded}#${company.id}`, type: 'company', ...company },
                },
              },
            ],
          }),
        );
        return company.id;
      } catch (error) {
        // Someone else created it a moment ago: read their claim.
        if (!cancellationReasons(error)) throw error;
      }
    }
    throw new Error('Could not resolve the company after repeated conflicts');
  }

  /**
   * Writes the change if the company is still as read (its `updatedAt`), with the proofs of its channel
   * changes, all or nothing; ConcurrentWriteError otherwise. Its name and listing keys stay as they are.
   */
  async update(previous: Company, next: Company, proofs: readonly ChannelProof[] = []): Promise<void> {
    const key = keys.company(previous.id);
    // The owner index keys travel with `ownerId`: set, moved or removed in the same update.
    const ownerKeys = (company: Company) => (company.ownerId ? keys.ownerIndex(company.ownerId, 'company', company.id) : {});
    const [before, after] = [
      { ...previous, ...ownerKeys(previous) },
      { ...next, ...ownerKeys(next) },
    ];
    if (proofs.length === 0) return patchItem(this.table, key, before, after);
    const update = patchUpdate(this.table, key, before, after);
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...(update ? [{ Update: update }] : []),
            ...proofs.map((proof) => ({
              Put: {
                TableName: this.table.tableName,
                Item: { ...keys.companyChannelProof(previous.id, proof.channel, proof.at, proof.id), type: 'channel', ...proof },
              },
            })),
          ],
        }),
      );
    } catch (error) {
      if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') throw new ConcurrentWriteError({ cause: error });
      throw error;
    }
  }

  /** The proofs of a company's channel changes, newest first. */
  async channelProofs(id: string): Promise<ChannelProof[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.companyPartition(id), ':prefix': SK_PREFIX.channel },
      ScanIndexForward: false,
    });
    return items.map((item) => withoutKeys<ChannelProof>(item)).sort((a, b) => b.at.localeCompare(a.at));
  }

  async get(id: string): Promise<Company | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.company(id) }));
    return result.Item ? withoutKeys<Company>(result.Item) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Company[]> {
    const unique = [...new Set(ids)].slice(0, 100);
    return (
      await getAll(
        this.table,
        unique.map((id) => keys.company(id)),
      )
    ).map((item) => withoutKeys<Company>(item));
  }

  /** Companies whose folded name starts with the folded `query`. */
  /** Every company, alphabetically by folded name, a page at a time. */
  async list(limit: number, cursor?: string): Promise<Page<Company>> {
    return queryPage(this.table, { index: 'gsi1', partition: keys.listing('COMPANY'), limit, ...(cursor ? { cursor } : {}) }, (item) =>
      withoutKeys<Company>(item),
    );
  }

  async search(query: string, limit: number): Promise<Company[]> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.listing('COMPANY'), ':prefix': foldSearchTerm(query) },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => withoutKeys<Company>(item));
  }
}
