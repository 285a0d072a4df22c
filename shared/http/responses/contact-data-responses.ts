import type { Address } from '#shared/domain/address';
import { CHANNELS, type Channels, type ChannelState } from '#shared/domain/channel';
import { CHANNEL_STATUSES, type ChannelProof, type EffectiveChannels } from '#shared/domain/channel-rules';
import * as z from '#shared/zod';
import { maskedAddressPart, maskedIp } from '../contact-masking';
import { isoTime } from './common-responses';

/** The contact-data parts of contacts and companies as the API shows them: channels, addresses, their proofs. */

const channelStatus = z.enum(CHANNEL_STATUSES);
const channelMethod = z.enum(['form', 'import', 'admin', 'preferences']);

/** A channel's current state. @example { "status": "blocked", "at": "2026-03-10T09:30:00.000Z", "method": "admin", "source": "api" } */
export const channelStateResponse = z.object({
  status: channelStatus,
  at: isoTime,
  method: channelMethod,
  source: z.string(),
}) satisfies z.ZodType<ChannelState>;

/** The channels a contact or company set, by channel. */
export const channelsResponse = z.partialRecord(z.enum(CHANNELS), channelStateResponse) satisfies z.ZodType<Channels>;

/** A postal address. @example { "street": "Hauptstraße 5", "postalCode": "30159", "city": "Hannover", "country": "DE" } */
export const addressResponse = z.object({
  street: maskedAddressPart,
  addressLine2: maskedAddressPart.optional(),
  postalCode: maskedAddressPart,
  city: z.string(),
  country: z.string(),
}) satisfies z.ZodType<Address>;

/** The evidence of one channel change: who, when, where, how. */
export const channelProofResponse = z.object({
  id: z.string(),
  subjectId: z.string(),
  subject: z.enum(['contact', 'company']),
  channel: z.enum(CHANNELS),
  status: channelStatus,
  at: isoTime,
  method: channelMethod,
  source: z.string(),
  ip: maskedIp.optional(),
  userAgent: z.string().optional(),
  text: z.string().optional(),
}) satisfies z.ZodType<ChannelProof>;

const effectiveChannel = z.object({ status: channelStatus, reason: z.enum(['contact', 'company', 'default']) });

/** Each channel's effective state and why. @example { "email": { "status": "allowed", "reason": "default" }, "post": { "status": "blocked", "reason": "company" }, "phone": { "status": "allowed", "reason": "contact" } } */
export const effectiveChannelsResponse = z.object({
  email: effectiveChannel,
  post: effectiveChannel,
  phone: effectiveChannel,
}) satisfies z.ZodType<EffectiveChannels>;

/** The channel proofs of each channel, newest first. */
export const channelHistoryResponse = z.partialRecord(z.enum(CHANNELS), z.array(channelProofResponse));
