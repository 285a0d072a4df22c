import { domainToASCII } from 'node:url';

/**
 * The form in which an email address identifies a person: trimmed, Unicode-normalised (NFC),
 * lower-cased, and with an internationalised domain turned into its ASCII (punycode) form, so that
 * ` Anna.Weiss@Müller.de ` and `anna.weiss@xn--mller-kva.de` are the same person.
 *
 * The local part is lower-cased too: RFC 5321 allows case-sensitive mailboxes, but no mainstream
 * provider uses them, and treating `Anna@` and `anna@` as two people is the worse error for a CRM.
 * Dots and `+tags` are kept: they are different addresses at most providers.
 */
export function normaliseEmail(raw: string): string {
  const trimmed = raw.normalize('NFC').trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 1) return trimmed.toLowerCase();
  const local = trimmed.slice(0, at).toLowerCase();
  const domain = trimmed.slice(at + 1).toLowerCase();
  const asciiDomain = domainToASCII(domain) || domain;
  return `${local}@${asciiDomain}`;
}

/** Trims and NFC-normalises a free-text name; returns undefined for blank input. */
export function normaliseText(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const value = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
  return value === '' ? undefined : value;
}

/** `Leadflow <news@example.de>` → `news@example.de`: the form SES identities and IAM's ses:FromAddress use. */
export function bareAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

/** The domain of a sender (`Leadflow <news@example.de>` → `example.de`), lower-cased. */
export function senderDomain(from: string): string {
  const address = bareAddress(from);
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
