import * as z from '#shared/zod';

// Control characters never belong in names or free text; tabs and newlines are allowed only where said.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A single-line text field, NFC-normalised and trimmed, without control characters. */
export const text = (max: number) =>
  z
    .string()
    .max(max * 4, `must be at most ${max} characters`)
    .transform((value) => value.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .max(max, `must be at most ${max} characters`)
        .refine((value) => !CONTROL.test(value) && !/[\r\n]/.test(value), 'must not contain control characters'),
    );

export const requiredText = (max: number) => text(max).pipe(z.string().min(1, 'must not be empty'));

/** Lower-case identifier chosen by people: topic ids, campaign codes. */
export const slugId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be 1-64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');

export const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

export const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');

/** An http(s) origin without path, e.g. `https://www.example.de`. */
export const origin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}, 'must be an origin such as https://www.example.com (scheme and host, no path or trailing slash)');

export const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000);

/** Query-string pagination: `?limit=` (1-500, default 50) and an opaque `cursor`. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(2000).optional(),
});

/** A list of forms, templates, topics or segments: those in use, or with `?archived=true` the archived ones. */
export const archivableListQuery = pageQuery.extend({
  archived: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
});
