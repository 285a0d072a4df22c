import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Form } from '#shared/domain/form';
import type { TableRef } from './dynamo-client';
import { archiveItem, patchItem } from './entity-writes';
import { keys } from './keys';
import { type Page, queryPage, withoutKeys } from './pagination';
import { putNew } from './put-new';

/** Forms: `FORM#<id>` / `META`, listed through gsi1 partition `FORM` (archived ones: `FORM#ARCHIVED`). */
export class FormRepository {
  constructor(private readonly table: TableRef) {}

  create(form: Form): Promise<void> {
    return putNew(
      this.table,
      { ...keys.form(form.id), gsi1pk: keys.listing('FORM'), gsi1sk: `${form.createdAt}#${form.id}`, type: 'form', ...form },
      `Form ${form.id}`,
    );
  }

  async get(id: string): Promise<Form | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.form(id) }));
    return result.Item ? withoutKeys<Form>(result.Item) : undefined;
  }

  /** Writes the change if the form is still as read; a concurrent change is a ConcurrentWriteError (409). */
  update(previous: Form, next: Form): Promise<void> {
    return patchItem(this.table, keys.form(previous.id), previous, next);
  }

  /** Archives the form (idempotent); undefined when there is no such form. */
  async archive(id: string, now: Date): Promise<Form | undefined> {
    const item = await archiveItem(this.table, keys.form(id), 'FORM', now);
    return item ? withoutKeys<Form>(item) : undefined;
  }

  list(limit: number, cursor?: string, options: { archived?: boolean } = {}): Promise<Page<Form>> {
    const partition = options.archived ? keys.archivedListing('FORM') : keys.listing('FORM');
    return queryPage(this.table, { index: 'gsi1', partition, limit, ...(cursor ? { cursor } : {}) }, (item) => withoutKeys<Form>(item));
  }
}
