import * as z from '#shared/zod';
import { CHANNELS, type Channel, type ChannelState, type ChannelStatus, type Channels } from './channel';

/**
 * The rules of contact channels (API.md, "Contact data"): what a change looks like, the proof each
 * change leaves, and the effective state a person has once their company's blocks apply on top.
 */

export const CHANNEL_STATUSES = ['allowed', 'blocked'] as const satisfies readonly ChannelStatus[];

/**
 * Wanted channel states as PATCH, forms and imports give them; an unknown channel is a 400 naming
 * `channels.<name>`.
 *
 * @example { "post": "blocked", "phone": "allowed" }
 */
export const channelsPatchSchema = z
  .record(z.string(), z.unknown())
  .superRefine((value, context) => {
    for (const [name, status] of Object.entries(value)) {
      if (!(CHANNELS as readonly string[]).includes(name)) {
        context.addIssue({ code: 'custom', path: [name], message: `is not a channel (${CHANNELS.join(', ')})` });
      } else if (!(CHANNEL_STATUSES as readonly unknown[]).includes(status)) {
        context.addIssue({ code: 'custom', path: [name], message: 'must be allowed or blocked' });
      }
    }
  })
  .transform((value) => value as Partial<Record<Channel, ChannelStatus>>);
export type ChannelsPatch = z.infer<typeof channelsPatchSchema>;

/** Append-only evidence of a channel change of a contact or a company: who, when, where, how. */
export interface ChannelProof {
  id: string;
  /** The contact's or the company's id, as `subject` says. */
  subjectId: string;
  subject: 'contact' | 'company';
  channel: Channel;
  status: ChannelStatus;
  at: string;
  method: ChannelState['method'];
  /** `form:<id>`, `import:<id>`, `api`. */
  source: string;
  ip?: string;
  userAgent?: string;
  /** The wording the person agreed to (a form's checkbox label). */
  text?: string;
}

export interface ChannelEvidence {
  method: ChannelState['method'];
  source: string;
  ip?: string;
  userAgent?: string;
  text?: string;
}

/**
 * The channel states after the wanted changes, and a proof for each that changed (a status already
 * held changes nothing and leaves no proof, so repeating a change is harmless).
 */
export function planChannelChanges(
  current: Channels | undefined,
  wanted: ChannelsPatch,
  subject: { kind: ChannelProof['subject']; id: string },
  evidence: ChannelEvidence,
  now: Date,
  newId: () => string,
): { channels: Channels; proofs: ChannelProof[] } {
  const at = now.toISOString();
  const channels: Channels = { ...current };
  const proofs: ChannelProof[] = [];
  for (const channel of CHANNELS) {
    const status = wanted[channel];
    if (status === undefined || channels[channel]?.status === status) continue;
    channels[channel] = { status, at, method: evidence.method, source: evidence.source };
    proofs.push({ id: newId(), subjectId: subject.id, subject: subject.kind, channel, status, at, ...evidence });
  }
  return { channels, proofs };
}

/** Why a channel is what it is: the person said so, their company blocks it, or nobody said anything. */
export type ChannelReason = 'contact' | 'company' | 'default';
export type EffectiveChannels = Record<Channel, { status: ChannelStatus; reason: ChannelReason }>;

/**
 * A person's effective channels: blocked when the person or their company blocks it (the company's
 * block wins over the person's own allow, as "keine Werbepost" at the reception desk means), else the
 * person's own state, else `allowed` by default. E-mail marketing still needs the topic's consent.
 */
export function effectiveChannels(own: Channels | undefined, company: Channels | undefined): EffectiveChannels {
  return Object.fromEntries(
    CHANNELS.map((channel) => {
      const mine = own?.[channel]?.status;
      const theirs = company?.[channel]?.status;
      if (mine === 'blocked') return [channel, { status: 'blocked', reason: 'contact' }];
      if (theirs === 'blocked') return [channel, { status: 'blocked', reason: 'company' }];
      if (mine === 'allowed') return [channel, { status: 'allowed', reason: 'contact' }];
      return [channel, { status: 'allowed', reason: 'default' }];
    }),
  ) as EffectiveChannels;
}

/** Whether a channel may be used for marketing to the person (the e-mail topic's consent aside). */
export const channelAllowed = (own: Channels | undefined, company: Channels | undefined, channel: Channel): boolean =>
  effectiveChannels(own, company)[channel].status === 'allowed';

const YES = new Set(['ja', 'j', 'yes', 'y', 'x', '1', 'true', 'wahr']);
const NO = new Set(['nein', 'n', 'no', '0', 'false', 'falsch']);

/**
 * An import cell or form answer as a channel status: ja/yes/x/1 allow, nein/no/0 block, blank says
 * nothing (undefined); anything else is `invalid`.
 */
export function channelAnswer(value: string | undefined): ChannelStatus | undefined | 'invalid' {
  const folded = (value ?? '').trim().toLowerCase();
  if (folded === '') return undefined;
  if (YES.has(folded)) return 'allowed';
  if (NO.has(folded)) return 'blocked';
  return 'invalid';
}
