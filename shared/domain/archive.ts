import type { FieldIssue } from './errors';

/** Forms, templates, topics and segments are archived, never deleted: hidden from lists, still readable by id. */
export interface Archivable {
  id: string;
  /** When it was archived; absent while in use. */
  archivedAt?: string;
}

/**
 * The issues of references to archived entities that the thing being saved did not hold before: an
 * archived entity may stay where it is used, but nothing new may start using it.
 */
export function archivedReferenceIssues(
  references: ReadonlyArray<{ path: string; entity: string; found: Archivable | undefined; before?: boolean }>,
): FieldIssue[] {
  return references.flatMap(({ path, entity, found, before }) =>
    found?.archivedAt && !before ? [{ path, message: `${entity} ${found.id} is archived` }] : [],
  );
}
