import * as z from '#shared/zod';
import { channelsPatchSchema } from './channel-rules';
import { addressSchema } from './postal-address';

/**
 * A change to a company: its channel blocks for all its people ("keine Werbepost") and its address,
 * which business post to people without an address of their own uses.
 *
 * @example { "channels": { "post": "blocked" }, "address": { "street": "Industriestraße 1", "postalCode": "70565", "city": "Stuttgart", "country": "DE" } }
 */
export const companyPatchSchema = z
  .strictObject({
    channels: channelsPatchSchema.optional(),
    /** null removes the address. */
    address: addressSchema.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');
export type CompanyPatch = z.infer<typeof companyPatchSchema>;
