import type { CustomFieldDefinition } from '#shared/domain/custom-field';
import type { Form } from '#shared/domain/form';
import type { Page } from '#shared/domain/page';
import type { Segment } from '#shared/domain/segment';
import type { Template } from '#shared/domain/template';

/** The ports of the custom-field use cases (shared/use-cases/manage-custom-fields.ts). */

/** Every definition, for checks of values, rules and templates (a cached reader in handlers). */
export interface CustomFieldDefinitions {
  /** `wanted`: the keys the caller is about to check (a cache reads again when it lacks one). */
  list(wanted?: readonly string[]): Promise<CustomFieldDefinition[]>;
}

export interface CustomFieldStore extends CustomFieldDefinitions {
  /** Throws AlreadyExistsError when the key is taken. */
  create(definition: CustomFieldDefinition): Promise<void>;
  get(key: string): Promise<CustomFieldDefinition | undefined>;
  /** False when there was no such definition. */
  remove(key: string): Promise<boolean>;
}

type Paged<T> = { list(limit: number, cursor?: string, options?: { archived?: boolean }): Promise<Page<T>> };

/** What may use a field: segment rules, forms, templates (each list is small). */
export interface CustomFieldUsers {
  segments: Paged<Segment>;
  forms: Paged<Form>;
  templates: Paged<Template>;
}
