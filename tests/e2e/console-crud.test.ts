import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
const UNSUBSCRIBE = '<p><a href="{{unsubscribeUrl}}">Abmelden</a></p>';

interface Listed {
  id: string;
  createdAt: string;
  email: string;
  version?: number;
  emailNormalised?: string;
  searchKeys?: string[];
}
interface Page<T> {
  items: T[];
  nextCursor?: string;
}
interface Problem {
  status: number;
  errors?: Array<{ path: string; message: string }>;
}

async function problemOf(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as Problem;
}
const pathsOf = (problem: Problem) => (problem.errors ?? []).map((error) => error.path);
const send = (path: string, method: string, body?: unknown) => api.admin(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

let setup: Awaited<ReturnType<typeof aCaptureSetup>>;

beforeAll(async () => {
  setup = await aCaptureSetup(`crud-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'company' }] });
});

async function capture(email: string, fields: Record<string, unknown> = {}): Promise<string> {
  const response = await api.submit(setup.form.id, JSON.stringify({ email, ...fields }));
  expect(response.status).toBe(202);
  return ((await response.json()) as { contactId: string }).contactId;
}

describe('the contact list', () => {
  it('lists everybody newest first, in pages of the asked size that neither overlap nor skip anyone', async () => {
    const mine: string[] = [];
    for (let index = 0; index < 7; index += 1) mine.push(await capture(`list-${index}-${suffix}@example.de`));
    const pages: Listed[][] = [];
    let cursor: string | undefined;
    // Other test files create contacts meanwhile; page until all of ours were shown.
    do {
      const page = await api.adminJson<Page<Listed>>(`/v1/contacts?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor && !mine.every((id) => pages.flat().some((contact) => contact.id === id)));
    const listed = pages.flat();
    expect(pages.slice(0, -1).every((page) => page.length === 3)).toBe(true);
    expect(new Set(listed.map((contact) => contact.id)).size).toBe(listed.length);
    const times = listed.map((contact) => contact.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(listed.map((contact) => contact.id).filter((id) => mine.includes(id))).toEqual([...mine].reverse());
  });

  it('shows no storage bookkeeping in its items', async () => {
    const [contact] = (await api.adminJson<Page<Listed>>('/v1/contacts?limit=1')).items;
    expect(contact).toHaveProperty('email');
    expect(contact).not.toHaveProperty('version');
    expect(contact).not.toHaveProperty('emailNormalised');
    expect(contact).not.toHaveProperty('searchKeys');
  });

  it("lists a segment's members as contacts, paged", async () => {
    const company = `Segmentwerk ${suffix}`;
    const members = [await capture(`seg-a-${suffix}@example.de`, { company }), await capture(`seg-b-${suffix}@example.de`, { company })];
    const segment = await api.adminJson<{ id: string }>('/v1/segments', {
      name: `Segmentwerk ${suffix}`,
      rule: { field: 'company', op: 'eq', value: company },
    });
    const { runId } = await api.adminJson<{ runId: string }>(`/v1/segments/${segment.id}/evaluate`, {});
    await until(
      'the segment run',
      () => api.adminJson<{ lastRun?: { runId: string } }>(`/v1/segments/${segment.id}`),
      (body) => body.lastRun?.runId === runId,
    );
    const first = await api.adminJson<Page<Listed & { company: string }>>(`/v1/contacts?segmentId=${segment.id}&limit=1`);
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).toBeDefined();
    const second = await api.adminJson<Page<Listed & { company: string }>>(
      `/v1/contacts?segmentId=${segment.id}&limit=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`,
    );
    expect([...first.items, ...second.items].map((contact) => contact.id).sort()).toEqual([...members].sort());
    expect(second.items[0]).toMatchObject({ company, email: expect.stringContaining('@example.de') });
    expect(second.items[0]).not.toHaveProperty('version');
  });

  it('answers 404 for an unknown segment and 400 for bad queries, naming the parameter', async () => {
    expect((await api.admin('/v1/contacts?segmentId=no-such-segment')).status).toBe(404);
    expect(pathsOf(await problemOf(await api.admin('/v1/contacts?limit=501'), 400))).toEqual(['query.limit']);
    expect(pathsOf(await problemOf(await api.admin('/v1/contacts?q=anna&cursor=abc'), 400))).toEqual(['query.cursor']);
    expect(pathsOf(await problemOf(await api.admin('/v1/contacts?cursor=forged'), 400))).toEqual(['cursor']);
    expect(pathsOf(await problemOf(await api.admin('/v1/contacts?tag=vip&segmentId=s-1'), 400))).toEqual(['query.tag']);
    expect(pathsOf(await problemOf(await api.admin(`/v1/contacts?tag=${'x'.repeat(51)}`), 400))).toEqual(['query.tag']);
    expect(pathsOf(await problemOf(await api.admin('/v1/contacts?tag=vip&cursor=forged'), 400))).toEqual(['cursor']);
  });

  it('lists the contacts with a tag, any case, newest first and paged, and forgets a removed tag and an erased person', async () => {
    const tag = `Messe-${suffix}`;
    const [first, second, other] = [
      await capture(`tag-a-${suffix}@example.de`),
      await capture(`tag-b-${suffix}@example.de`),
      await capture(`tag-c-${suffix}@example.de`),
    ];
    for (const [id, tags] of [
      [first, [tag, 'vip']],
      [second, [tag.toUpperCase()]],
      [other, [`other-${suffix}`]],
    ] as const) {
      expect((await send(`/v1/contacts/${id}`, 'PATCH', { tags })).status).toBe(200);
    }
    const tagged = (query: string) => api.adminJson<Page<Listed>>(`/v1/contacts?tag=${encodeURIComponent(tag.toLowerCase())}${query}`);
    const page1 = await tagged('&limit=1');
    expect(page1.items.map((contact) => contact.id)).toEqual([second]);
    const page2 = await tagged(`&limit=1&cursor=${encodeURIComponent(page1.nextCursor ?? '')}`);
    expect(page2.items.map((contact) => contact.id)).toEqual([first]);
    expect(page2.items[0]).not.toHaveProperty('tagKeys');
    expect(page2.items[0]).toMatchObject({ tags: [tag, 'vip'] });

    expect((await send(`/v1/contacts/${first}`, 'PATCH', { tags: ['vip'] })).status).toBe(200);
    expect((await tagged('')).items.map((contact) => contact.id)).toEqual([second]);
    expect((await send(`/v1/contacts/${second}`, 'DELETE')).status).toBeLessThan(300);
    expect((await tagged('')).items).toEqual([]);
  });
});

