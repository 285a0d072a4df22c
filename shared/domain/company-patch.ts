import * as z from '#shared/zod';
import { channelsPatchSchema } from './channel-rules';
import { customFieldsPatchSchema } from './custom-field';
import { addressSchema } from './postal-address';

/**
 * A change to a company: its channel blocks for all its people ("keine Werbepost"), its address, which
 * business post to people without an address of their own uses, and its custom field values. Its name
 * is its identity (the name claim leads resolve to), so it is not changed this way.
 *
 * @example { "channels": { "post": "blocked" }, "address": { "street": "Industriestraße 1", "postalCode": "70565", "city": "Stuttgart", "country": "DE" }, "fields": { "mitarbeiter": 250 } }
 */
export const companyPatchSchema = z
  .strictObject({
    channels: channelsPatchSchema.optional(),
    /** null removes the address. */
    address: addressSchema.nullable().optional(),
    /** Custom field values by key (checked against their definitions); `null` or `""` clears one. */
    fields: customFieldsPatchSchema.optional(),
    /** The user who owns the account (GET /v1/users); null clears it. */
    ownerId: z.string().trim().min(1).max(200).nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');
export type CompanyPatch = z.infer<typeof companyPatchSchema>;
