import * as z from '#shared/zod';
import { checkboxAnswer } from './checkbox-answer';
import { slugId, text } from './common-schemas';

const email = z
  .string({ error: 'is required' })
  .max(320, 'must be at most 254 characters')
  .transform((value) => value.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .min(1, 'is required')
      .max(254, 'must be at most 254 characters')
      .pipe(z.email({ pattern: z.regexes.unicodeEmail, message: 'must be an email address' })),
  );

const utm = text(200).optional();

/** A checkbox as a browser (`on`) or a JSON caller (`true`) sends it. */
const channelBox = z
  .union([z.boolean(), z.string().refine((value) => checkboxAnswer(value) !== undefined)], {
    error: 'must be a ticked checkbox (on, true) or left out',
  })
  .transform((value) => (value === true || (typeof value === 'string' && checkboxAnswer(value) === true) ? true : undefined))
  .optional();

/**
 * A web-form or backend submission, after the transport (JSON or urlencoded) has been read.
 * Unknown fields are dropped, never stored.
 *
 * @example { "email": "anna.weiss@example.de", "firstName": "Anna", "consent": ["newsletter"],
 *            "utm_campaign": "hannover-messe-2026" }
 */
export const submissionSchema = z.object({
  email,
  firstName: text(100).optional(),
  lastName: text(100).optional(),
  company: text(200).optional(),
  jobTitle: text(100).optional(),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^\+?[0-9 ()./-]{3,40}$/, 'must be a phone number (digits, spaces, + ( ) . / -)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  locale: z
    .string()
    .trim()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a language tag such as de or de-DE')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  consent: z.array(slugId).max(20).default([]),
  utm_source: utm,
  utm_medium: utm,
  utm_campaign: utm,
  utm_term: utm,
  utm_content: utm,
  referrer: z.string().max(2000).optional(),
  pageUrl: z.string().max(2000).optional(),
  /** Postal address parts (a form declaring them makes a complete set the contact's address). */
  street: text(200).optional(),
  addressLine2: text(200).optional(),
  postalCode: text(20).optional(),
  city: text(100).optional(),
  country: text(100).optional(),
  /** Channel boxes: ticked (`on`, `true`, `ja`, …) allows the channel; unticked records nothing. */
  'channel.post': channelBox,
  'channel.phone': channelBox,
  'channel.email': channelBox,
  /** Custom field values by key (`fields.branche` in a urlencoded post); only those the form declares are kept. */
  fields: z.record(z.string().max(40), z.union([z.string().max(4000), z.number(), z.boolean()])).optional(),
  /** Honeypot: invisible to people, filled in by bots. */
  website: z.string().max(2000).optional(),
});
export type Submission = z.output<typeof submissionSchema>;

/** Field names a urlencoded post may repeat; every other field must appear once. */
const REPEATABLE = new Set(['consent']);
const CUSTOM_PREFIX = 'fields.';

/**
 * Turns a urlencoded browser post into the object {@link submissionSchema} reads. Ticked topics come
 * as repeated `consent=<topic>` or as `consent_<topic>=on`. A field sent twice is reported by name.
 */
export function submissionFromForm(params: URLSearchParams): { value: Record<string, unknown>; duplicates: string[] } {
  const value: Record<string, unknown> = {};
  const fields: Record<string, string> = {};
  const consent: string[] = [];
  const duplicates: string[] = [];
  for (const [name, raw] of params) {
    if (name === 'consent') {
      if (raw !== '') consent.push(raw);
    } else if (name.startsWith('consent_')) {
      if (raw !== '' && raw !== 'off' && raw !== 'false' && raw !== '0') consent.push(name.slice('consent_'.length));
    } else if (name.startsWith(CUSTOM_PREFIX)) {
      const key = name.slice(CUSTOM_PREFIX.length);
      if (key in fields && fields[key] !== raw) duplicates.push(name);
      // An unticked checkbox sends nothing; a hidden "false" before it may.
      if (raw !== '') fields[key] = raw;
    } else if (!REPEATABLE.has(name)) {
      if (name in value && value[name] !== raw) duplicates.push(name);
      value[name] = raw;
    }
  }
  for (const key of Object.keys(value)) if (value[key] === '' && key !== 'email' && key !== 'website') delete value[key];
  value.consent = [...new Set(consent)];
  if (Object.keys(fields).length > 0) value.fields = fields;
  return { value, duplicates };
}

export function isHoneypotFilled(submission: Pick<Submission, 'website'>): boolean {
  return (submission.website ?? '').trim() !== '';
}
