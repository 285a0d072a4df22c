import type { CustomFieldDefinition } from '#shared/domain/custom-field';
import { CUSTOM_FIELD_TARGETS, CUSTOM_FIELD_TYPES } from '#shared/domain/custom-field';
import * as z from '#shared/zod';
import { isoTime } from './common-responses';

const label = z.object({ de: z.string(), en: z.string() });

/**
 * A custom field's definition.
 *
 * @example { "key": "branche", "label": { "de": "Branche", "en": "Industry" }, "type": "select",
 *   "options": [{ "value": "Maschinenbau", "label": { "de": "Maschinenbau", "en": "Mechanical engineering" } }],
 *   "appliesTo": "contact", "createdAt": "2026-12-01T09:00:00.000Z" }
 */
export const customFieldResponse = z.object({
  key: z.string(),
  label,
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(z.object({ value: z.string(), label })).optional(),
  appliesTo: z.enum(CUSTOM_FIELD_TARGETS),
  createdAt: isoTime,
}) satisfies z.ZodType<CustomFieldDefinition>;

export const customFieldListResponse = z.object({ items: z.array(customFieldResponse) });

/** Custom field values by key: text, select and date (YYYY-MM-DD) as strings, numbers, booleans. */
export const customFieldValuesResponse = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
