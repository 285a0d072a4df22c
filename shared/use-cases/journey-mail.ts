import type { Template } from '#shared/domain/template';
import { MailThrottledError } from '#shared/mail/errors';
import type { Mailer } from '#shared/mail/mailer';
import { type ComposePorts, composeContactMail } from './compose-mail';
import type { RecipientReader, SuppressionCheck } from './mailing-ports';
import { recipientVerdicts } from './recipient-check';
import type { JourneyMailSender, JourneyStepPorts } from './run-journey-step';

export interface JourneyMailPorts extends ComposePorts {
  templates: { get(id: string): Promise<Template | undefined> };
  mailer: Mailer;
  pacer: { take(): Promise<void>; pause(ms: number): void };
}

/**
 * A journey step's mail to one person: composed like every mail (personalised, unsubscribe for the step's
 * topic, List-Unsubscribe), tagged with journey, version, step and contact so SES events find their way
 * back to the step, and paced under the account's rate like mailings.
 */
export function journeyMailSender(ports: JourneyMailPorts): JourneyMailSender {
  return {
    async send({ recipient, step, journeyId, version }) {
      const template = await ports.templates.get(step.templateId);
      if (!template) throw new Error(`Template ${step.templateId} of journey ${journeyId} step ${step.id} does not exist`);
      const mail = composeContactMail(ports, {
        recipient,
        template,
        topic: step.topic,
        from: step.from,
        sentBy: `journey:${journeyId}:${step.id}`,
        tags: { journeyId, version: String(version), stepId: step.id, contactId: recipient.id },
      });
      await ports.pacer.take();
      try {
        return await ports.mailer.send(mail);
      } catch (error) {
        // Every lane of this container slows down, not just this one.
        if (error instanceof MailThrottledError) ports.pacer.pause(1000);
        throw error;
      }
    },
  };
}

/** Who may get a journey mail on a topic right now: their facts and the send check (consent, suppression). */
export function journeyRecipients(ports: { contacts: RecipientReader; suppressions: SuppressionCheck }): JourneyStepPorts['recipients'] {
  return {
    async recipient(contactId, topic) {
      const [facts] = await ports.contacts.recipients([contactId], topic);
      if (!facts) return undefined;
      const verdict = (await recipientVerdicts(ports.suppressions, [facts], topic)).get(contactId);
      return verdict ? { facts, verdict } : undefined;
    },
  };
}
