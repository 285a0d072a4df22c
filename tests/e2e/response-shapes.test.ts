import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, confirmLinkIn, mailsTo, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);

/**
 * Attribute names of the store that must never leave the API, at any depth. (`processed` is not among
 * them: an import's progress is public, a mailing's batch bookkeeping of that name is not, see below.)
 */
const INTERNALS = [
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'factsPk',
  'newestPk',
  'newestSk',
  'version',
  'searchKeys',
  'emailNormalised',
  'expiresAt',
  'lease',
  'prepareCursor',
  'tallied',
];

/** Every key anywhere in a JSON value, with the path it was found at. */
function keysIn(value: unknown, path = '$'): Array<{ key: string; path: string }> {
  if (Array.isArray(value)) return value.flatMap((item, index) => keysIn(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [{ key, path: `${path}.${key}` }, ...keysIn(inner, `${path}.${key}`)]);
}

const leaks = (body: unknown) =>
  keysIn(body)
    .filter(({ key }) => INTERNALS.includes(key))
    .map(({ path }) => path);

async function answer(path: string, init: RequestInit = {}, status = 200): Promise<unknown> {
  const response = await api.admin(path, init);
  const body = await response.text();
  expect(response.status, `${init.method ?? 'GET'} ${path}: ${body}`).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/json');
  return JSON.parse(body);
}

let setup: Awaited<ReturnType<typeof aCaptureSetup>>;
let contactId: string;
let segmentId: string;
const email = `Shape.${suffix}@Example.de`;

beforeAll(async () => {
  setup = await aCaptureSetup(`shape-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }, { name: 'company' }] });
  const submitted = await api.submit(
    setup.form.id,
    JSON.stringify({ email, firstName: 'Jörg', lastName: `Weiß${suffix}`, company: `Shape ${suffix} GmbH`, consent: [setup.topicId] }),
  );
  expect(submitted.status).toBe(202);
  contactId = ((await submitted.json()) as { contactId: string }).contactId;
  const confirmation = await until(
    'the confirmation mail',
    () => mailsTo(email),
    (mails) => mails.length > 0,
  );
  expect((await fetch(confirmLinkIn(confirmation[0]))).status).toBe(200);
  await api.adminJson(`/v1/contacts/${contactId}/activities`, { type: 'call', at: new Date().toISOString(), summary: 'Called about the fair' });
  await api.adminJson('/v1/orders', { orderId: `SO-${suffix}`, contactId, amountMinor: 129900, currency: 'EUR', orderedAt: new Date().toISOString() });
  const segment = await api.adminJson<{ id: string }>('/v1/segments', {
    name: `Shape ${suffix}`,
    rule: { field: 'email', op: 'eq', value: email.toLowerCase() },
    schedule: 'off',
  });
  segmentId = segment.id;
  const { runId } = await api.adminJson<{ runId: string }>(`/v1/segments/${segmentId}/evaluate`, {});
  await until(
    'the segment run',
    () => api.adminJson<{ lastRun?: { runId: string } }>(`/v1/segments/${segmentId}`),
    (body) => body.lastRun?.runId === runId,
  );
});

describe('API answers carry no storage internals', () => {
  it('the 360° view, with consents, touchpoints, activities, orders, segments and the timeline', async () => {
    const view = (await answer(`/v1/contacts/${contactId}`)) as { contact: { email: string }; timeline: unknown[]; segments: Array<{ id: string }> };
    expect(view.contact.email).toBe(email);
    expect(view.timeline.length).toBeGreaterThanOrEqual(4);
    expect(view.segments.map((segment) => segment.id)).toContain(segmentId);
    expect(leaks(view)).toEqual([]);
  });

  it('the contact list newest first, and found by name, by email and by segment', async () => {
    const lists = await Promise.all([
      answer('/v1/contacts?limit=5'),
      answer(`/v1/contacts?q=${encodeURIComponent(`weiß${suffix}`)}`),
      answer(`/v1/contacts?email=${encodeURIComponent(email)}`),
      answer(`/v1/contacts?segmentId=${segmentId}`),
    ]);
    for (const list of lists.slice(1)) expect((list as { items: Array<{ id: string }> }).items.map((item) => item.id)).toContain(contactId);
    for (const list of lists) expect(leaks(list)).toEqual([]);
  });

  it('a company with its people', async () => {
    const view = (await answer(`/v1/contacts/${contactId}`)) as { contact: { companyId: string } };
    const company = (await answer(`/v1/companies/${view.contact.companyId}`)) as { people: Array<{ id: string }> };
    expect(company.people.map((person) => person.id)).toEqual([contactId]);
    expect(leaks(company)).toEqual([]);
    expect(leaks(await answer(`/v1/companies?q=${encodeURIComponent(`Shape ${suffix}`)}`))).toEqual([]);
  });

  it('a changed contact', async () => {
    const changed = (await answer(`/v1/contacts/${contactId}`, { method: 'PATCH', body: JSON.stringify({ jobTitle: 'Einkauf' }) })) as { jobTitle: string };
    expect(changed.jobTitle).toBe('Einkauf');
    expect(leaks(changed)).toEqual([]);
  });

  it('a segment, its members and the GDPR export', async () => {
    const members = (await answer(`/v1/segments/${segmentId}/members`)) as { items: Array<{ id: string }> };
    expect(members.items.map((member) => member.id)).toEqual([contactId]);
    expect(leaks(members)).toEqual([]);
    expect(leaks(await answer(`/v1/segments/${segmentId}`))).toEqual([]);
    expect(leaks(await answer(`/v1/contacts/${contactId}/export`))).toEqual([]);
  });

  it('forms, templates and mailings, one by one and listed', async () => {
    const template = (await answer(
      '/v1/templates',
      { method: 'POST', body: JSON.stringify({ name: `Shape ${suffix}`, subject: 'Hallo', html: '<a href="{{unsubscribeUrl}}">Abmelden</a>' }) },
      201,
    )) as { id: string };
    const mailing = (await answer(
      '/v1/mailings',
      {
        method: 'POST',
        body: JSON.stringify({
          name: `Shape ${suffix}`,
          campaignId: setup.campaign.id,
          segmentId,
          topic: setup.topicId,
          templateId: template.id,
          from: 'News <news@leadflow.local>',
        }),
      },
      201,
    )) as { id: string };
    await answer(`/v1/mailings/${mailing.id}/send`, { method: 'POST' }, 202);
    const sent = await until(
      'the mailing to finish',
      () => api.adminJson<{ status: string }>(`/v1/mailings/${mailing.id}`),
      (body) => body.status === 'sent',
    );
    expect(leaks(sent)).toEqual([]);
    expect(sent).not.toHaveProperty('processed');
    const answers = await Promise.all([
      answer(`/v1/forms/${setup.form.id}`),
      answer('/v1/forms?limit=5'),
      answer(`/v1/templates/${template.id}`),
      answer('/v1/templates?limit=5'),
      answer(`/v1/mailings/${mailing.id}`),
      answer('/v1/mailings?limit=5'),
      answer('/v1/suppressions?limit=5'),
    ]);
    for (const body of answers) expect(leaks(body)).toEqual([]);
  });

  it("an import's answer, its dry run, its history and its rejected rows", async () => {
    const file = `E-Mail;Vorname;Nachname\nimport-${suffix}@example.de;Anna;Import\nnot-an-address;B;C\n`;
    const post = (query: string) =>
      answer(`/v1/imports?campaignId=${setup.campaign.id}${query}`, { method: 'POST', body: file, headers: { 'content-type': 'text/csv' } });
    const dryRun = await post('&dryRun=true');
    const report = (await post('')) as { importId: string; rows: number; rejectedCount: number };
    expect(report).toMatchObject({ rows: 2, rejectedCount: 1 });
    const answers = [
      dryRun,
      report,
      await answer('/v1/imports?limit=5'),
      await answer(`/v1/imports/${report.importId}`),
      await answer(`/v1/imports/${report.importId}/rejected`),
    ];
    for (const body of answers) expect(leaks(body)).toEqual([]);
  });
});
