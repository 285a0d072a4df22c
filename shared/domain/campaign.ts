import * as z from '#shared/zod';
import { currency, isoDateTime, requiredText, slugId } from './common-schemas';
import { type FieldIssue, ValidationError } from './errors';
import { slugify } from './slug';

export const CHANNELS = ['web', 'fair', 'ad', 'email', 'social', 'phone', 'print', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

const campaignFields = {
  name: requiredText(200),
  code: slugId.optional(),
  channel: z.enum(CHANNELS),
  startsAt: isoDateTime.optional(),
  endsAt: isoDateTime.optional(),
  costMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  currency: currency.optional(),
};

/** Rules that span fields, checked on create and again after a patch. */
function crossFieldIssues(value: { startsAt?: string; endsAt?: string; costMinor?: number; currency?: string }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (value.startsAt && value.endsAt && Date.parse(value.endsAt) < Date.parse(value.startsAt)) {
    issues.push({ path: 'endsAt', message: 'must not be before startsAt' });
  }
  if (value.costMinor !== undefined && value.costMinor > 0 && !value.currency) {
    issues.push({ path: 'currency', message: 'is required when costMinor is given' });
  }
  return issues;
}

function checkDatesAndCost(value: Parameters<typeof crossFieldIssues>[0], ctx: z.RefinementCtx): void {
  for (const issue of crossFieldIssues(value)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
}

/**
 * A campaign leads are attributed to. `code` is what `utm_campaign` values match; it defaults to a
 * slug of the name.
 *
 * @example { "name": "Hannover Messe 2026", "channel": "fair", "costMinor": 1250000, "currency": "EUR" }
 */
export const createCampaignSchema = z.strictObject(campaignFields).superRefine(checkDatesAndCost);
export type CreateCampaignInput = z.infer<typeof createCampaignSchema>;

/** @example { "endsAt": "2026-04-24T18:00:00Z", "costMinor": 1400000 } */
export const updateCampaignSchema = z
  .strictObject(campaignFields)
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'must change at least one field');
export type UpdateCampaignInput = z.infer<typeof updateCampaignSchema>;

export interface Campaign {
  id: string;
  name: string;
  code: string;
  channel: Channel;
  startsAt?: string;
  endsAt?: string;
  costMinor?: number;
  currency?: string;
  createdAt: string;
  updatedAt: string;
}

export function newCampaign(input: CreateCampaignInput, id: string, now: Date): Campaign {
  const at = now.toISOString();
  return { ...input, id, code: input.code ?? (slugify(input.name) || id), createdAt: at, updatedAt: at };
}

/** Applies a patch, re-checking the rules that span fields (dates, cost needs currency). */
export function patchCampaign(current: Campaign, patch: UpdateCampaignInput, now: Date): Campaign {
  const next: Campaign = { ...current, ...patch, updatedAt: now.toISOString() };
  const issues = crossFieldIssues(next);
  if (issues.length > 0) throw new ValidationError('The campaign is not valid', issues);
  return next;
}

/** How a `utm_campaign` value is compared with campaign codes. */
export function normaliseCampaignCode(value: string): string {
  return value.normalize('NFC').trim().toLowerCase();
}
