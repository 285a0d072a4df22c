import type { RenderedMail, Template } from '#shared/domain/template';
import * as z from '#shared/zod';
import { isoTime, tally } from './common-responses';

/**
 * A mail template.
 *
 * @example { "id": "t-3", "name": "November", "subject": "Neues für {{firstName|Sie}}",
 *            "html": "<p><a href=\"{{unsubscribeUrl}}\">Abmelden</a></p>", "createdAt": "2026-03-01T08:00:00.000Z", "updatedAt": "2026-03-01T08:00:00.000Z" }
 */
export const templateResponse = z.object({
  id: z.string(),
  name: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string().optional(),
  createdAt: isoTime,
  updatedAt: isoTime,
  archivedAt: isoTime.optional(),
}) satisfies z.ZodType<Template>;

/** A template rendered for a contact or the sample person, links inert. @example { "subject": "Neues für Anna", "html": "<p>…</p>", "text": "…" } */
export const renderedMailResponse = z.object({ subject: z.string(), html: z.string(), text: z.string() }) satisfies z.ZodType<RenderedMail>;

/** A test send handed to the mail service (202). @example { "sent": 2 } */
export const testMailSentResponse = z.object({ sent: tally });