describe('forms', () => {
  it('changes a form and answers it with its regenerated embed snippet', async () => {
    const form = await api.adminJson<{ id: string }>('/v1/forms', {
      name: `Patch ${suffix}`,
      topics: [setup.topicId],
      allowedOrigins: ['https://www.example.de'],
    });
    const patched = await api.adminJson<{ name: string; locale: string; fields: Array<{ name: string }>; embedHtml: string; updatedAt: string }>(
      `/v1/forms/${form.id}`,
      { name: `Patched ${suffix}`, locale: 'en', fields: [{ name: 'jobTitle', required: true }] },
      'PATCH',
    );
    expect(patched).toMatchObject({ name: `Patched ${suffix}`, locale: 'en', fields: [{ name: 'jobTitle', required: true }], updatedAt: expect.any(String) });
    expect(patched.embedHtml).toContain('name="jobTitle"');
    expect(patched.embedHtml).not.toContain('name="firstName"');
    expect((await api.adminJson<{ name: string }>(`/v1/forms/${form.id}`)).name).toBe(`Patched ${suffix}`);
  });

  it('refuses a bad change naming every field, and an unknown form with 404', async () => {
    const problem = await problemOf(await send(`/v1/forms/${setup.form.id}`, 'PATCH', { allowedOrigins: [], fields: [{ name: 'fax' }], colour: 'red' }), 400);
    expect(pathsOf(problem)).toEqual(expect.arrayContaining(['allowedOrigins', 'fields.0.name']));
    expect(problem.errors?.some((error) => error.message.includes('colour'))).toBe(true);
    expect(pathsOf(await problemOf(await send(`/v1/forms/${setup.form.id}`, 'PATCH', {}), 400))).toEqual(['(root)']);
    expect((await send('/v1/forms/no-such-form', 'PATCH', { name: 'x' })).status).toBe(404);
    expect((await send('/v1/forms/no-such-form', 'DELETE')).status).toBe(404);
  });

  it('archives a form: hidden from the list, listed as archived, readable by id, twice is fine, submissions refused with 410', async () => {
    const form = await api.adminJson<{ id: string }>('/v1/forms', {
      name: `Archive ${suffix}`,
      topics: [setup.topicId],
      allowedOrigins: ['https://www.example.de'],
    });
    const archived = await api.adminJson<{ id: string; archivedAt: string; embedHtml: string }>(`/v1/forms/${form.id}`, undefined, 'DELETE');
    expect(archived).toMatchObject({ id: form.id, archivedAt: expect.any(String), embedHtml: expect.any(String) });
    const again = await api.adminJson<{ archivedAt: string }>(`/v1/forms/${form.id}`, undefined, 'DELETE');
    expect(again.archivedAt).toBe(archived.archivedAt);
    expect((await api.adminJson<{ archivedAt: string }>(`/v1/forms/${form.id}`)).archivedAt).toBe(archived.archivedAt);
    expect((await api.adminJson<Page<{ id: string }>>('/v1/forms?limit=500')).items.map((item) => item.id)).not.toContain(form.id);
    expect((await api.adminJson<Page<{ id: string }>>('/v1/forms?archived=true&limit=500')).items.map((item) => item.id)).toContain(form.id);

    const json = await api.submit(form.id, JSON.stringify({ email: `gone-${suffix}@example.de` }));
    expect((await problemOf(json, 410)).status).toBe(410);
    const browser = await api.submit(form.id, `email=gone-${suffix}%40example.de`, {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html,application/xhtml+xml',
      origin: 'https://www.example.de',
    });
    expect(browser.status).toBe(410);
    expect(browser.headers.get('content-type')).toContain('text/html');
    expect(await browser.text()).toContain('<html');
    expect((await api.adminJson<Page<unknown>>(`/v1/contacts?email=gone-${suffix}@example.de`)).items).toEqual([]);
  });

  it('refuses an archived topic as a new reference but keeps one the form already uses', async () => {
    const topicId = `old-${suffix}`;
    await api.adminJson('/v1/topics', { id: topicId, name: 'Old news' });
    const form = await api.adminJson<{ id: string }>('/v1/forms', { name: `Keeps ${suffix}`, topics: [topicId], allowedOrigins: ['https://www.example.de'] });
    await api.adminJson(`/v1/topics/${topicId}`, undefined, 'DELETE');
    const created = await problemOf(
      await send('/v1/forms', 'POST', { name: `New ${suffix}`, topics: [setup.topicId, topicId], allowedOrigins: ['https://www.example.de'] }),
      400,
    );
    expect(pathsOf(created)).toEqual(['topics.1']);
    const patchedIn = await problemOf(await send(`/v1/forms/${setup.form.id}`, 'PATCH', { topics: [setup.topicId, topicId] }), 400);
    expect(pathsOf(patchedIn)).toEqual(['topics.1']);
    expect((await send(`/v1/forms/${form.id}`, 'PATCH', { name: `Keeps ${suffix} (renamed)` })).status).toBe(200);
  });
});

