import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { CampaignRef } from '#shared/domain/attribution';
import type { Campaign } from '#shared/domain/campaign';
import type { TableRef } from './dynamo-client';
import { AlreadyExistsError, cancellationReasons, ConcurrentWriteError } from './errors';
import { keys } from './keys';
import { type Page, queryPage, withoutKeys } from './pagination';

/**
 * Campaigns: `CAMPAIGN#<id>` / `META`, plus a `CAMPAIGNCODE#<code>` claim that keeps codes unique and
 * answers the capture path's "which campaign is utm_campaign=x?" in one read.
 */
export class CampaignRepository {
  constructor(private readonly table: TableRef) {}

  private metaItem(campaign: Campaign) {
    return { ...keys.campaign(campaign.id), gsi1pk: keys.listing('CAMPAIGN'), gsi1sk: `${campaign.createdAt}#${campaign.id}`, type: 'campaign', ...campaign };
  }

  private claimItem(campaign: Campaign) {
    return { ...keys.campaignCode(campaign.code), type: 'campaign-code', id: campaign.id, code: campaign.code, channel: campaign.channel };
  }

  async create(campaign: Campaign): Promise<void> {
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table.tableName, Item: this.metaItem(campaign), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: this.table.tableName, Item: this.claimItem(campaign), ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[1] === 'ConditionalCheckFailed') throw new AlreadyExistsError(`The campaign code ${campaign.code} is already used`, { cause: error });
      if (reasons?.[0] === 'ConditionalCheckFailed') throw new AlreadyExistsError(`Campaign ${campaign.id} exists already`, { cause: error });
      if (reasons) throw new ConcurrentWriteError({ cause: error });
      throw error;
    }
  }

  /** Replaces a campaign, moving its code claim when the code changed. */
  async update(previous: Campaign, next: Campaign): Promise<void> {
    const codeChanged = previous.code !== next.code;
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.tableName,
                Item: this.metaItem(next),
                ConditionExpression: 'updatedAt = :seen',
                ExpressionAttributeValues: { ':seen': previous.updatedAt },
              },
            },
            {
              Put: {
                TableName: this.table.tableName,
                Item: this.claimItem(next),
                ...(codeChanged ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
              },
            },
            ...(codeChanged ? [{ Delete: { TableName: this.table.tableName, Key: keys.campaignCode(previous.code) } }] : []),
          ],
        }),
      );
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[1] === 'ConditionalCheckFailed') throw new AlreadyExistsError(`The campaign code ${next.code} is already used`, { cause: error });
      if (reasons) throw new ConcurrentWriteError({ cause: error });
      throw error;
    }
  }

  async get(id: string): Promise<Campaign | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.campaign(id) }));
    return result.Item ? withoutKeys<Campaign>(result.Item) : undefined;
  }

  /** The campaign whose code is `code` (already normalised), as the attribution needs it. */
  async findRefByCode(code: string): Promise<CampaignRef | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.campaignCode(code) }));
    const item = result.Item;
    return item ? { id: String(item.id), code: String(item.code), channel: String(item.channel) } : undefined;
  }

  list(limit: number, cursor?: string): Promise<Page<Campaign>> {
    return queryPage(this.table, { index: 'gsi1', partition: keys.listing('CAMPAIGN'), limit, ...(cursor ? { cursor } : {}) }, (item) =>
      withoutKeys<Campaign>(item),
    );
  }
}
