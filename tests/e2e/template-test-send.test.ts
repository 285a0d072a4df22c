import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, mailsTo, type SentMail } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
const topicId = `test-send-${suffix}`;
const tester = (n: number) => `tester-${n}-${suffix}@example.de`;
const subject = `Angebot ${suffix} für {{firstName|Sie}}`;
let templateId = '';
let contactId = '';
let campaignId = '';

interface Problem {
  status: number;
  errors?: Array<{ path: string; message: string }>;
}

const testSend = (body: unknown, id = templateId) => api.admin(`/v1/templates/${id}/test`, { method: 'POST', body: JSON.stringify(body) });
const headerOf = (mail: SentMail, name: string) => mail.headers?.find((header) => header.name.toLowerCase() === name)?.value;
const contactView = () =>
  api.adminJson<{ consentsByTopic: Record<string, { status: string }>; timeline: Array<{ kind: string }> }>(`/v1/contacts/${contactId}`);

beforeAll(async () => {
  await api.adminJson('/v1/topics', { id: topicId, name: 'Angebote', consentText: 'Ja, schickt mir Angebote.' });
  const campaign = await api.adminJson<{ id: string }>('/v1/campaigns', { name: `Test send ${suffix}`, channel: 'email' });
  campaignId = campaign.id;
  const form = await api.adminJson<{ id: string }>('/v1/forms', {
    name: `Test send ${suffix}`,
    campaignId,
    topics: [topicId],
    doubleOptIn: false,
    allowedOrigins: ['https://www.example.de'],
    fields: [{ name: 'firstName' }],
  });
  const response = await api.submit(form.id, JSON.stringify({ email: `kundin-${suffix}@example.de`, firstName: 'Jürgen', consent: [topicId] }));
  contactId = ((await response.json()) as { contactId: string }).contactId;
  const template = await api.adminJson<{ id: string }>('/v1/templates', {
    name: `Test send ${suffix}`,
    subject,
    html: '<p>Hallo {{firstName|zusammen}},</p><p><a href="{{unsubscribeUrl}}">Abmelden</a> <a href="{{preferencesUrl}}">Einstellungen</a></p>',
  });
  templateId = template.id;
});

describe('a test send of a template', () => {
  it('mails the rendered template for the contact to the given addresses only, subject prefixed [Test]', async () => {
    const before = await api.adminJson<{ email: Record<string, number> }>(`/v1/analytics/campaigns/${campaignId}`);
    const response = await testSend({ to: [tester(1), tester(2)], contactId });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ sent: 2 });

    for (const address of [tester(1), tester(2)]) {
      const mails = await mailsTo(address);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.subject).toBe(`[Test] Angebot ${suffix} für Jürgen`);
      expect(mails[0]?.body.html).toContain('Hallo Jürgen,');
    }
    // Not to the contact whose data it was rendered with.
    expect(await mailsTo(`kundin-${suffix}@example.de`)).toHaveLength(0);

    // Nothing recorded: no mail in the contact's timeline, nothing in the campaign's funnel.
    await sleep(500);
    expect((await contactView()).timeline.filter((entry) => entry.kind === 'email')).toHaveLength(0);
    const after = await api.adminJson<{ email: Record<string, number> }>(`/v1/analytics/campaigns/${campaignId}`);
    expect(after.email).toEqual(before.email);
  });

  it('renders for the sample person without a contact', async () => {
    expect((await testSend({ to: [tester(3)] })).status).toBe(202);
    const [mail] = await mailsTo(tester(3));
    expect(mail?.subject).toBe(`[Test] Angebot ${suffix} für Erika`);
  });

  it('carries unsubscribe links that unsubscribe nobody', async () => {
    await testSend({ to: [tester(4)], contactId });
    const [mail] = await mailsTo(tester(4));
    const listUnsubscribe = /<(http[^>]+)>/.exec(headerOf(mail!, 'list-unsubscribe') ?? '')?.[1];
    const inBody = /href="([^"]+\/v1\/unsubscribe\?[^"]+)"/.exec(mail?.body.html ?? '')?.[1];
    expect(listUnsubscribe).toBeDefined();
    expect(inBody).toBe(listUnsubscribe);
    const oneClick = await fetch(listUnsubscribe!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(400);
    expect((await contactView()).consentsByTopic[topicId]?.status).toBe('granted');
  });
});

describe('a test send with bad input', () => {
  const pathsOf = async (response: Response) => {
    expect(response.status).toBe(400);
    return ((await response.json()) as Problem).errors?.map((error) => error.path);
  };

  it('names a bad address by its place in the list', async () => {
    expect(await pathsOf(await testSend({ to: [tester(5), 'not-an-address', tester(6)] }))).toEqual(['to.1']);
    expect(await pathsOf(await testSend({ to: [tester(5), `TESTER-5-${suffix}@example.de`] }))).toEqual(['to.1']);
    expect(await mailsTo(tester(5))).toHaveLength(0);
  });

  it('refuses no recipients, six, and none given', async () => {
    expect(await pathsOf(await testSend({ to: [] }))).toEqual(['to']);
    expect(await pathsOf(await testSend({ to: [1, 2, 3, 4, 5, 6].map((n) => `six-${n}-${suffix}@example.de`) }))).toEqual(['to']);
    expect(await pathsOf(await testSend({}))).toEqual(['to']);
    expect(await pathsOf(await testSend({ to: [tester(7)], extra: true }))).toEqual(['(root)']);
    expect(await mailsTo(`six-1-${suffix}@example.de`)).toHaveLength(0);
  });

  it('refuses a suppressed address, naming it', async () => {
    expect((await api.admin('/v1/suppressions', { method: 'POST', body: JSON.stringify({ email: tester(8), reason: 'manual' }) })).status).toBe(201);
    expect(await pathsOf(await testSend({ to: [tester(9), tester(8)] }))).toEqual(['to.1']);
    expect(await mailsTo(tester(9))).toHaveLength(0);
  });

  it('answers 404 for an unknown template or contact', async () => {
    expect((await testSend({ to: [tester(10)] }, `missing-${suffix}`)).status).toBe(404);
    expect((await testSend({ to: [tester(10)], contactId: `missing-${suffix}` })).status).toBe(404);
    expect(await mailsTo(tester(10))).toHaveLength(0);
  });
});
