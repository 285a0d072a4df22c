import * as z from '#shared/zod';

/** `PATCH /v1/users/me`: the caller's own settings. @example { "digest": false } */
export const userChangeSchema = z.strictObject({
  /** The morning mail of due and overdue tasks (on by default). */
  digest: z.boolean(),
});
