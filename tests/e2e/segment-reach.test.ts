import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { signToken } from '#shared/domain/consent-token';
import { api, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
const company = `Reichweite ${suffix} GmbH`;
const topicId = `reach-${suffix}`;
const rule = { field: 'company', op: 'eq', value: company };
const email = (who: string) => `${who}-${suffix}@example.de`;

interface Reach {
  matched: number;
  suppressed: number;
  noConsent: number;
  reachable: number;
}
interface Preview {
  count: number;
  sample: Array<Record<string, unknown>>;
  reach?: Reach;
}
interface Problem {
  status: number;
  errors?: Array<{ path: string; message: string }>;
}

const preview = (body: unknown) => api.admin('/v1/segments/preview', { method: 'POST', body: JSON.stringify(body) });
const previewJson = async (body: unknown) => {
  const response = await preview(body);
  expect(response.status).toBe(200);
  return (await response.json()) as Preview;
};

beforeAll(async () => {
  await api.adminJson('/v1/topics', { id: topicId, name: 'Reichweite', consentText: 'Ja, schickt mir Neuigkeiten.' });
  const form = (doubleOptIn: boolean) =>
    api.adminJson<{ id: string }>('/v1/forms', {
      name: `Reach ${suffix} ${doubleOptIn}`,
      topics: [topicId],
      doubleOptIn,
      allowedOrigins: ['https://www.example.de'],
      fields: [{ name: 'company' }],
    });
  const [single, double] = [await form(false), await form(true)];
  const submit = async (formId: string, who: string, consent: string[]) => {
    const response = await api.submit(formId, JSON.stringify({ email: email(who), company, consent }));
    expect(response.status).toBe(202);
    return ((await response.json()) as { contactId: string }).contactId;
  };
  await submit(single.id, 'granted-1', [topicId]);
  await submit(single.id, 'granted-2', [topicId]);
  await submit(double.id, 'pending', [topicId]);
  await submit(single.id, 'never-asked', []);
  const withdrawn = await submit(single.id, 'withdrawn', [topicId]);
  await submit(single.id, 'suppressed', [topicId]);
  expect((await api.admin('/v1/suppressions', { method: 'POST', body: JSON.stringify({ email: email('suppressed'), reason: 'manual' }) })).status).toBe(201);

  // The person withdraws on their preference page (a link from an earlier mail): nothing ticked.
  const token = signToken({ v: 1, purpose: 'preferences', contactId: withdrawn, topics: [], exp: Math.floor(Date.now() / 1000) + 600 }, inject('tokenSecret'));
  const saved = await fetch(api.url(`/v1/preferences?token=${encodeURIComponent(token)}`), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ topics: [] }),
  });
  expect(saved.status).toBe(200);
  const contact = await api.adminJson<{ consentsByTopic: Record<string, { status: string }> }>(`/v1/contacts/${withdrawn}`);
  expect(contact.consentsByTopic[topicId]?.status).toBe('withdrawn');
});

describe('a segment preview with a topic', () => {
  let reach: Reach;

  it('splits the matched contacts into suppressed, without consent and reachable', async () => {
    const body = await until(
      'the six contacts in the facts index',
      () => previewJson({ rule, topic: topicId }),
      (found) => found.count === 6 && found.reach?.noConsent === 3,
    );
    expect(body.reach).toEqual({ matched: 6, suppressed: 1, noConsent: 3, reachable: 2 });
    reach = body.reach!;
    expect(body.sample).toHaveLength(6);
    for (const contact of body.sample) {
      for (const internal of ['pk', 'sk', 'factsPk', 'version', 'emailNormalised', 'consents', 'searchKeys']) expect(contact).not.toHaveProperty(internal);
    }
  });

  it('answers no reach without a topic', async () => {
    const body = await previewJson({ rule });
    expect(body.count).toBe(6);
    expect(body).not.toHaveProperty('reach');
  });

  it('still counts a suppressed address as suppressed when the rule asks for granted consent', async () => {
    const body = await previewJson({ rule: { all: [rule, { field: `consent.${topicId}`, op: 'eq', value: 'granted' }] }, topic: topicId });
    expect(body.count).toBe(3);
    expect(body.reach).toEqual({ matched: 3, suppressed: 1, noConsent: 0, reachable: 2 });
  });

  it('is exactly who a mailing on that topic to the same segment then sends to', async () => {
    const campaign = await api.adminJson<{ id: string }>('/v1/campaigns', { name: `Reach ${suffix}`, channel: 'email' });
    const segment = await api.adminJson<{ id: string }>('/v1/segments', { name: `Reach ${suffix}`, rule });
    await api.adminJson(`/v1/segments/${segment.id}/evaluate`, {});
    await until(
      'the segment to hold all six',
      () => api.adminJson<{ memberCount?: number; evaluatedAt?: string }>(`/v1/segments/${segment.id}`),
      (body) => body.memberCount === 6 && body.evaluatedAt !== undefined,
    );
    const template = await api.adminJson<{ id: string }>('/v1/templates', {
      name: `Reach ${suffix}`,
      subject: `Reach ${suffix}`,
      html: '<p>Hallo</p><a href="{{unsubscribeUrl}}">Abmelden</a>',
    });
    const mailing = await api.adminJson<{ id: string }>('/v1/mailings', {
      name: `Reach ${suffix}`,
      campaignId: campaign.id,
      segmentId: segment.id,
      topic: topicId,
      templateId: template.id,
      from: 'Reach <news@leadflow.local>',
    });
    expect((await api.admin(`/v1/mailings/${mailing.id}/send`, { method: 'POST' })).status).toBe(202);
    const sent = await until(
      'the mailing to finish',
      () => api.adminJson<{ status: string; counts: Record<string, number> }>(`/v1/mailings/${mailing.id}`),
      (body) => body.status === 'sent',
    );
    expect(sent.counts).toMatchObject({
      recipients: reach.matched,
      sent: reach.reachable,
      skippedNoConsent: reach.noConsent,
      suppressed: reach.suppressed,
      failed: 0,
    });
  });
});

describe('a segment preview with a bad topic', () => {
  it('names an unknown topic', async () => {
    const response = await preview({ rule, topic: `nope-${suffix}` });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Problem;
    expect(body.errors?.map((error) => error.path)).toEqual(['topic']);
  });

  it('names a topic that is no topic id, and one of the wrong type', async () => {
    for (const topic of ['Not A Topic!', 42, '']) {
      const response = await preview({ rule, topic });
      expect(response.status, JSON.stringify(topic)).toBe(400);
      expect(((await response.json()) as Problem).errors?.map((error) => error.path)).toEqual(['topic']);
    }
  });
});