describe('topics', () => {
  it('reads a topic by id, and a new consent text gets a new text version', async () => {
    const topicId = `wording-${suffix}`;
    const created = await api.adminJson<{ textVersion: string }>('/v1/topics', { id: topicId, name: 'Wording', consentText: 'Ja, bitte.' });
    const renamed = await api.adminJson<{ name: string; textVersion: string }>(`/v1/topics/${topicId}`, { name: 'Wording 2' }, 'PATCH');
    expect(renamed).toMatchObject({ name: 'Wording 2', textVersion: created.textVersion });
    const reworded = await api.adminJson<{ consentText: string; textVersion: string }>(
      `/v1/topics/${topicId}`,
      { consentText: 'Ja, bitte, jeden Monat.' },
      'PATCH',
    );
    expect(reworded.consentText).toBe('Ja, bitte, jeden Monat.');
    expect(reworded.textVersion).not.toBe(created.textVersion);
    expect(await api.adminJson(`/v1/topics/${topicId}`)).toMatchObject({ name: 'Wording 2', textVersion: reworded.textVersion });
  });

  it('refuses a bad change naming the field, and answers 404 for an unknown topic', async () => {
    expect(pathsOf(await problemOf(await send(`/v1/topics/${setup.topicId}`, 'PATCH', { name: '', id: 'other' }), 400))).toEqual(
      expect.arrayContaining(['name']),
    );
    expect((await api.admin('/v1/topics/no-such-topic')).status).toBe(404);
    expect((await send('/v1/topics/no-such-topic', 'PATCH', { name: 'x' })).status).toBe(404);
    expect((await send('/v1/topics/no-such-topic', 'DELETE')).status).toBe(404);
  });

  it('archives a topic out of the list, still readable by id', async () => {
    const topicId = `gone-${suffix}`;
    await api.adminJson('/v1/topics', { id: topicId, name: 'Gone' });
    const archived = await api.adminJson<{ archivedAt: string }>(`/v1/topics/${topicId}`, undefined, 'DELETE');
    expect(archived.archivedAt).toEqual(expect.any(String));
    expect((await api.adminJson<Page<{ id: string }>>('/v1/topics?limit=500')).items.map((topic) => topic.id)).not.toContain(topicId);
    expect((await api.adminJson<Page<{ id: string }>>('/v1/topics?archived=true&limit=500')).items.map((topic) => topic.id)).toContain(topicId);
    expect(await api.adminJson(`/v1/topics/${topicId}`)).toMatchObject({ id: topicId, archivedAt: archived.archivedAt });
    expect(pathsOf(await problemOf(await api.admin('/v1/topics?archived=maybe'), 400))).toEqual(['query.archived']);
  });
});

