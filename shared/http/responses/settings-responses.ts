import type { Settings } from '#shared/domain/settings';
import * as z from '#shared/zod';
import { isoTime } from './common-responses';

/** The product settings; no `frequencyCap` means off. @example { "frequencyCap": { "mails": 3, "days": 7 }, "updatedAt": "2026-12-01T08:00:00.000Z" } */
export const settingsResponse = z.object({
  frequencyCap: z.object({ mails: z.number().int().min(1), days: z.number().int().min(1) }).optional(),
  updatedAt: isoTime.optional(),
}) satisfies z.ZodType<Settings>;
