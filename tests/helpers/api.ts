import { inject } from 'vitest';
import type { Role } from '#shared/domain/user';
import './provided';

/** A small client for the started local stack. */
export const api = {
  url: (path: string) => `${inject('apiUrl')}${path}`,
  /** A request with the admin's token, or with another role's: `api.admin(path, { as: 'analyst' })`. */
  admin(path: string, init: RequestInit & { as?: Role } = {}) {
    const { as = 'admin', ...rest } = init;
    return fetch(api.url(path), {
      ...rest,
      headers: {
        authorization: `Bearer ${inject('roleTokens')[as]}`,
        'content-type': 'application/json',
        ...(rest.headers as Record<string, string> | undefined),
      },
    });
  },
  async adminJson<T = Record<string, unknown>>(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<T> {
    const response = await api.admin(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  },
  submit(formId: string, body: string | Buffer, headers: Record<string, string> = {}) {
    return fetch(api.url(`/v1/forms/${formId}/submissions`), {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
      redirect: 'manual',
    });
  },
};

export interface SentMail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: Array<{ name: string; value: string }>;
}

/** Mails the SES stand-in accepted for `address`. */
export async function mailsTo(address: string): Promise<SentMail[]> {
  const store = (await (await fetch(`${inject('sesEndpoint')}/store`)).json()) as { emails: SentMail[] };
  return store.emails.filter((mail) => mail.destination.to.some((to) => to.toLowerCase() === address.toLowerCase()));
}

/**
 * The mails for `address` once the first has arrived, and after a further `settleMs` so a second one
 * (which must not come) would have: the double opt-in mail leaves through the outbox, after the answer.
 */
export async function mailsOnceArrived(address: string, settleMs = 1000): Promise<SentMail[]> {
  await until(
    `a mail to ${address}`,
    () => mailsTo(address),
    (mails) => mails.length > 0,
  );
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return mailsTo(address);
}

export function confirmLinkIn(mail: SentMail | undefined): string {
  const link = /https?:\/\/\S+\/v1\/consent\/confirm\?token=[\w.%-]+/.exec(mail?.body.text ?? '')?.[0];
  if (!link) throw new Error('no confirmation link in the mail');
  return link;
}

/** Sets up a topic, a campaign and a double opt-in form for a test. */
export async function aCaptureSetup(suffix: string, formOverrides: Record<string, unknown> = {}) {
  const topicId = `news-${suffix}`;
  await api.adminJson('/v1/topics', { id: topicId, name: 'Newsletter', consentText: 'Ja, schickt mir den Newsletter.' });
  const campaign = await api.adminJson<{ id: string; code: string }>('/v1/campaigns', { name: `Messe ${suffix}`, channel: 'fair' });
  const form = await api.adminJson<{ id: string; embedHtml: string }>('/v1/forms', {
    name: `Form ${suffix}`,
    campaignId: campaign.id,
    topics: [topicId],
    allowedOrigins: ['https://www.example.de'],
    ...formOverrides,
  });
  return { topicId, campaign, form };
}

/** Polls `read` until `done` holds (the local stack works asynchronously: queues, bus, stream). */
export async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
