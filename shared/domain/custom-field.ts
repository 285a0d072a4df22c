import * as z from '#shared/zod';
import { checkboxAnswer } from './checkbox-answer';
import { requiredText } from './common-schemas';
import type { CustomFieldValue, CustomFieldValues } from './custom-field-value';
import type { FieldIssue } from './errors';
import type { Operator } from './segment-rule';

/**
 * Custom fields ("particulars"): fields a company defines for its contacts or companies, such as
 * `branche` (select) or `mitarbeiter` (number). A definition says the type its values take; values
 * live on the contact or company under `fields.<key>` (shared/domain/custom-field-value.ts).
 */

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'select'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];
export const CUSTOM_FIELD_TARGETS = ['contact', 'company'] as const;
export type CustomFieldTarget = (typeof CUSTOM_FIELD_TARGETS)[number];

/** A key names the field in values, rules (`fields.<key>`) and templates (`{{fields.<key>}}`). */
export const CUSTOM_FIELD_KEY = /^[a-z][a-z0-9_-]{0,39}$/;
export const CUSTOM_FIELD_LIMITS = { options: 200, textLength: 1000, definitions: 200 } as const;

const label = z.strictObject({ de: requiredText(100), en: requiredText(100) });

/** A select option; a plain string stands for an option whose value and labels are that string. */
const option = z.union([
  requiredText(100).transform((value) => ({ value, label: { de: value, en: value } })),
  z.strictObject({ value: requiredText(100), label }),
]);

/**
 * @example { "key": "branche", "label": { "de": "Branche", "en": "Industry" }, "type": "select",
 *   "options": ["Maschinenbau", { "value": "it", "label": { "de": "IT-Dienstleister", "en": "IT services" } }],
 *   "appliesTo": "contact" }
 */
export const createCustomFieldSchema = z
  .strictObject({
    key: z.string().regex(CUSTOM_FIELD_KEY, 'must be 1-40 lower-case letters, digits, "_" or "-", starting with a letter'),
    label,
    type: z.enum(CUSTOM_FIELD_TYPES),
    options: z.array(option).max(CUSTOM_FIELD_LIMITS.options).optional(),
    appliesTo: z.enum(CUSTOM_FIELD_TARGETS),
  })
  .superRefine((value, ctx) => {
    if (value.type === 'select') {
      if (!value.options || value.options.length === 0) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select needs at least one option' });
      const seen = new Set<string>();
      (value.options ?? []).forEach((item, index) => {
        if (seen.has(item.value)) ctx.addIssue({ code: 'custom', path: ['options', index, 'value'], message: 'is listed twice' });
        seen.add(item.value);
      });
    } else if (value.options !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'only a select has options' });
    }
  });
export type CreateCustomFieldInput = z.infer<typeof createCustomFieldSchema>;

export interface CustomFieldOption {
  value: string;
  label: { de: string; en: string };
}

export interface CustomFieldDefinition {
  key: string;
  label: { de: string; en: string };
  type: CustomFieldType;
  /** A select's options (only a select has them). */
  options?: CustomFieldOption[];
  appliesTo: CustomFieldTarget;
  createdAt: string;
}

export function newCustomField(input: CreateCustomFieldInput, now: Date): CustomFieldDefinition {
  return {
    key: input.key,
    label: input.label,
    type: input.type,
    ...(input.type === 'select' && input.options ? { options: input.options } : {}),
    appliesTo: input.appliesTo,
    createdAt: now.toISOString(),
  };
}

/** The segment operators of each type (a rule on `fields.<key>` takes those of its field's type). */
export const CUSTOM_FIELD_OPERATORS: Record<CustomFieldType, readonly Operator[]> = {
  text: ['eq', 'neq', 'contains', 'in', 'exists'],
  number: ['eq', 'gt', 'gte', 'lt', 'lte', 'exists'],
  date: ['before', 'after', 'eq', 'exists'],
  boolean: ['eq', 'exists'],
  select: ['eq', 'neq', 'in', 'exists'],
};

export const CUSTOM_FIELD_PREFIX = 'fields.';
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Why `value` is not a value of the field (undefined when it is). */
export function customValueIssue(definition: Pick<CustomFieldDefinition, 'type' | 'options'>, value: unknown): string | undefined {
  switch (definition.type) {
    case 'text':
      if (typeof value !== 'string') return 'must be a text';
      return value.length > CUSTOM_FIELD_LIMITS.textLength ? `must be at most ${CUSTOM_FIELD_LIMITS.textLength} characters` : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? undefined : 'must be a date YYYY-MM-DD';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'select': {
      const values = (definition.options ?? []).map((item) => item.value);
      return typeof value === 'string' && values.includes(value) ? undefined : `must be one of ${values.join(', ')}`;
    }
  }
}

