import * as z from '#shared/zod';

/**
 * The product's settings. `frequencyCap`: at most `mails` marketing mails per `days` days per person,
 * across journeys and mailings (off when absent or null): a journey mail waits until allowed, a mailing
 * skips the person and counts them `capped`.
 *
 * @example { "frequencyCap": { "mails": 3, "days": 7 } }
 */
export const settingsSchema = z.strictObject({
  frequencyCap: z
    .strictObject({ mails: z.number().int().min(1).max(100), days: z.number().int().min(1).max(90) })
    .nullable()
    .optional(),
});
export type SettingsInput = z.infer<typeof settingsSchema>;

export interface Settings {
  frequencyCap?: { mails: number; days: number };
  updatedAt?: string;
}

/** The settings after a change: a `null` turns a setting off, an absent one leaves it as it is. */
export function applySettings(current: Settings, input: SettingsInput, now: Date): Settings {
  const next: Settings = { ...current, updatedAt: now.toISOString() };
  if (input.frequencyCap === null) delete next.frequencyCap;
  else if (input.frequencyCap !== undefined) next.frequencyCap = input.frequencyCap;
  return next;
}