describe('templates', () => {
  it('changes a template, checked as create checks', async () => {
    const template = await api.adminJson<{ id: string; updatedAt: string }>('/v1/templates', {
      name: `T ${suffix}`,
      subject: 'Hallo',
      html: `<p>Hi</p>${UNSUBSCRIBE}`,
    });
    const patched = await api.adminJson<{ subject: string; html: string; updatedAt: string }>(
      `/v1/templates/${template.id}`,
      { subject: 'Hallo {{firstName|Sie}}' },
      'PATCH',
    );
    expect(patched).toMatchObject({ subject: 'Hallo {{firstName|Sie}}', html: `<p>Hi</p>${UNSUBSCRIBE}` });
    expect(patched.updatedAt).not.toBe(template.updatedAt);
    expect(pathsOf(await problemOf(await send(`/v1/templates/${template.id}`, 'PATCH', { html: '<p>no way out</p>' }), 400))).toEqual(['html']);
    expect(pathsOf(await problemOf(await send(`/v1/templates/${template.id}`, 'PATCH', { subject: 'Hi {{nickname}}' }), 400))).toEqual(['subject']);
    expect((await problemOf(await send(`/v1/templates/${template.id}`, 'PATCH', { footer: 'x' }), 400)).errors?.[0]?.message).toContain('footer');
    expect((await send('/v1/templates/no-such-template', 'PATCH', { name: 'x' })).status).toBe(404);
  });

  it('archives a template out of the list, still readable by id', async () => {
    const template = await api.adminJson<{ id: string }>('/v1/templates', { name: `Old ${suffix}`, subject: 'Alt', html: UNSUBSCRIBE });
    const archived = await api.adminJson<{ archivedAt: string }>(`/v1/templates/${template.id}`, undefined, 'DELETE');
    expect((await api.adminJson<Page<{ id: string }>>('/v1/templates?limit=500')).items.map((item) => item.id)).not.toContain(template.id);
    expect((await api.adminJson<Page<{ id: string }>>('/v1/templates?archived=true&limit=500')).items.map((item) => item.id)).toContain(template.id);
    expect(await api.adminJson(`/v1/templates/${template.id}`)).toMatchObject({ archivedAt: archived.archivedAt });
  });
});