/**
 * A value as a form post or an import cell brings it (always text) in the field's type: `12,5` and
 * `12.5` are numbers, `ja`/`nein`, `true`/`false`, `1`/`0`, `on` booleans, `31.12.2026` a date; a
 * select matches an option's value or one of its labels. Undefined when it cannot be read.
 */
export function customValueFromText(definition: Pick<CustomFieldDefinition, 'type' | 'options'>, raw: string): CustomFieldValue | undefined {
  const text = raw.trim();
  switch (definition.type) {
    case 'text':
      return text;
    case 'number': {
      const normal = /^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(text) ? text.replaceAll('.', '').replace(',', '.') : text.replace(',', '.');
      const parsed = /^-?\d+(\.\d+)?$/.test(normal) ? Number(normal) : Number.NaN;
      return Number.isFinite(parsed) ? parsed : undefined;
    }
    case 'date': {
      const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
      const iso = german ? `${german[3]}-${(german[2] ?? '').padStart(2, '0')}-${(german[1] ?? '').padStart(2, '0')}` : text;
      return isCalendarDate(iso) ? iso : undefined;
    }
    case 'boolean':
      return checkboxAnswer(text);
    case 'select': {
      const folded = text.toLowerCase();
      return (definition.options ?? []).find(
        (item) =>
          item.value === text || item.value.toLowerCase() === folded || item.label.de.toLowerCase() === folded || item.label.en.toLowerCase() === folded,
      )?.value;
    }
  }
}

/** A change of custom values: a value per key, `null` or `""` clears it. */
export type CustomFieldsPatch = Record<string, CustomFieldValue | null>;

/** The shape of a `fields` change before the definitions are known (keys and scalar values). */
export const customFieldsPatchSchema = z
  .record(z.string().regex(CUSTOM_FIELD_KEY, 'must be the key of a custom field'), z.union([z.string(), z.number(), z.boolean(), z.literal(null)]))
  .refine((value) => Object.keys(value).length <= CUSTOM_FIELD_LIMITS.definitions, `must set at most ${CUSTOM_FIELD_LIMITS.definitions} fields`);

/**
 * Every problem of a change of `target`'s custom values, each naming `fields.<key>`: an unknown key,
 * a field of the other target, a value of the wrong type or a select value not among its options.
 */
export function customFieldsIssues(
  patch: CustomFieldsPatch,
  definitions: readonly CustomFieldDefinition[],
  target: CustomFieldTarget,
  root = 'fields',
): FieldIssue[] {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const issues: FieldIssue[] = [];
  for (const [key, value] of Object.entries(patch)) {
    const path = `${root}.${key}`;
    const definition = byKey.get(key);
    if (!definition) {
      issues.push({
        path,
        message: `is not a custom field (known: ${
          definitions
            .filter((d) => d.appliesTo === target)
            .map((d) => d.key)
            .join(', ') || 'none'
        })`,
      });
      continue;
    }
    if (definition.appliesTo !== target) {
      issues.push({
        path,
        message: `is a field of ${definition.appliesTo === 'company' ? 'companies' : 'contacts'}, not of ${target === 'company' ? 'companies' : 'contacts'}`,
      });
      continue;
    }
    if (value === null || value === '') continue;
    const problem = customValueIssue(definition, typeof value === 'string' ? value.trim() : value);
    if (problem) issues.push({ path, message: problem });
  }
  return issues;
}

/** The values after a (checked) change: `null` and `""` remove a value; undefined when none are left. */
export function applyCustomFields(current: CustomFieldValues | undefined, patch: CustomFieldsPatch): CustomFieldValues | undefined {
  const next: CustomFieldValues = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === '') delete next[key];
    else next[key] = typeof value === 'string' ? value.trim() : value;
  }
  return Object.keys(next).length > 0 ? next : undefined;
}

/** A value as text in a mail (`{{fields.<key>}}`): booleans in the recipient's language. */
export function customValueText(value: CustomFieldValue | undefined, locale?: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return (locale ?? 'de').startsWith('en') ? (value ? 'yes' : 'no') : value ? 'ja' : 'nein';
  return String(value);
}
