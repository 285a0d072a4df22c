import * as z from '#shared/zod';
import { normaliseEmail } from '#shared/domain/email';
import { type FieldIssue, ValidationError } from '#shared/domain/errors';
import { MailRejectedError } from '#shared/mail/errors';
import type { Mailer } from '#shared/mail/mailer';
import { composeMessage } from './compose-mail';
import { previewParts, type TemplatePorts } from './manage-templates';
import type { SuppressionCheck } from './mailing-ports';

/** Addresses one test send may reach: enough for a team's mailboxes, too few to be a mailing. */
export const MAX_TEST_RECIPIENTS = 5;
export const TEST_SUBJECT_PREFIX = '[Test] ';

/** @example { "to": ["marketing@example.de", "chef@example.de"], "contactId": "3f0c…" } — without contactId, the sample person. */
export const testMailSchema = z.strictObject({
  to: z
    .array(z.email({ message: 'must be an email address' }).max(320))
    .min(1, 'must name at least one address')
    .max(MAX_TEST_RECIPIENTS, `must name at most ${MAX_TEST_RECIPIENTS} addresses`)
    .superRefine((addresses, ctx) => {
      const seen = new Set<string>();
      addresses.forEach((address, index) => {
        if (seen.has(normaliseEmail(address))) ctx.addIssue({ code: 'custom', path: [index], message: 'is listed twice' });
        seen.add(normaliseEmail(address));
      });
    }),
  contactId: z.string().min(1).max(200).optional(),
});
export type TestMailInput = z.infer<typeof testMailSchema>;

export interface TestMailPorts extends TemplatePorts {
  mailer: Mailer;
  suppressions: SuppressionCheck;
  /** The product's From address (MAIL_FROM), the one its IAM grant allows. */
  from: string;
}

/**
 * Sends a template as a test to up to five addresses: rendered for the contact (or the sample person)
 * exactly as the preview renders it, subject prefixed `[Test] `, From the product's address. Nothing
 * is recorded (no send record, counters or timeline entry; the mails carry no mailing tags, so SES
 * events about them are ignored) and its unsubscribe links are the preview's inert ones, so a test
 * recipient cannot unsubscribe the contact. Suppressed addresses are refused, and an address SES
 * refuses is named; the others still get their mail.
 */
export async function sendTestMail(ports: TestMailPorts, templateId: string, input: TestMailInput): Promise<{ sent: number }> {
  const { template, values } = await previewParts(ports, templateId, input.contactId ? { contactId: input.contactId } : {});
  const suppressed = await ports.suppressions.suppressedAmong(input.to.map(normaliseEmail));
  const refused: FieldIssue[] = input.to.flatMap((address, index) =>
    suppressed.has(normaliseEmail(address)) ? [{ path: `to.${index}`, message: 'is on the suppression list' }] : [],
  );
  if (refused.length > 0) throw new ValidationError('Some addresses may not be mailed', refused);
  const compose = (to: string) =>
    composeMessage({
      to,
      from: ports.from,
      template,
      values,
      subjectPrefix: TEST_SUBJECT_PREFIX,
      unsubscribe: { url: ports.previewLinks.unsubscribeUrl },
      tags: { templateId, purpose: 'test' },
    });
  let sent = 0;
  for (const [index, to] of input.to.entries()) {
    try {
      await ports.mailer.send(compose(to));
      sent += 1;
    } catch (error) {
      if (!(error instanceof MailRejectedError)) throw error;
      refused.push({ path: `to.${index}`, message: 'was refused by the mail service' });
    }
  }
  if (refused.length > 0) throw new ValidationError(`${sent} of ${input.to.length} test mails were sent; the mail service refused the others`, refused);
  return { sent };
}
