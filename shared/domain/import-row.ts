import * as z from '#shared/zod';
import { text } from './common-schemas';
import { normaliseEmail } from './email';
import type { Profile } from './contact';
import { CHANNELS } from './channel';
import { type ChannelsPatch, channelAnswer } from './channel-rules';
import { CUSTOM_FIELD_PREFIX, type CustomFieldDefinition, customValueFromText, customValueIssue } from './custom-field';
import type { CustomFieldValues } from './custom-field-value';

const rowSchema = z.object({
  email: z
    .string({ error: 'is missing' })
    .trim()
    .min(1, 'is missing')
    .max(254)
    .pipe(z.email({ pattern: z.regexes.unicodeEmail, message: 'is not an email address' })),
  firstName: text(100).optional(),
  lastName: text(100).optional(),
  company: text(200).optional(),
  jobTitle: text(100).optional(),
  phone: text(40).optional(),
  street: text(200).optional(),
  postalCode: text(20).optional(),
  city: text(100).optional(),
  country: text(100).optional(),
  date: z.string().optional(),
  ...Object.fromEntries(
    CHANNELS.map((channel) => [
      `channel.${channel}`,
      z
        .string()
        .optional()
        .refine((value) => channelAnswer(value) !== 'invalid', 'must be ja/nein, yes/no, x, 1 or 0'),
    ]),
  ),
});

/** An import row that can be captured: the address (as written and normalised), profile and date. */
export interface ImportRowData {
  email: string;
  emailNormalised: string;
  profile: Profile;
  /** The values of the custom fields the row's columns are mapped to, in their types. */
  fields?: CustomFieldValues;
  /** The street of the address, and the channels the row says yes or no to. */
  contactData?: { street?: string; channels?: ChannelsPatch };
  date?: string;
}

/** Erased people come back only through their own new consent, never through a list. */
export const ERASED_ROW_REASON = 'email: this person asked to be erased; only their own new consent may add them again';

/**
 * Checks a row's mapped values; a rejected row's reason names each bad field (never its value, so the
 * stored reasons carry no personal data). `fields.<key>` values are read in their field's type
 * (`customValueFromText`: `12,5`, `ja`, `31.12.2026`, a select's label); `definitions` are the custom fields.
 */
export function parseImportRow(
  values: Partial<Record<string, string>>,
  definitions: readonly Pick<CustomFieldDefinition, 'key' | 'type' | 'options' | 'appliesTo'>[] = [],
): { ok: true; data: ImportRowData } | { ok: false; reason: string } {
  const builtIn = Object.fromEntries(Object.entries(values).filter(([name]) => !name.startsWith(CUSTOM_FIELD_PREFIX)));
  const custom = readCustomValues(values, definitions);
  const parsed = rowSchema.safeParse(builtIn);
  const problems = [...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`)), ...custom.problems];
  if (!parsed.success || problems.length > 0) return { ok: false, reason: problems.join('; ') };
  const { email, date, street, ...rest } = parsed.data as typeof parsed.data & Record<string, string | undefined>;
  const channels: ChannelsPatch = {};
  for (const channel of CHANNELS) {
    const answer = channelAnswer(rest[`channel.${channel}`]);
    if (answer === 'allowed' || answer === 'blocked') channels[channel] = answer;
    delete rest[`channel.${channel}`];
  }
  const contactData = { ...(street ? { street } : {}), ...(Object.keys(channels).length > 0 ? { channels } : {}) };
  return {
    ok: true,
    data: {
      email,
      emailNormalised: normaliseEmail(email),
      profile: Object.fromEntries(Object.entries(rest).filter(([, value]) => value)),
      ...(Object.keys(custom.fields).length > 0 ? { fields: custom.fields } : {}),
      ...(Object.keys(contactData).length > 0 ? { contactData } : {}),
      ...(date ? { date } : {}),
    },
  };
}

/** The row's `fields.<key>` cells in their fields' types, and a problem naming `fields.<key>` for each that does not fit. */
function readCustomValues(
  values: Partial<Record<string, string>>,
  definitions: readonly Pick<CustomFieldDefinition, 'key' | 'type' | 'options' | 'appliesTo'>[],
): { fields: CustomFieldValues; problems: string[] } {
  const fields: CustomFieldValues = {};
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(values)) {
    if (!name.startsWith(CUSTOM_FIELD_PREFIX) || raw === undefined || raw.trim() === '') continue;
    const key = name.slice(CUSTOM_FIELD_PREFIX.length);
    const definition = definitions.find((item) => item.key === key && item.appliesTo === 'contact');
    if (!definition) {
      problems.push(`${name}: is not a custom field of contacts (any more)`);
      continue;
    }
    const value = customValueFromText(definition, raw);
    const problem = value === undefined ? (customValueIssue(definition, raw) ?? 'cannot be read') : customValueIssue(definition, value);
    if (problem || value === undefined) problems.push(`${name}: ${problem ?? 'cannot be read'}`);
    else fields[key] = value;
  }
  return { fields, problems };
}
