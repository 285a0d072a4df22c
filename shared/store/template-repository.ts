import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Template } from '#shared/domain/template';
import type { TableRef } from './dynamo-client';
import { AlreadyExistsError, isConditionalCheckFailed } from './errors';
import { keys } from './keys';
import { type Page, queryPage, withoutKeys } from './pagination';

/** Mail templates: `TEMPLATE#<id>` / `META`, listed through gsi1 partition `TEMPLATE`. */
export class TemplateRepository {
  constructor(private readonly table: TableRef) {}

  async create(template: Template): Promise<void> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.tableName,
          Item: { ...keys.template(template.id), gsi1pk: keys.listing('TEMPLATE'), gsi1sk: `${template.createdAt}#${template.id}`, type: 'template', ...template },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new AlreadyExistsError(`Template ${template.id} exists already`, { cause: error });
      throw error;
    }
  }

  async get(id: string): Promise<Template | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.template(id) }));
    return result.Item ? withoutKeys<Template>(result.Item) : undefined;
  }

  list(limit: number, cursor?: string): Promise<Page<Template>> {
    return queryPage(this.table, { index: 'gsi1', partition: keys.listing('TEMPLATE'), limit, ...(cursor ? { cursor } : {}) }, (item) => withoutKeys<Template>(item));
  }
}
