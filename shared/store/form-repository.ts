import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Form } from '#shared/domain/form';
import type { TableRef } from './dynamo-client';
import { keys } from './keys';
import { type Page, queryPage, withoutKeys } from './pagination';
import { putNew } from './put-new';

/** Forms: `FORM#<id>` / `META`, listed through gsi1 partition `FORM`. */
export class FormRepository {
  constructor(private readonly table: TableRef) {}

  create(form: Form): Promise<void> {
    return putNew(this.table, { ...keys.form(form.id), gsi1pk: keys.listing('FORM'), gsi1sk: `${form.createdAt}#${form.id}`, type: 'form', ...form }, `Form ${form.id}`);
  }

  async get(id: string): Promise<Form | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.form(id) }));
    return result.Item ? withoutKeys<Form>(result.Item) : undefined;
  }

  list(limit: number, cursor?: string): Promise<Page<Form>> {
    return queryPage(this.table, { index: 'gsi1', partition: keys.listing('FORM'), limit, ...(cursor ? { cursor } : {}) }, (item) =>
      withoutKeys<Form>(item),
    );
  }
}
