import * as z from '#shared/zod';
import { channelsPatchSchema } from './channel-rules';
import { text } from './common-schemas';
import { customFieldsPatchSchema } from './custom-field';
import { addressSchema } from './postal-address';

/**
 * A change to a contact's profile. Email and consents are not changed this way: the email is the
 * person's identity (capture merges by it) and consent only changes with proof.
 *
 * @example { "jobTitle": "Head of Purchasing", "company": "Weiß & Söhne GmbH", "tags": ["vip"], "fields": { "branche": "Maschinenbau" } }
 */
export const contactPatchSchema = z
  .strictObject({
    firstName: text(100).optional(),
    lastName: text(100).optional(),
    company: text(200).optional(),
    jobTitle: text(100).optional(),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(/^(\+?[0-9 ()./-]{3,40})?$/, 'must be a phone number (digits, spaces, + ( ) . / -)')
      .optional(),
    locale: z
      .string()
      .trim()
      .regex(/^([a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*)?$/, 'must be a language tag such as de or de-DE')
      .optional(),
    tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
    score: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    /** Custom field values by key (checked against their definitions); `null` or `""` clears one. */
    fields: customFieldsPatchSchema.optional(),
    /** Channel preferences, each change kept with proof (`{ "post": "blocked" }`). */
    channels: channelsPatchSchema.optional(),
    /** The postal address; null removes it (and the flat postalCode/city/country of older profiles). */
    address: addressSchema.nullable().optional(),
    /** The user who owns the person (GET /v1/users); null clears it (the company's owner shows again). */
    ownerId: z.string().trim().min(1).max(200).nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');
export type ContactPatch = z.infer<typeof contactPatchSchema>;
