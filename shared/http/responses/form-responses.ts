import { CUSTOM_FORM_FIELD, type CustomFormFieldName, FORM_FIELDS, type Form, LOCALES } from '#shared/domain/form';
import { FORM_ADDRESS_FIELDS, FORM_CHANNEL_FIELDS } from '#shared/domain/form-contact-data';
import type { FormWithEmbed } from '#shared/use-cases/manage-forms';
import * as z from '#shared/zod';
import { isoTime } from './common-responses';

/**
 * A lead-capture form as lists show it.
 *
 * @example { "id": "f-1", "name": "Footer", "topics": ["newsletter"], "doubleOptIn": true,
 *            "allowedOrigins": ["https://www.example.de"], "locale": "de",
 *            "fields": [{ "name": "firstName", "required": false }], "createdAt": "2026-03-01T08:00:00.000Z" }
 */
export const formResponse = z.object({
  id: z.string(),
  name: z.string(),
  campaignId: z.string().optional(),
  topics: z.array(z.string()),
  doubleOptIn: z.boolean(),
  allowedOrigins: z.array(z.string()),
  redirectUrl: z.string().optional(),
  confirmationRedirectUrl: z.string().optional(),
  locale: z.enum(LOCALES),
  fields: z.array(
    z.object({
      name: z.union([
        z.enum([...FORM_FIELDS, ...FORM_ADDRESS_FIELDS, ...FORM_CHANNEL_FIELDS]),
        z
          .string()
          .regex(CUSTOM_FORM_FIELD)
          .transform((name) => name as CustomFormFieldName),
      ]),
      required: z.boolean(),
      label: z.string().optional(),
    }),
  ),
  createdAt: isoTime,
  updatedAt: isoTime.optional(),
  archivedAt: isoTime.optional(),
}) satisfies z.ZodType<Form>;

/** A single form with its ready `<form>` snippet and the URL it posts to. */
export const formWithEmbedResponse = formResponse.extend({
  embedHtml: z.string(),
  submissionUrl: z.string(),
}) satisfies z.ZodType<FormWithEmbed>;
