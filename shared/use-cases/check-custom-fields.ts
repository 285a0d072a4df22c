import { type CustomFieldsPatch, type CustomFieldTarget, customFieldsIssues } from '#shared/domain/custom-field';
import { ValidationError } from '#shared/domain/errors';
import type { CustomFieldDefinitions } from './custom-field-ports';

/** Refuses (400 naming `fields.<key>`) a change of custom values that does not fit the definitions. */
export async function checkCustomFields(definitions: CustomFieldDefinitions | undefined, patch: CustomFieldsPatch, target: CustomFieldTarget): Promise<void> {
  const keys = Object.keys(patch);
  if (keys.length === 0) return;
  const issues = customFieldsIssues(patch, (await definitions?.list(keys)) ?? [], target);
  if (issues.length > 0) throw new ValidationError('The custom field values are not valid', issues);
}
