import escapeHtml from 'escape-html';
import { convert } from 'html-to-text';
import * as z from '#shared/zod';
import { requiredText } from './common-schemas';
import { ValidationError } from './errors';

/**
 * Mail templates with `{{field}}` merge fields (`{{firstName|Kundin, Kunde}}` gives a fallback for an
 * empty value). Values are HTML-escaped in the HTML part, used as they are in the text part, and
 * stripped of line breaks in the subject (no header injection). `{{unsubscribeUrl}}` is required, so
 * no mailing can go out without a way to leave.
 */

export const MERGE_FIELDS = ['firstName', 'lastName', 'company', 'email', 'unsubscribeUrl', 'preferencesUrl'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
/** A custom field's value (shared/domain/custom-field.ts), merged as `{{fields.<key>}}`. */
export type CustomMergeField = `fields.${string}`;
export type MergeValues = Partial<Record<MergeField, string>> & Partial<Record<CustomMergeField, string>>;
const CUSTOM_MERGE_FIELD = /^fields\.[a-z][a-z0-9_-]{0,39}$/;

const TOKEN = /\{\{\s*([^{}|]*?)\s*(?:\|\s*([^{}]*?)\s*)?\}\}/g;
const MAX_PART = 512 * 1024;

/** The merge fields a part uses, with any it does not know. */
export function mergeFieldsOf(part: string): { known: Array<MergeField | CustomMergeField>; unknown: string[] } {
  const known = new Set<MergeField | CustomMergeField>();
  const unknown = new Set<string>();
  for (const match of part.matchAll(TOKEN)) {
    const name = match[1] ?? '';
    if ((MERGE_FIELDS as readonly string[]).includes(name)) known.add(name as MergeField);
    else if (CUSTOM_MERGE_FIELD.test(name)) known.add(name as CustomMergeField);
    else unknown.add(name);
  }
  return { known: [...known], unknown: [...unknown] };
}

function checkPart(value: string | undefined, path: 'subject' | 'html' | 'text', ctx: z.RefinementCtx, needsUnsubscribe: boolean): void {
  if (value === undefined) return;
  const { known, unknown } = mergeFieldsOf(value);
  if (unknown.length > 0)
    ctx.addIssue({
      code: 'custom',
      path: [path],
      message: `uses unknown merge fields ${unknown.map((name) => `{{${name}}}`).join(', ')}; known: ${MERGE_FIELDS.join(', ')}, fields.<key>`,
    });
  if (needsUnsubscribe && !known.includes('unsubscribeUrl')) ctx.addIssue({ code: 'custom', path: [path], message: 'must contain {{unsubscribeUrl}}' });
}

const templateFields = {
  name: requiredText(200),
  subject: requiredText(500),
  html: z.string().min(1, 'must not be empty').max(MAX_PART, `must be at most ${MAX_PART} characters`),
  text: z.string().min(1, 'must not be empty').max(MAX_PART, `must be at most ${MAX_PART} characters`).optional(),
};

/**
 * @example { "name": "Newsletter November", "subject": "Neues für {{firstName|Sie}}",
 *   "html": "<p>Hallo {{firstName|zusammen}},</p><p><a href=\"{{unsubscribeUrl}}\">Abmelden</a></p>" }
 */
export const createTemplateSchema = z.strictObject(templateFields).superRefine((value, ctx) => {
  checkPart(value.subject, 'subject', ctx, false);
  checkPart(value.html, 'html', ctx, true);
  checkPart(value.text, 'text', ctx, true);
});
export type CreateTemplateInput = z.infer<typeof createTemplateSchema>;

/**
 * A template change; the changed template must pass the checks of create (e.g. a new HTML part
 * still needs `{{unsubscribeUrl}}`).
 *
 * @example { "subject": "Neues im Dezember für {{firstName|Sie}}" }
 */
export const updateTemplateSchema = z
  .strictObject(templateFields)
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'must change at least one field');
export type UpdateTemplateInput = z.infer<typeof updateTemplateSchema>;

export interface Template extends CreateTemplateInput {
  id: string;
  createdAt: string;
  updatedAt: string;
  /** When it was archived: new mailings cannot use it, mailings made before still send with it. */
  archivedAt?: string;
}

/** The template with the change applied, checked as create checks; every bad part is named. */
export function patchTemplate(template: Template, patch: UpdateTemplateInput, now: Date): Template {
  const { name, subject, html, text } = { ...template, ...patch };
  const checked = createTemplateSchema.safeParse({ name, subject, html, ...(text === undefined ? {} : { text }) });
  if (!checked.success) {
    throw new ValidationError(
      'The template change is not valid',
      checked.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message })),
    );
  }
  return { ...template, ...checked.data, updatedAt: now.toISOString() };
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

function merge(part: string, values: MergeValues, encode: (value: string) => string): string {
  return part.replace(TOKEN, (_, name: string, fallback: string | undefined) => {
    const value = values[name as MergeField | CustomMergeField];
    return encode(value !== undefined && value !== '' ? value : (fallback ?? ''));
  });
}

/** The text part a mail client shows when it does not render HTML, derived from the HTML. */
export function textFromHtml(html: string): string {
  return convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'img', format: 'skip' },
    ],
  });
}

/** Renders a template for one recipient. */
export function renderTemplate(template: Pick<Template, 'subject' | 'html' | 'text'>, values: MergeValues): RenderedMail {
  const html = merge(template.html, values, escapeHtml);
  return {
    subject: merge(template.subject, values, (value) => value)
      .replace(/[\r\n]+/g, ' ')
      .trim(),
    html,
    text: template.text !== undefined ? merge(template.text, values, (value) => value) : textFromHtml(html),
  };
}
