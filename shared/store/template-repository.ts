import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Template } from '#shared/domain/template';
import type { TableRef } from './dynamo-client';
import { keys } from './keys';
import { type Page, queryPage, withoutKeys } from './pagination';
import { putNew } from './put-new';

/** Mail templates: `TEMPLATE#<id>` / `META`, listed through gsi1 partition `TEMPLATE`. */
export class TemplateRepository {
  constructor(private readonly table: TableRef) {}

  create(template: Template): Promise<void> {
    return putNew(this.table, { ...keys.template(template.id), gsi1pk: keys.listing('TEMPLATE'), gsi1sk: `${template.createdAt}#${template.id}`, type: 'template', ...template }, `Template ${template.id}`);
  }

  async get(id: string): Promise<Template | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.template(id) }));
    return result.Item ? withoutKeys<Template>(result.Item) : undefined;
  }

  list(limit: number, cursor?: string): Promise<Page<Template>> {
    return queryPage(this.table, { index: 'gsi1', partition: keys.listing('TEMPLATE'), limit, ...(cursor ? { cursor } : {}) }, (item) => withoutKeys<Template>(item));
  }
}
