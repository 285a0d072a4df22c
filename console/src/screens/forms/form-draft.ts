import type { input } from 'zod';
import type { CustomFormFieldName, createFormSchema, Form, Locale } from '#shared/domain/form';

/** What the form builder posts: the create schema's input (PATCH takes the same fields). */
export type FormBody = input<typeof createFormSchema>;

/** A field a form may declare: a profile field, an address part, a channel box, or `fields.<key>`. */
export type FormFieldDraftName = Form['fields'][number]['name'];

/**
 * The fields a form may ask for, in the server's order (FORM_FIELDS, then the address parts and the
 * channel boxes of shared/domain/form-contact-data.ts; the compiler keeps them in step).
 */
export const FIELD_NAMES = [
  'firstName',
  'lastName',
  'company',
  'jobTitle',
  'phone',
  'street',
  'addressLine2',
  'postalCode',
  'city',
  'country',
  'channel.post',
  'channel.phone',
  'channel.email',
] as const satisfies readonly Exclude<FormFieldDraftName, CustomFormFieldName>[];
type MissingFieldName = Exclude<Exclude<FormFieldDraftName, CustomFormFieldName>, (typeof FIELD_NAMES)[number]>;
const everyFieldListed: MissingFieldName extends never ? true : false = true;
void everyFieldListed;

export const FORM_LOCALES = ['de', 'en'] as const satisfies readonly Locale[];

/** One row of the builder's field list: every profile field is listed, included or not, in the order it will appear. */
export interface FieldDraft {
  /** A profile field, an address part, a channel box, or a custom field of contacts (`fields.<key>`). */
  name: FormFieldDraftName;
  included: boolean;
  required: boolean;
  label: string;
}

export interface FormDraft {
  name: string;
  campaignId: string;
  topics: string[];
  fields: FieldDraft[];
  doubleOptIn: boolean;
  allowedOrigins: string[];
  redirectUrl: string;
  locale: Locale;
}

/** A new form starts as the API's default: first and last name, optional, double opt-in, German. */
export function emptyDraft(): FormDraft {
  return {
    name: '',
    campaignId: '',
    topics: [],
    fields: FIELD_NAMES.map((name) => ({ name, included: name === 'firstName' || name === 'lastName', required: false, label: '' })),
    doubleOptIn: true,
    allowedOrigins: [],
    redirectUrl: '',
    locale: 'de',
  };
}

/** The saved form as the builder edits it: its declared fields first, in their order, then the others. */
export function draftOf(form: Form): FormDraft {
  const declared = form.fields.map((field) => ({ name: field.name, included: true, required: field.required, label: field.label ?? '' }));
  const others = FIELD_NAMES.filter((name) => !form.fields.some((field) => field.name === name)).map((name) => ({
    name,
    included: false,
    required: false,
    label: '',
  }));
  return {
    name: form.name,
    campaignId: form.campaignId ?? '',
    topics: [...form.topics],
    fields: [...declared, ...others],
    doubleOptIn: form.doubleOptIn,
    allowedOrigins: [...form.allowedOrigins],
    redirectUrl: form.redirectUrl ?? '',
    locale: form.locale,
  };
}

/** The draft with a row (not asked) for each custom field of contacts it does not list yet. */
export function withCustomFields(draft: FormDraft, keys: readonly string[]): FormDraft {
  const missing = keys.filter((key) => !draft.fields.some((field) => field.name === `fields.${key}`));
  if (missing.length === 0) return draft;
  return {
    ...draft,
    fields: [...draft.fields, ...missing.map((key) => ({ name: `fields.${key}` as CustomFormFieldName, included: false, required: false, label: '' }))],
  };
}

export const isCustomFormField = (name: string): name is CustomFormFieldName => name.startsWith('fields.');

/** The request body; the API validates it and names each bad field. */
export function bodyOf(draft: FormDraft): FormBody {
  return {
    name: draft.name,
    ...(draft.campaignId ? { campaignId: draft.campaignId } : {}),
    topics: draft.topics,
    fields: declaredFields(draft),
    doubleOptIn: draft.doubleOptIn,
    allowedOrigins: draft.allowedOrigins,
    ...(draft.redirectUrl.trim() ? { redirectUrl: draft.redirectUrl.trim() } : {}),
    locale: draft.locale,
  };
}

export function declaredFields(draft: FormDraft): Form['fields'] {
  return draft.fields
    .filter((field) => field.included)
    .map((field) => ({ name: field.name, required: field.required, ...(field.label.trim() ? { label: field.label.trim() } : {}) }));
}

/** Where a row's problems are reported: the API numbers only the declared fields (`fields.<n>.label`). */
export function declaredIndex(draft: FormDraft, row: number): number | undefined {
  if (!draft.fields[row]?.included) return undefined;
  return draft.fields.slice(0, row).filter((field) => field.included).length;
}

/** The fields with row `index` moved one place up (-1) or down (+1). */
export function moved<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (target < 0 || target >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(index, 1);
  if (item !== undefined) next.splice(target, 0, item);
  return next;
}

export const isChannelBox = (name: string): boolean => name.startsWith('channel.');
