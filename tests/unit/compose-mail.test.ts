import { describe, expect, it } from 'vitest';
import { verifyToken } from '#shared/domain/consent-token';
import { hmacSigner } from '#shared/security/token-signer';
import { composeContactMail, composeMessage, type MailLinks } from '#shared/use-cases/compose-mail';
import { NOW } from '#tests/helpers/factories';

const KEY = 'a-unit-test-signing-key-of-32-bytes!';
const links: MailLinks = {
  unsubscribeUrl: (token) => `https://mail.example.de/u/${token}`,
  preferencesUrl: (token) => `https://mail.example.de/p/${token}`,
};
const ports = { signer: hmacSigner(KEY), links, clock: { now: () => NOW }, unsubscribeTokenTtlDays: 30 };
const template = {
  subject: 'Hallo {{firstName|Kundin}}, Neues von {{company}}',
  html: '<p>Hallo {{firstName}} {{lastName}}</p><a href="{{unsubscribeUrl}}">Abmelden</a> <a href="{{preferencesUrl}}">Einstellungen</a>',
  text: 'Hallo {{firstName}}\nAbmelden: {{unsubscribeUrl}}',
};
const anna = { id: 'c-1', email: 'anna@example.de', firstName: 'Anna', lastName: 'Schmidt', company: 'Beispiel GmbH' };
const mailOf = (change: Partial<Parameters<typeof composeContactMail>[1]> = {}, composePorts = ports) =>
  composeContactMail(composePorts, {
    recipient: anna,
    template,
    topic: 'newsletter',
    from: 'News <news@example.de>',
    sentBy: 'm-1',
    tags: { mailingId: 'm-1', contactId: 'c-1' },
    ...change,
  });
const tokenIn = (url: string | undefined, prefix: string) => {
  expect(url?.startsWith(prefix)).toBe(true);
  return (url ?? '').slice(prefix.length);
};

describe('composing one mail for one contact', () => {
  it('is addressed to the contact, from the sender, with the template personalised', () => {
    const mail = mailOf();
    expect(mail.to).toBe('anna@example.de');
    expect(mail.from).toBe('News <news@example.de>');
    expect(mail.subject).toBe('Hallo Anna, Neues von Beispiel GmbH');
    expect(mail.html).toContain('<p>Hallo Anna Schmidt</p>');
    expect(mail.text.startsWith('Hallo Anna\nAbmelden: https://mail.example.de/u/')).toBe(true);
    expect(mail).not.toHaveProperty('replyTo');
  });

  it('falls back where the contact lacks a field, and carries Reply-To only when given', () => {
    const mail = mailOf({ recipient: { id: 'c-2', email: 'bert@example.de' }, replyTo: 'team@example.de' });
    expect(mail.subject).toBe('Hallo Kundin, Neues von');
    expect(mail.html).toContain('<p>Hallo  </p>');
    expect(mail.replyTo).toBe('team@example.de');
  });

  it('signs an unsubscribe link for the mail topic and a preferences link, both for this contact and this sender, expiring after the configured days', () => {
    const mail = mailOf();
    const unsubscribeUrl = /href="([^"]+)">Abmelden/.exec(mail.html)?.[1];
    const preferencesUrl = /href="([^"]+)">Einstellungen/.exec(mail.html)?.[1];
    const unsubscribe = verifyToken(tokenIn(unsubscribeUrl, 'https://mail.example.de/u/'), KEY, NOW, 'unsubscribe');
    const preferences = verifyToken(tokenIn(preferencesUrl, 'https://mail.example.de/p/'), KEY, NOW, 'preferences');
    expect(unsubscribe).toMatchObject({ contactId: 'c-1', topics: ['newsletter'], requestId: 'm-1', exp: Math.floor(NOW.getTime() / 1000) + 30 * 86_400 });
    expect(preferences).toMatchObject({ contactId: 'c-1', topics: [], requestId: 'm-1' });
    expect(() => verifyToken(tokenIn(unsubscribeUrl, 'https://mail.example.de/u/'), KEY, new Date(NOW.getTime() + 31 * 86_400_000), 'unsubscribe')).toThrow();
  });

  it('points List-Unsubscribe at the same link, for one-click unsubscribing (RFC 8058)', () => {
    const mail = mailOf();
    const unsubscribeUrl = /href="([^"]+)">Abmelden/.exec(mail.html)?.[1];
    expect(mail.headers).toEqual({ 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  });

  it('adds the mailto: fallback to List-Unsubscribe when an inbound address is configured', () => {
    const mail = mailOf({}, { ...ports, links: { ...links, unsubscribeMailto: (token) => `mailto:unsubscribe@example.de?subject=${token}` } });
    expect(mail.headers?.['List-Unsubscribe']).toMatch(/^<https:\/\/mail\.example\.de\/u\/[^>]+>, <mailto:unsubscribe@example\.de\?subject=[^>]+>$/);
  });

  it('carries exactly the tags it is given, so SES events tie back to what sent it', () => {
    expect(mailOf().tags).toEqual({ mailingId: 'm-1', contactId: 'c-1' });
    expect(mailOf({ tags: { journeyId: 'j-1', stepId: 's-2', contactId: 'c-1' } }).tags).toEqual({ journeyId: 'j-1', stepId: 's-2', contactId: 'c-1' });
  });

  it('escapes the contact fields in the HTML part, keeps them as typed in the text part, and keeps line breaks out of the subject', () => {
    const mail = mailOf({ recipient: { ...anna, firstName: '<script>alert("x")</script> & Co', company: 'Evil\r\nBcc: victim@example.com' } });
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('<script>alert("x")</script> & Co');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('Hallo <script>alert("x")</script> & Co, Neues von Evil Bcc: victim@example.com');
  });
});

describe('composing a mail whose links are already known (a test mail, a preview)', () => {
  it('prefixes the subject and points List-Unsubscribe at the given link', () => {
    const mail = composeMessage({
      to: 'team@example.de',
      from: 'news@example.de',
      template,
      values: {
        firstName: 'Erika',
        unsubscribeUrl: 'https://mail.example.de/preview/unsubscribe',
        preferencesUrl: 'https://mail.example.de/preview/preferences',
      },
      unsubscribe: { url: 'https://mail.example.de/preview/unsubscribe' },
      subjectPrefix: '[Test] ',
      tags: { templateId: 't-1', purpose: 'test' },
    });
    expect(mail.subject).toBe('[Test] Hallo Erika, Neues von');
    expect(mail.html).toContain('href="https://mail.example.de/preview/unsubscribe"');
    expect(mail.headers).toEqual({
      'List-Unsubscribe': '<https://mail.example.de/preview/unsubscribe>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(mail.tags).toEqual({ templateId: 't-1', purpose: 'test' });
  });
});
