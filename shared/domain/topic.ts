import { createHash } from 'node:crypto';
import * as z from '#shared/zod';
import { requiredText, slugId, text } from './common-schemas';

/**
 * A subscription topic such as `newsletter`. Its consent text is the wording a person agrees to;
 * every consent proof records the text and its version.
 *
 * @example { "id": "newsletter", "name": "Newsletter", "description": "Monthly product news",
 *            "consentText": "Yes, send me the monthly newsletter. I can unsubscribe at any time." }
 */
export const createTopicSchema = z.strictObject({
  id: slugId,
  name: requiredText(100),
  description: text(500).optional(),
  consentText: requiredText(2000).optional(),
});
export type CreateTopicInput = z.infer<typeof createTopicSchema>;

/**
 * A topic change. A new `consentText` gets a new `textVersion`; proofs keep the text and version the
 * person agreed to.
 *
 * @example { "consentText": "Ja, schickt mir den monatlichen Newsletter. Abmelden geht jederzeit." }
 */
export const updateTopicSchema = z
  .strictObject({ name: requiredText(100), description: text(500), consentText: requiredText(2000) })
  .partial()
  .refine((value) => Object.keys(value).length > 0, 'must change at least one field');
export type UpdateTopicInput = z.infer<typeof updateTopicSchema>;

export interface Topic {
  id: string;
  name: string;
  description?: string;
  consentText: string;
  /** Short hash of `consentText`: which wording a proof refers to. */
  textVersion: string;
  createdAt: string;
  /** Set by the first change; topics from before changes existed have none. */
  updatedAt?: string;
  /** When it was archived: new forms and mailings cannot use it; consent given to it stays. */
  archivedAt?: string;
}

export function textVersion(consentText: string): string {
  return createHash('sha256').update(consentText).digest('hex').slice(0, 12);
}

export function newTopic(input: CreateTopicInput, now: Date): Topic {
  const consentText = input.consentText ?? (input.description ? `${input.name}: ${input.description}` : input.name);
  return {
    id: input.id,
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    consentText,
    textVersion: textVersion(consentText),
    createdAt: now.toISOString(),
  };
}

export function patchTopic(topic: Topic, patch: UpdateTopicInput, now: Date): Topic {
  const consentText = patch.consentText ?? topic.consentText;
  return { ...topic, ...patch, consentText, textVersion: textVersion(consentText), updatedAt: now.toISOString() };
}
