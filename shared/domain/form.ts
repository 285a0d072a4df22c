import * as z from '#shared/zod';
import { httpUrl, origin, requiredText, slugId, text } from './common-schemas';
import { FORM_ADDRESS_FIELDS, FORM_CHANNEL_FIELDS, type FormAddressField, type FormChannelField } from './form-contact-data';

/** The profile fields a form may ask for besides `email`; a form stores only the fields it declares. */
export const FORM_FIELDS = ['firstName', 'lastName', 'company', 'jobTitle', 'phone'] as const;
export type FormFieldName = (typeof FORM_FIELDS)[number];
/** A custom field of contacts a form asks for (`fields.branche`); its definition decides the value's type. */
export type CustomFormFieldName = `fields.${string}`;
export const CUSTOM_FORM_FIELD = /^fields\.[a-z][a-z0-9_-]{0,39}$/;
/** How many custom fields a form may ask for. */
export const MAX_CUSTOM_FORM_FIELDS = 20;

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Every field name a form may declare besides the custom ones. */
const BUILT_IN_FIELDS = [...FORM_FIELDS, ...FORM_ADDRESS_FIELDS, ...FORM_CHANNEL_FIELDS] as const;

const fieldSpec = z
  .strictObject({
    name: z.union([
      z.enum(BUILT_IN_FIELDS),
      z
        .string()
        .regex(CUSTOM_FORM_FIELD, `must be one of ${BUILT_IN_FIELDS.join(', ')} or fields.<key> of a custom field`)
        .transform((name) => name as CustomFormFieldName),
    ]),
    required: z.boolean().default(false),
    /** The label; of a channel box, the text the person agrees to (kept with the channel's proof). */
    label: text(500).optional(),
  })
  .superRefine((spec, ctx) => {
    if ((FORM_CHANNEL_FIELDS as readonly string[]).includes(spec.name) && spec.required)
      ctx.addIssue({ code: 'custom', path: ['required'], message: 'a channel choice is voluntary: it cannot be required' });
    if (!(FORM_CHANNEL_FIELDS as readonly string[]).includes(spec.name) && (spec.label?.length ?? 0) > 100)
      ctx.addIssue({ code: 'custom', path: ['label'], message: 'must be at most 100 characters' });
  });

const formFields = {
  name: requiredText(200),
  campaignId: z.string().min(1).max(100),
  topics: z.array(slugId).max(20),
  doubleOptIn: z.boolean(),
  allowedOrigins: z.array(origin).min(1, 'must list at least one origin').max(20),
  redirectUrl: httpUrl,
  /** Where a confirmed double opt-in lands (303); without it, a plain thank-you page. */
  confirmationRedirectUrl: httpUrl,
  locale: z.enum(LOCALES),
  fields: z.array(fieldSpec).max(BUILT_IN_FIELDS.length + MAX_CUSTOM_FORM_FIELDS),
};

/** No field and no topic twice. */
function noDuplicates(form: { fields?: Array<{ name: string }>; topics?: string[] }, ctx: z.RefinementCtx): void {
  const names = (form.fields ?? []).map((field) => field.name);
  names.forEach((name, index) => {
    if (names.indexOf(name) !== index) ctx.addIssue({ code: 'custom', path: ['fields', index, 'name'], message: 'is listed twice' });
  });
  const topics = form.topics ?? [];
  topics.forEach((topic, index) => {
    if (topics.indexOf(topic) !== index) ctx.addIssue({ code: 'custom', path: ['topics', index], message: 'is listed twice' });
  });
}

/**
 * A lead-capture form. Only the declared `fields` are stored from a submission (data minimisation).
 *
 * @example { "name": "Newsletter footer", "topics": ["newsletter"], "doubleOptIn": true,
 *            "allowedOrigins": ["https://www.example.de"], "fields": [{ "name": "firstName" }] }
 */
export const createFormSchema = z
  .strictObject({
    ...formFields,
    campaignId: formFields.campaignId.optional(),
    topics: formFields.topics.default([]),
    doubleOptIn: formFields.doubleOptIn.default(true),
    redirectUrl: formFields.redirectUrl.optional(),
    confirmationRedirectUrl: formFields.confirmationRedirectUrl.optional(),
    locale: formFields.locale.default('de'),
    fields: formFields.fields.default([
      { name: 'firstName', required: false },
      { name: 'lastName', required: false },
    ]),
  })
  .superRefine(noDuplicates);
export type CreateFormInput = z.infer<typeof createFormSchema>;

/**
 * A form change: any field create takes, checked the same way; the rest stays as it is.
 *
 * @example { "name": "Footer (2027)", "fields": [{ "name": "firstName" }, { "name": "company", "required": true }] }
 */
export const updateFormSchema = z
  .strictObject(formFields)
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'must change at least one field')
  .superRefine(noDuplicates);
export type UpdateFormInput = z.infer<typeof updateFormSchema>;

export interface Form {
  id: string;
  name: string;
  campaignId?: string;
  topics: string[];
  doubleOptIn: boolean;
  allowedOrigins: string[];
  redirectUrl?: string;
  confirmationRedirectUrl?: string;
  locale: Locale;
  fields: Array<{ name: FormFieldName | FormAddressField | FormChannelField | CustomFormFieldName; required: boolean; label?: string }>;
  createdAt: string;
  /** Set by the first change; forms from before changes existed have none. */
  updatedAt?: string;
  /** When it was archived: submissions are refused (410), the form stays readable. */
  archivedAt?: string;
}

export function newForm(input: CreateFormInput, id: string, now: Date): Form {
  return { ...input, id, createdAt: now.toISOString() };
}

export function patchForm(form: Form, patch: UpdateFormInput, now: Date): Form {
  return { ...form, ...patch, updatedAt: now.toISOString() };
}

/**
 * The profile fields a submission carries that the form does not declare: capture drops them (only
 * declared fields are kept, `locale` always), and a JSON caller is told which.
 */
export function ignoredFields(form: Pick<Form, 'fields'>, posted: Partial<Record<FormFieldName, string | undefined>>): FormFieldName[] {
  const declared = new Set<string>(form.fields.map((field) => field.name));
  return FORM_FIELDS.filter((name) => !declared.has(name) && (posted[name] ?? '').trim() !== '');
}

/**
 * Whether a browser at `requestOrigin` may post this form. Server-to-server posts carry no Origin.
 * The product's own origin (`ownOrigin`, where the console runs) may post every form: that is the
 * console's test submission from the form builder, which no other site can make.
 */
export function isOriginAllowed(form: Pick<Form, 'allowedOrigins'>, requestOrigin: string | undefined, ownOrigin?: string): boolean {
  return requestOrigin === undefined || requestOrigin === ownOrigin || form.allowedOrigins.includes(requestOrigin);
}
