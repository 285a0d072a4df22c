import { customValueText } from '#shared/domain/custom-field';
import { type RecipientFacts, unsubscribeHeaders } from '#shared/domain/mailing';
import { type MergeValues, renderTemplate, type Template } from '#shared/domain/template';
import type { OutgoingMail } from '#shared/mail/mailer';
import type { TokenSigner } from '#shared/security/token-signer';
import type { Clock } from './ports';

/**
 * Composing one mail for one person from a template: personalised, with its unsubscribe and
 * preferences links, the List-Unsubscribe headers (RFC 8058 one-click) and the tags SES events come
 * back with. A mailing composes each recipient's mail with it, a test mail its preview; a journey's
 * step will send one mail to one contact with it, outside any mailing.
 */

/** The links a mail carries; the token is signed per recipient. */
export interface MailLinks {
  unsubscribeUrl(token: string): string;
  preferencesUrl(token: string): string;
  /** `mailto:` for List-Unsubscribe's fallback, when an inbound address is configured. */
  unsubscribeMailto?(token: string): string;
}

/** What a mail is made of once its links are known. */
export interface MailParts {
  to: string;
  from: string;
  replyTo?: string;
  template: Pick<Template, 'subject' | 'html' | 'text'>;
  /** The person's fields and the links, merged into the template (HTML-escaped in the HTML part). */
  values: MergeValues;
  /** Where List-Unsubscribe points: the one-click URL and, if configured, a `mailto:`. */
  unsubscribe: { url: string; mailto?: string };
  tags: Record<string, string>;
  /** Put before the rendered subject (`[Test] `). */
  subjectPrefix?: string;
}

/** Renders the template and adds the headers and tags: the mail as the sending service takes it. */
export function composeMessage(parts: MailParts): OutgoingMail {
  const rendered = renderTemplate(parts.template, parts.values);
  return {
    to: parts.to,
    from: parts.from,
    ...(parts.replyTo ? { replyTo: parts.replyTo } : {}),
    ...rendered,
    subject: `${parts.subjectPrefix ?? ''}${rendered.subject}`,
    headers: unsubscribeHeaders(parts.unsubscribe.url, parts.unsubscribe.mailto),
    tags: parts.tags,
  };
}

export interface ComposePorts {
  signer: TokenSigner;
  links: MailLinks;
  clock: Clock;
  /** How long the mail's unsubscribe and preferences links work. */
  unsubscribeTokenTtlDays: number;
}

/** One mail to one contact about one topic. */
export interface ContactMail {
  recipient: Pick<RecipientFacts, 'id' | 'email' | 'firstName' | 'lastName' | 'company'> & Partial<Pick<RecipientFacts, 'locale' | 'fields'>>;
  template: Pick<Template, 'subject' | 'html' | 'text'>;
  /** The topic the mail is sent under: its unsubscribe link withdraws the consent for this topic. */
  topic: string;
  from: string;
  replyTo?: string;
  /** What sent it (a mailing's id, a journey step's): the tokens' request id, reported with an unsubscribe. */
  sentBy: string;
  /** Come back on SES events (`mailingId`, `contactId`, `campaignId` tie them to a mailing's records). */
  tags: Record<string, string>;
}

/**
 * Composes the mail of one contact: signs the contact's unsubscribe token (for the mail's topic) and
 * preferences token, both expiring after `unsubscribeTokenTtlDays`, and merges the contact's fields
 * and the links into the template.
 */
export function composeContactMail(ports: ComposePorts, mail: ContactMail): OutgoingMail {
  const { recipient } = mail;
  const exp = Math.floor(ports.clock.now().getTime() / 1000) + ports.unsubscribeTokenTtlDays * 86_400;
  const unsubscribeToken = ports.signer.sign({ v: 1, purpose: 'unsubscribe', contactId: recipient.id, topics: [mail.topic], requestId: mail.sentBy, exp });
  const preferencesToken = ports.signer.sign({ v: 1, purpose: 'preferences', contactId: recipient.id, topics: [], requestId: mail.sentBy, exp });
  const unsubscribeUrl = ports.links.unsubscribeUrl(unsubscribeToken);
  const mailto = ports.links.unsubscribeMailto?.(unsubscribeToken);
  return composeMessage({
    to: recipient.email,
    from: mail.from,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    template: mail.template,
    values: {
      ...customMergeValues(recipient),
      firstName: recipient.firstName,
      lastName: recipient.lastName,
      company: recipient.company,
      email: recipient.email,
      unsubscribeUrl,
      preferencesUrl: ports.links.preferencesUrl(preferencesToken),
    },
    unsubscribe: { url: unsubscribeUrl, ...(mailto ? { mailto } : {}) },
    tags: mail.tags,
  });
}

/** A recipient's custom values as `fields.<key>` merge values (booleans as ja/nein or yes/no). */
export function customMergeValues(recipient: Partial<Pick<RecipientFacts, 'locale' | 'fields'>>): MergeValues {
  const values: MergeValues = {};
  for (const [key, value] of Object.entries(recipient.fields ?? {})) values[`fields.${key}`] = customValueText(value, recipient.locale);
  return values;
}
