import { pickLocale, renderConfirmationMail } from '#shared/domain/confirmation-mail';
import type { ConfirmationMailPorts } from './ports';

/** What `consent.requested` asks for: the confirmation mail of one request, for these topics. */
export interface ConfirmationRequest {
  contactId: string;
  topics: string[];
  requestId: string;
  formId?: string;
  /** When the request was made: a mail sent since then is this request's mail. */
  occurredAt: string;
}

export type ConfirmationOutcome = 'sent' | 'not_due';

/**
 * Sends the double opt-in mail a capture asked for (`consent.requested`, from the outbox): a signed,
 * expiring link to confirm the topics still waiting on that request. The mail is claimed on the
 * contact before SES is called, so a repeated event, or a second submission's request that came
 * before the first mail went out, sends nothing twice; when SES fails the claim is given back and
 * the error thrown, so the event is delivered again and the mail goes out once SES takes it.
 * Nothing is sent for a person erased, or topics confirmed or superseded, since.
 */
export async function sendConfirmationMail(ports: ConfirmationMailPorts, request: ConfirmationRequest): Promise<ConfirmationOutcome> {
  const contact = await ports.contacts.get(request.contactId);
  if (!contact) return 'not_due';
  const due = request.topics.filter((topic) => {
    const state = contact.consents[topic];
    return state?.status === 'pending' && state.requestId === request.requestId;
  });
  if (due.length === 0) return 'not_due';
  const now = ports.clock.now();
  if (!(await ports.contacts.claimConfirmationMail(contact.id, due, request.requestId, request.occurredAt, now))) return 'not_due';
  try {
    const [topics, form] = await Promise.all([ports.catalog.topics(due), request.formId ? ports.catalog.form(request.formId) : undefined]);
    const validDays = ports.mail.confirmTokenTtlDays;
    const token = ports.signer.sign({
      v: 1,
      purpose: 'confirm',
      contactId: contact.id,
      topics: due,
      requestId: request.requestId,
      exp: Math.floor(now.getTime() / 1000) + validDays * 24 * 3600,
    });
    const mail = renderConfirmationMail({
      locale: pickLocale(contact.locale, form?.locale),
      ...(contact.firstName ? { firstName: contact.firstName } : {}),
      topicNames: topics.map((topic) => topic.name),
      confirmUrl: ports.links.confirmUrl(token),
      validDays,
    });
    await ports.mailer.send({ to: contact.email, from: ports.mail.from, ...mail, tags: { kind: 'confirmation', contact: contact.id } });
    return 'sent';
  } catch (error) {
    await ports.contacts.releaseConfirmationMail(contact.id, due, now);
    throw error;
  }
}