describe('segments and mailings', () => {
  it('archives a segment out of the list, and a new mailing refuses an archived segment, template or topic by field', async () => {
    const segment = await api.adminJson<{ id: string }>('/v1/segments', {
      name: `Arch ${suffix}`,
      rule: { field: 'company', op: 'eq', value: `none-${suffix}` },
    });
    const template = await api.adminJson<{ id: string }>('/v1/templates', { name: `M ${suffix}`, subject: 'M', html: UNSUBSCRIBE });
    const topicId = `mtopic-${suffix}`;
    await api.adminJson('/v1/topics', { id: topicId, name: 'Mailing topic' });
    const mailing = {
      name: `M ${suffix}`,
      campaignId: setup.campaign.id,
      segmentId: segment.id,
      topic: topicId,
      templateId: template.id,
      from: 'News <news@leadflow.local>',
    };
    expect((await send('/v1/mailings', 'POST', mailing)).status).toBe(201);

    const archived = await api.adminJson<{ archivedAt: string; memberCount: number }>(`/v1/segments/${segment.id}`, undefined, 'DELETE');
    expect(archived.archivedAt).toEqual(expect.any(String));
    expect((await api.adminJson<Page<{ id: string }>>('/v1/segments?limit=500')).items.map((item) => item.id)).not.toContain(segment.id);
    expect((await api.adminJson<Page<{ id: string }>>('/v1/segments?archived=true&limit=500')).items.map((item) => item.id)).toContain(segment.id);
    expect(await api.adminJson(`/v1/segments/${segment.id}`)).toMatchObject({ archivedAt: archived.archivedAt });
    expect((await send('/v1/segments/no-such-segment', 'DELETE')).status).toBe(404);

    await api.adminJson(`/v1/templates/${template.id}`, undefined, 'DELETE');
    await api.adminJson(`/v1/topics/${topicId}`, undefined, 'DELETE');
    const refused = await problemOf(await send('/v1/mailings', 'POST', mailing), 400);
    expect(pathsOf(refused).sort()).toEqual(['segmentId', 'templateId', 'topic']);
  });
});

describe('submissions', () => {
  it('tells a JSON caller which posted profile fields the form does not keep', async () => {
    const response = await api.submit(
      setup.form.id,
      JSON.stringify({ email: `ignored-${suffix}@example.de`, firstName: 'Ida', jobTitle: 'CTO', phone: '+49 30 1234', lastName: '', locale: 'de' }),
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: 'captured', ignoredFields: ['jobTitle', 'phone'] });
    const kept = await api.submit(setup.form.id, JSON.stringify({ email: `kept-${suffix}@example.de`, firstName: 'Kai' }));
    expect(await kept.json()).toMatchObject({ ignoredFields: [] });
  });

  it('answers a browser post as before', async () => {
    const response = await api.submit(setup.form.id, `email=browser-${suffix}%40example.de&jobTitle=CTO`, {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://www.example.de',
      accept: 'text/html',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).not.toContain('ignoredFields');
  });
});
