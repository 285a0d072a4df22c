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

export interface Topic {
  id: string;
  name: string;
  description?: string;
  consentText: string;
  /** Short hash of `consentText`: which wording a proof refers to. */
  textVersion: string;
  createdAt: string;
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
