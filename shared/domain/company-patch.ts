import * as z from '#shared/zod';
import { customFieldsPatchSchema } from './custom-field';

/**
 * A change to a company. Its name is its identity (the name claim leads resolve to), so it is not
 * changed this way.
 *
 * @example { "fields": { "mitarbeiter": 250, "branche": "" } }
 */
export const companyPatchSchema = z
  .strictObject({
    /** Custom field values by key (checked against their definitions); `null` or `""` clears one. */
    fields: customFieldsPatchSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one field');
export type CompanyPatch = z.infer<typeof companyPatchSchema>;
