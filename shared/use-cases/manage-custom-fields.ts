import { type CreateCustomFieldInput, type CustomFieldDefinition, newCustomField } from '#shared/domain/custom-field';
import { customFieldUses } from '#shared/domain/custom-field-uses';
import { ConflictError, NotFoundError } from '#shared/domain/errors';
import type { Page } from '#shared/domain/page';
import type { CustomFieldStore, CustomFieldUsers } from './custom-field-ports';
import type { Clock } from './ports';

type FieldPorts = { fields: CustomFieldStore; clock: Clock };

/** Defines a custom field; its key is chosen by the marketer and must be new (409 otherwise). */
export async function createCustomField(ports: FieldPorts, input: CreateCustomFieldInput): Promise<CustomFieldDefinition> {
  const definition = newCustomField(input, ports.clock.now());
  await ports.fields.create(definition);
  return definition;
}

/** Every custom field, by key. */
export async function listCustomFields(ports: Pick<FieldPorts, 'fields'>): Promise<{ items: CustomFieldDefinition[] }> {
  const items = await ports.fields.list();
  return { items: items.sort((a, b) => a.key.localeCompare(b.key)) };
}

const PAGE = 500;

async function everything<T>(
  source: { list(limit: number, cursor?: string, options?: { archived?: boolean }): Promise<Page<T>> },
  archived: boolean,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await source.list(PAGE, cursor, { archived });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/**
 * Removes a field's definition, refused (409 naming each user) while a segment rule, a form or a
 * template uses it: their values would silently stop meaning anything. Values already stored on
 * contacts and companies stay until changed (they are no longer shown or merged).
 */
export async function deleteCustomField(ports: FieldPorts & { users: CustomFieldUsers }, key: string): Promise<void> {
  const definition = await ports.fields.get(key);
  if (!definition) throw new NotFoundError('Custom field', key);
  // Archived segments and templates still serve mailings made before, so they count as users too.
  const [segments, archivedSegments, forms, templates, archivedTemplates] = await Promise.all([
    everything(ports.users.segments, false),
    everything(ports.users.segments, true),
    everything(ports.users.forms, false),
    everything(ports.users.templates, false),
    everything(ports.users.templates, true),
  ]);
  const uses = customFieldUses(key, { segments: [...segments, ...archivedSegments], forms, templates: [...templates, ...archivedTemplates] });
  if (uses.length > 0) {
    throw new ConflictError(`Custom field ${key} is in use by ${uses.map((use) => `${use.kind} "${use.name}" (${use.id})`).join(', ')}`);
  }
  if (!(await ports.fields.remove(key))) throw new NotFoundError('Custom field', key);
}
