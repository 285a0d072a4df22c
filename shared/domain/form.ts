import * as z from '#shared/zod';
import { httpUrl, origin, requiredText, slugId, text } from './common-schemas';

/** The profile fields a form may ask for besides `email`; a form stores only the fields it declares. */
export const FORM_FIELDS = ['firstName', 'lastName', 'company', 'jobTitle', 'phone'] as const;
export type FormFieldName = (typeof FORM_FIELDS)[number];

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const fieldSpec = z.strictObject({
  name: z.enum(FORM_FIELDS),
  required: z.boolean().default(false),
  label: text(100).optional(),
});

/**
 * A lead-capture form. Only the declared `fields` are stored from a submission (data minimisation).
 *
 * @example { "name": "Newsletter footer", "topics": ["newsletter"], "doubleOptIn": true,
 *            "allowedOrigins": ["https://www.example.de"], "fields": [{ "name": "firstName" }] }
 */
export const createFormSchema = z
  .strictObject({
    name: requiredText(200),
    campaignId: z.string().min(1).max(100).optional(),
    topics: z.array(slugId).max(20).default([]),
    doubleOptIn: z.boolean().default(true),
    allowedOrigins: z.array(origin).min(1, 'must list at least one origin').max(20),
    redirectUrl: httpUrl.optional(),
    /** Where a confirmed double opt-in lands (303); without it, a plain thank-you page. */
    confirmationRedirectUrl: httpUrl.optional(),
    locale: z.enum(LOCALES).default('de'),
    fields: z.array(fieldSpec).max(FORM_FIELDS.length).default([{ name: 'firstName', required: false }, { name: 'lastName', required: false }]),
  })
  .superRefine((form, ctx) => {
    const names = form.fields.map((field) => field.name);
    names.forEach((name, index) => {
      if (names.indexOf(name) !== index) ctx.addIssue({ code: 'custom', path: ['fields', index, 'name'], message: 'is listed twice' });
    });
    form.topics.forEach((topic, index) => {
      if (form.topics.indexOf(topic) !== index) ctx.addIssue({ code: 'custom', path: ['topics', index], message: 'is listed twice' });
    });
  });
export type CreateFormInput = z.infer<typeof createFormSchema>;

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
  fields: Array<{ name: FormFieldName; required: boolean; label?: string }>;
  createdAt: string;
}

export function newForm(input: CreateFormInput, id: string, now: Date): Form {
  return { ...input, id, createdAt: now.toISOString() };
}

/**
 * Whether a browser at `requestOrigin` may post this form. Server-to-server posts carry no Origin.
 * The product's own origin (`ownOrigin`, where the console runs) may post every form: that is the
 * console's test submission from the form builder, which no other site can make.
 */
export function isOriginAllowed(form: Pick<Form, 'allowedOrigins'>, requestOrigin: string | undefined, ownOrigin?: string): boolean {
  return requestOrigin === undefined || requestOrigin === ownOrigin || form.allowedOrigins.includes(requestOrigin);
}
