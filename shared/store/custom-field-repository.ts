import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomFieldDefinition } from '#shared/domain/custom-field';
import type { TableRef } from './dynamo-client';
import { keys } from './keys';
import { queryAll, withoutKeys } from './pagination';
import { putNew } from './put-new';

/** The item keeps the field's type as `fieldType`: `type` is the table's item-kind attribute. */
const toItem = ({ type, ...definition }: CustomFieldDefinition) => ({ ...definition, fieldType: type });
const fromItem = (item: Record<string, unknown>): CustomFieldDefinition => {
  const { fieldType, ...rest } = withoutKeys<Omit<CustomFieldDefinition, 'type'> & { fieldType: CustomFieldDefinition['type'] }>(item);
  return { ...rest, type: fieldType };
};

/** Custom field definitions: `FIELD#<key>` / `META`, listed through gsi1 partition `FIELD` by key. */
export class CustomFieldRepository {
  constructor(private readonly table: TableRef) {}

  /** Throws AlreadyExistsError when a field with this key exists. */
  create(definition: CustomFieldDefinition): Promise<void> {
    return putNew(
      this.table,
      { ...keys.customField(definition.key), gsi1pk: keys.listing('FIELD'), gsi1sk: definition.key, type: 'customField', ...toItem(definition) },
      `Custom field ${definition.key}`,
    );
  }

  async get(key: string): Promise<CustomFieldDefinition | undefined> {
    const result = await this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.customField(key) }));
    return result.Item ? fromItem(result.Item) : undefined;
  }

  /** Every definition, by key (there are a few dozen at most). */
  async list(): Promise<CustomFieldDefinition[]> {
    const items = await queryAll(this.table, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.listing('FIELD') },
    });
    return items.map(fromItem);
  }

  /** Removes the definition; false when there was none. */
  async remove(key: string): Promise<boolean> {
    const result = await this.table.client.send(new DeleteCommand({ TableName: this.table.tableName, Key: keys.customField(key), ReturnValues: 'ALL_OLD' }));
    return result.Attributes !== undefined;
  }
}
