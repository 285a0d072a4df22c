import escapeHtml from 'escape-html';
import type { Locale } from './form';

const COPY = {
  de: {
    subject: 'Bitte bestätigen Sie Ihre Anmeldung',
    greeting: (name?: string) => (name ? `Hallo ${name},` : 'Hallo,'),
    intro: 'Sie haben sich angemeldet für:',
    action: 'Anmeldung bestätigen',
    expiry: (days: number) =>
      `Der Link ist ${days} Tage gültig. Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail; wir schreiben Ihnen dann nicht wieder.`,
  },
  en: {
    subject: 'Please confirm your subscription',
    greeting: (name?: string) => (name ? `Hello ${name},` : 'Hello,'),
    intro: 'You signed up for:',
    action: 'Confirm subscription',
    expiry: (days: number) => `The link is valid for ${days} days. If you did not sign up, ignore this email and we will not write to you again.`,
  },
} as const;

export interface ConfirmationMailInput {
  locale: Locale;
  firstName?: string;
  topicNames: string[];
  confirmUrl: string;
  validDays: number;
}

/** The double opt-in mail: subject, HTML and plain text, every merged value HTML-escaped. */
export function renderConfirmationMail(input: ConfirmationMailInput): { subject: string; html: string; text: string } {
  const copy = COPY[input.locale];
  const greeting = copy.greeting(input.firstName);
  const url = escapeHtml(input.confirmUrl);
  const html = `<!doctype html>
<html lang="${input.locale}"><head><meta charset="utf-8"><title>${escapeHtml(copy.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:36rem">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(copy.intro)}</p>
<ul>${input.topicNames.map((name) => `<li>${escapeHtml(name)}</li>`).join('')}</ul>
<p><a href="${url}" style="display:inline-block;padding:.6em 1.2em;background:#1f5fbf;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(copy.action)}</a></p>
<p style="font-size:.9em;color:#555">${escapeHtml(copy.expiry(input.validDays))}</p>
</body></html>`;
  const text = [
    greeting,
    '',
    copy.intro,
    ...input.topicNames.map((name) => `- ${name}`),
    '',
    `${copy.action}: ${input.confirmUrl}`,
    '',
    copy.expiry(input.validDays),
  ].join('\n');
  return { subject: copy.subject, html, text };
}

/** `de` for German language tags, else `en`. */
export function pickLocale(...candidates: Array<string | undefined>): Locale {
  for (const candidate of candidates) {
    const language = candidate?.toLowerCase().split(/[-_]/)[0];
    if (language === 'de') return 'de';
    if (language === 'en') return 'en';
  }
  return 'en';
}
