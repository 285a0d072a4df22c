import type { Settings } from '#shared/domain/settings';
import * as z from '#shared/zod';
import { isoTime } from './common-responses';

/** The product settings; no `frequencyCap` means off. @example { "frequencyCap": { "mails": 3, "days": 7 }, "abc": { "a": 0.8, "b": 0.95 }, "updatedAt": "2026-12-01T08:00:00.000Z" } */
export const settingsResponse = z.object({
  frequencyCap: z.object({ mails: z.number().int().min(1), days: z.number().int().min(1) }).optional(),
  /** The ABC classification's shares of revenue (the defaults 0.8 and 0.95 when never set). */
  abc: z.object({ a: z.number(), b: z.number() }).optional(),
  updatedAt: isoTime.optional(),
}) satisfies z.ZodType<Settings>;
