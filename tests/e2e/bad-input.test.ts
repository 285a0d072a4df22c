import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { signToken } from '#shared/domain/consent-token';
import { aCaptureSetup, api, mailsOnceArrived } from '#tests/helpers/api';

interface ProblemBody {
  status: number;
  title: string;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

const suffix = randomUUID().slice(0, 8);
let setup: Awaited<ReturnType<typeof aCaptureSetup>>;

beforeAll(async () => {
  setup = await aCaptureSetup(`bad-${suffix}`, { fields: [{ name: 'firstName', required: true }] });
});

async function expectProblem(response: Response, status: number, path?: string): Promise<ProblemBody> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  const body = (await response.json()) as ProblemBody;
  expect(body.status).toBe(status);
  if (path) expect(body.errors?.map((error) => error.path)).toContain(path);
  return body;
}

describe('submissions with bad input', () => {
  it.each([
    ['a missing email', { firstName: 'A' }, 'email'],
    ['an email of the wrong type', { email: 123, firstName: 'A' }, 'email'],
    ['an invalid email', { email: 'anna at example', firstName: 'A' }, 'email'],
    ['a missing required field', { email: 'req@example.de' }, 'firstName'],
    ['consent that is not a list', { email: 'c@example.de', firstName: 'A', consent: 'yes' }, 'consent'],
    ['an unknown topic', { email: 'c@example.de', firstName: 'A', consent: ['other-topic'] }, 'consent.0'],
    ['a name with control characters', { email: 'c@example.de', firstName: 'A\u0000B' }, 'firstName'],
    ['an over-long name', { email: 'c@example.de', firstName: 'x'.repeat(500) }, 'firstName'],
  ])('rejects %s naming the field', async (_case, body, path) => {
    await expectProblem(await api.submit(setup.form.id, JSON.stringify(body)), 400, path);
  });

  it('rejects broken JSON with 400', async () => {
    await expectProblem(await api.submit(setup.form.id, '{"email": "a@'), 400, 'body');
  });

  it('rejects broken UTF-8 with 400', async () => {
    const broken = Buffer.concat([Buffer.from('{"email":"x@example.de","firstName":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    await expectProblem(await api.submit(setup.form.id, broken), 400, 'body');
  });

  it('rejects a body over the limit with 413', async () => {
    await expectProblem(await api.submit(setup.form.id, JSON.stringify({ email: 'big@example.de', firstName: 'x'.repeat(100_000) })), 413);
  });

  it('rejects an unsupported media type with 415', async () => {
    await expectProblem(await api.submit(setup.form.id, 'email=a@example.de', { 'content-type': 'text/plain' }), 415);
  });

  it('answers 404 for an unknown form', async () => {
    await expectProblem(await api.submit('no-such-form', JSON.stringify({ email: 'a@example.de' })), 404);
  });

  it('stores injection strings verbatim and escapes them in HTML', async () => {
    const email = `inject-${suffix}@example.de`;
    const name = `<img src=x onerror=alert(1)>' OR '1'='1`;
    const response = await api.submit(setup.form.id, JSON.stringify({ email, firstName: name, consent: [setup.topicId] }));
    expect(response.status).toBe(202);
    const { contactId } = (await response.json()) as { contactId: string };
    const view = await api.adminJson<{ contact: { firstName: string } }>(`/v1/contacts/${contactId}`);
    expect(view.contact.firstName).toBe(name);
    const [mail] = await mailsOnceArrived(email, 0);
    expect(mail?.body.html).not.toContain('<img src=x');
    expect(mail?.body.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('never answers 500 to a random or hostile body', async () => {
    const bodies = [
      'null',
      '[]',
      '"string"',
      '{"email":{"$ne":null}}',
      '{"__proto__":{"admin":true},"email":"p@example.de"}',
      '{"email":"a@example.de","consent":[{"a":1}]}',
      '\u0000',
      '{}'.repeat(1000),
    ];
    for (const body of bodies) {
      const response = await api.submit(setup.form.id, body);
      expect(response.status, body.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(response.status, body.slice(0, 40)).toBeLessThan(500);
    }
  });
});

describe('confirmation tokens', () => {
  it('reports an expired link with 400', async () => {
    const response = await api.submit(setup.form.id, JSON.stringify({ email: `exp-${suffix}@example.de`, firstName: 'E', consent: [setup.topicId] }));
    const { contactId } = (await response.json()) as { contactId: string };
    const expired = signToken(
      { v: 1, purpose: 'confirm', contactId, topics: [setup.topicId], requestId: 'r', exp: Math.floor(Date.now() / 1000) - 60 },
      inject('tokenSecret'),
    );
    const body = await expectProblem(await fetch(api.url(`/v1/consent/confirm?token=${expired}`)), 400);
    expect(body.detail).toMatch(/expired/);
  });

  it('grants nothing for a validly signed link of another request', async () => {
    const response = await api.submit(setup.form.id, JSON.stringify({ email: `replay-${suffix}@example.de`, firstName: 'R', consent: [setup.topicId] }));
    const { contactId } = (await response.json()) as { contactId: string };
    const forged = signToken(
      { v: 1, purpose: 'confirm', contactId, topics: [setup.topicId], requestId: 'not-the-request', exp: Math.floor(Date.now() / 1000) + 600 },
      inject('tokenSecret'),
    );
    await expectProblem(await fetch(api.url(`/v1/consent/confirm?token=${forged}`)), 400);
    const view = await api.adminJson<{ contact: { consents: Record<string, { status: string }> } }>(`/v1/contacts/${contactId}`);
    expect(view.contact.consents[setup.topicId]?.status).toBe('pending');
  });
});

describe('admin routes', () => {
  it('refuse requests without or with a wrong token', async () => {
    await expectProblem(await fetch(api.url('/v1/campaigns')), 401);
    await expectProblem(await fetch(api.url('/v1/campaigns'), { headers: { authorization: 'Bearer wrong' } }), 401);
  });

  it('name every bad field of a campaign', async () => {
    const response = await api.admin('/v1/campaigns', { method: 'POST', body: JSON.stringify({ name: '', channel: 'tv', costMinor: -1, unknown: 1 }) });
    const body = await expectProblem(response, 400);
    expect(body.errors?.map((error) => error.path)).toEqual(expect.arrayContaining(['name', 'channel', 'costMinor']));
  });

  it('answer 404 for an unknown campaign and 409 for a taken code', async () => {
    await expectProblem(await api.admin('/v1/campaigns/nope'), 404);
    await api.adminJson('/v1/campaigns', { name: 'Dup', code: `dup-${suffix}`, channel: 'ad' });
    await expectProblem(
      await api.admin('/v1/campaigns', { method: 'POST', body: JSON.stringify({ name: 'Dup 2', code: `dup-${suffix}`, channel: 'ad' }) }),
      409,
    );
  });

  it('refuse a form with unknown topics or campaign, naming them', async () => {
    const response = await api.admin('/v1/forms', {
      method: 'POST',
      body: JSON.stringify({ name: 'F', topics: ['ghost'], campaignId: 'ghost', allowedOrigins: ['https://x.example/path'] }),
    });
    const body = await expectProblem(response, 400);
    expect(body.errors?.map((error) => error.path)).toContain('allowedOrigins.0');
    const second = await api.admin('/v1/forms', {
      method: 'POST',
      body: JSON.stringify({ name: 'F', topics: ['ghost'], campaignId: 'ghost', allowedOrigins: ['https://x.example'] }),
    });
    const secondBody = await expectProblem(second, 400);
    expect(secondBody.errors?.map((error) => error.path)).toEqual(['topics.0', 'campaignId']);
  });

  it('answer 404 for a route that does not exist', async () => {
    await expectProblem(await api.admin('/v1/nothing-here'), 404);
  });
});
