import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Template } from '#shared/domain/template';
import type { TableRef } from './dynamo-client';
import { archiveItem, patchItem } from './entity-writes';
import { keys } from './keys';
import { type Page, queryPage, withoutKeys } from './pagination';
import { putNew } from './put-new';

/** Mail templates: `TEMPLATE#<id>` / `META`, listed through gsi1 partition `TEMPLATE` (archived ones: `TEMPLATE#ARCHIVED`). */
export class TemplateRepository {
  constructor(private readonly table: TableRef) {}

  create(template: Template): Promise<void> {
    return putNew(
      this.table,
      { ...keys.template(template.id), gsi1pk: keys.listing('TEMPLATE'), gsi1sk: `${template.createdAt}#${template.id}`, type: 'template', ...template },
      `Template ${template.id}`,
    );
  }

  async get(id: string): Promise<Template | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.template(id) }));
    return result.Item ? withoutKeys<Template>(result.Item) : undefined;
  }

  /** Writes the change if the template is still as read (its `updatedAt`); otherwise a ConcurrentWriteError (409). */
  update(previous: Template, next: Template): Promise<void> {
    return patchItem(this.table, keys.template(previous.id), previous, next);
  }

  /** Archives the template (idempotent); undefined when there is no such template. */
  async archive(id: string, now: Date): Promise<Template | undefined> {
    const item = await archiveItem(this.table, keys.template(id), 'TEMPLATE', now);
    return item ? withoutKeys<Template>(item) : undefined;
  }

  list(limit: number, cursor?: string, options: { archived?: boolean } = {}): Promise<Page<Template>> {
    const partition = options.archived ? keys.archivedListing('TEMPLATE') : keys.listing('TEMPLATE');
    return queryPage(this.table, { index: 'gsi1', partition, limit, ...(cursor ? { cursor } : {}) }, (item) => withoutKeys<Template>(item));
  }
}
