import { FORM_FIELDS } from '#shared/domain/form';
import * as z from '#shared/zod';

/**
 * The answer to a JSON form submission (202). A filled honeypot gets the same-looking answer.
 *
 * @example { "contactId": "3f0c…", "status": "pending_confirmation", "ignoredFields": ["phone"] }
 */
export const submissionAcceptedResponse = z.object({
  contactId: z.string(),
  status: z.enum(['pending_confirmation', 'subscribed', 'captured']),
  /** Posted profile fields the form does not declare; they were not stored. */
  ignoredFields: z.array(z.enum(FORM_FIELDS)),
});

/** The capture function's entries of the registry (shared/http/response-schemas.ts), which it shapes its answers by. */
export const captureResponseSchemas = {
  // JSON from a backend; a browser's urlencoded post gets a 303 or an HTML thank-you page instead.
  'POST /v1/forms/{formId}/submissions': { 202: submissionAcceptedResponse },
} as const;
