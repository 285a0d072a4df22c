import * as z from '#shared/zod';
import { text } from './common-schemas';
import { normaliseEmail } from './email';
import type { Profile } from './contact';
import { CHANNELS } from './channel';
import { type ChannelsPatch, channelAnswer } from './channel-rules';

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
  /** The street of the address, and the channels the row says yes or no to. */
  contactData?: { street?: string; channels?: ChannelsPatch };
  date?: string;
}

/** Erased people come back only through their own new consent, never through a list. */
export const ERASED_ROW_REASON = 'email: this person asked to be erased; only their own new consent may add them again';

/**
 * Checks a row's mapped values; a rejected row's reason names each bad field (never its value, so the
 * stored reasons carry no personal data).
 */
export function parseImportRow(values: Record<string, string>): { ok: true; data: ImportRowData } | { ok: false; reason: string } {
  const parsed = rowSchema.safeParse(values);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ') };
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
      ...(Object.keys(contactData).length > 0 ? { contactData } : {}),
      ...(date ? { date } : {}),
    },
  };
}
