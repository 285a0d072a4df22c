import * as z from '#shared/zod';
import { type AbcThresholds, DEFAULT_ABC_THRESHOLDS } from './abc-classification';

/**
 * The product's settings. `frequencyCap`: at most `mails` marketing mails per `days` days per person,
 * across journeys and mailings (off when absent or null): a journey mail waits until allowed, a mailing
 * skips the person and counts them `capped`.
 *
 * `abc`: the ABC classification's shares of revenue (shared/domain/abc-classification.ts), 0 < a < b ≤ 1;
 * absent means the defaults (0.8, 0.95); the next run uses a change.
 *
 * @example { "frequencyCap": { "mails": 3, "days": 7 }, "abc": { "a": 0.8, "b": 0.95 } }
 */
export const settingsSchema = z.strictObject({
  frequencyCap: z
    .strictObject({ mails: z.number().int().min(1).max(100), days: z.number().int().min(1).max(90) })
    .nullable()
    .optional(),
  abc: z
    .strictObject({ a: z.number().gt(0).lt(1), b: z.number().gt(0).max(1) })
    .refine((abc) => abc.a < abc.b, { message: 'must be greater than abc.a', path: ['b'] })
    .optional(),
});
export type SettingsInput = z.infer<typeof settingsSchema>;

export interface Settings {
  frequencyCap?: { mails: number; days: number };
  abc?: AbcThresholds;
  updatedAt?: string;
}

/** The ABC thresholds in force: the stored ones, else the defaults. */
export const abcThresholdsOf = (settings: Settings): AbcThresholds => settings.abc ?? DEFAULT_ABC_THRESHOLDS;

/** The settings after a change: a `null` turns a setting off, an absent one leaves it as it is. */
export function applySettings(current: Settings, input: SettingsInput, now: Date): Settings {
  const next: Settings = { ...current, updatedAt: now.toISOString() };
  if (input.frequencyCap === null) delete next.frequencyCap;
  else if (input.frequencyCap !== undefined) next.frequencyCap = input.frequencyCap;
  if (input.abc !== undefined) next.abc = input.abc;
  return next;
}
