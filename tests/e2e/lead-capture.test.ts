import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, confirmLinkIn, mailsOnceArrived, mailsTo } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
let setup: Awaited<ReturnType<typeof aCaptureSetup>>;

beforeAll(async () => {
  setup = await aCaptureSetup(suffix, { redirectUrl: 'https://www.example.de/danke' });
});

describe('web-form lead capture over HTTP', () => {
  it('captures, mails the confirmation at once, and grants consent when the link is followed', async () => {
    const email = `anna.weiss-${suffix}@example.de`;
    const response = await api.submit(setup.form.id, JSON.stringify({ email, firstName: 'Anna', consent: [setup.topicId], utm_source: 'newsletter' }), {
      origin: 'https://www.example.de',
      'user-agent': 'E2E browser',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://www.example.de');
    const { contactId, status } = (await response.json()) as { contactId: string; status: string };
    expect(status).toBe('pending_confirmation');

    const [mail] = await mailsOnceArrived(email, 0);
    const confirm = await fetch(confirmLinkIn(mail), { headers: { 'user-agent': 'Mail client' } });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Anmeldung bestätigt');

    const view = await api.adminJson<{
      contact: { consents: Record<string, { status: string }>; firstTouch: { campaignId: string; source: string } };
      consentProofs: Array<{ status: string; ip?: string; userAgent?: string; formId?: string; textVersion?: string; text?: string }>;
      timeline: unknown[];
    }>(`/v1/contacts/${contactId}`);
    expect(view.contact.consents[setup.topicId]?.status).toBe('granted');
    expect(view.contact.firstTouch).toMatchObject({ campaignId: setup.campaign.id, source: 'newsletter' });
    const granted = view.consentProofs.find((proof) => proof.status === 'granted');
    expect(granted).toMatchObject({ userAgent: 'Mail client', formId: setup.form.id });
    expect(granted?.ip).toMatch(/127\.0\.0\.1|::1/);
    expect(granted?.textVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(view.consentProofs.find((proof) => proof.status === 'pending')?.text).toBe('Ja, schickt mir den Newsletter.');
    expect(view.timeline.length).toBe(3);
  });

  it('says "already confirmed" when the link is used again', async () => {
    const email = `twice-${suffix}@example.de`;
    await api.submit(setup.form.id, JSON.stringify({ email, consent: [setup.topicId] }));
    const link = confirmLinkIn((await mailsOnceArrived(email, 0))[0]);
    expect((await fetch(link)).status).toBe(200);
    const again = await fetch(link);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Bereits bestätigt');
  });

  it('answers 400, never 500, for a tampered link', async () => {
    const email = `tamper-${suffix}@example.de`;
    await api.submit(setup.form.id, JSON.stringify({ email, consent: [setup.topicId] }));
    const link = confirmLinkIn((await mailsOnceArrived(email, 0))[0]);
    const tampered = await fetch(`${link.slice(0, -3)}xyz`, { headers: { accept: 'text/html' } });
    expect(tampered.status).toBe(400);
    expect(tampered.headers.get('content-type')).toContain('text/html');
    const asJson = await fetch(`${link.slice(0, -3)}xyz`);
    expect(asJson.headers.get('content-type')).toContain('application/problem+json');
    const missing = await fetch(api.url('/v1/consent/confirm'));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toBe('query.token');
  });

  it('merges the same person submitting twice into one contact with two touchpoints', async () => {
    const email = `Merge-${suffix}@Example.de`;
    const first = (await (await api.submit(setup.form.id, JSON.stringify({ email }))).json()) as { contactId: string };
    const second = (await (
      await api.submit(setup.form.id, JSON.stringify({ email: ` ${email.toLowerCase()}  `, utm_campaign: setup.campaign.code }))
    ).json()) as { contactId: string };
    expect(second.contactId).toBe(first.contactId);
    const found = await api.adminJson<{ items: Array<{ id: string }> }>(`/v1/contacts?email=${encodeURIComponent(email.toUpperCase())}`);
    expect(found.items.map((contact) => contact.id)).toEqual([first.contactId]);
    const view = await api.adminJson<{ touchpoints: unknown[] }>(`/v1/contacts/${first.contactId}`);
    expect(view.touchpoints).toHaveLength(2);
  });

  it('redirects a urlencoded browser post to the form redirectUrl with 303', async () => {
    const body = new URLSearchParams({ email: `browser-${suffix}@example.de`, firstName: 'Jürgen', [`consent_${setup.topicId}`]: 'on' }).toString();
    const response = await api.submit(setup.form.id, body, { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://www.example.de' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('https://www.example.de/danke');
    expect(await mailsOnceArrived(`browser-${suffix}@example.de`)).toHaveLength(1);
  });

  it('shows an HTML thank-you page when the form has no redirectUrl', async () => {
    const plain = await aCaptureSetup(`${suffix}-plain`, { locale: 'en' });
    const body = new URLSearchParams({ email: `plain-${suffix}@example.de` }).toString();
    const response = await api.submit(plain.form.id, body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('Thank you');
  });

  it('answers a filled honeypot like a success and stores nothing', async () => {
    const email = `bot-${suffix}@example.de`;
    const response = await api.submit(setup.form.id, JSON.stringify({ email, consent: [setup.topicId], website: 'http://spam.example' }));
    expect(response.status).toBe(202);
    expect(((await response.json()) as { status: string }).status).toBe('pending_confirmation');
    expect((await api.adminJson<{ items: unknown[] }>(`/v1/contacts?email=${encodeURIComponent(email)}`)).items).toEqual([]);
    expect(await mailsTo(email)).toEqual([]);
  });

  it('serves an embeddable form that posts to the submission route', async () => {
    expect(setup.form.embedHtml).toContain(`action="${api.url(`/v1/forms/${setup.form.id}/submissions`)}"`);
    expect(setup.form.embedHtml).toContain('name="website"');
    expect(setup.form.embedHtml).toContain(`value="${setup.topicId}"`);
  });
});

describe('CORS per form', () => {
  it('allows the preflight from an allowed origin', async () => {
    const response = await fetch(api.url(`/v1/forms/${setup.form.id}/submissions`), {
      method: 'OPTIONS',
      headers: { origin: 'https://www.example.de', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://www.example.de');
  });

  it('refuses a preflight and a post from another origin', async () => {
    const preflight = await fetch(api.url(`/v1/forms/${setup.form.id}/submissions`), { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const post = await api.submit(setup.form.id, JSON.stringify({ email: `evil-${suffix}@example.de` }), { origin: 'https://evil.example' });
    expect(post.status).toBe(403);
  });
});
