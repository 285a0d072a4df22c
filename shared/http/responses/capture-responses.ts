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
