import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
const key = (name: string) => `${name}_${suffix}`;
const UNSUBSCRIBE = '<p><a href="{{unsubscribeUrl}}">Abmelden</a></p>';

interface Problem {
  status: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}
const send = (path: string, method: string, body?: unknown) => api.admin(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
async function problemOf(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as Problem;
}
const pathsOf = (problem: Problem) => (problem.errors ?? []).map((error) => error.path);

const branche = key('branche');
const mitarbeiter = key('mitarbeiter');
const seit = key('seit');
const messe = key('messe');
const notiz = key('notiz');
const umsatz = key('umsatz');

let setup: Awaited<ReturnType<typeof aCaptureSetup>>;
let contactId: string;

beforeAll(async () => {
  const define = (body: Record<string, unknown>) => api.adminJson('/v1/fields', body);
  await define({
    key: branche,
    label: { de: 'Branche', en: 'Industry' },
    type: 'select',
    options: ['Maschinenbau', { value: 'it', label: { de: 'IT-Dienstleister', en: 'IT services' } }],
    appliesTo: 'contact',
  });
  await define({ key: mitarbeiter, label: { de: 'Mitarbeiter', en: 'Employees' }, type: 'number', appliesTo: 'contact' });
  await define({ key: seit, label: { de: 'Kunde seit', en: 'Customer since' }, type: 'date', appliesTo: 'contact' });
  await define({ key: messe, label: { de: 'Messebesuch', en: 'Visited the fair' }, type: 'boolean', appliesTo: 'contact' });
  await define({ key: notiz, label: { de: 'Notiz', en: 'Note' }, type: 'text', appliesTo: 'contact' });
  await define({ key: umsatz, label: { de: 'Jahresumsatz', en: 'Annual revenue' }, type: 'number', appliesTo: 'company' });
  setup = await aCaptureSetup(`fields-${suffix}`, {
    doubleOptIn: false,
    fields: [{ name: 'firstName' }, { name: 'company' }, { name: `fields.${branche}`, required: true, label: 'Branche' }, { name: `fields.${messe}` }],
  });
  const captured = (await (
    await api.submit(
      setup.form.id,
      JSON.stringify({
        email: `anna-${suffix}@example.de`,
        firstName: 'Anna',
        company: `Weiß ${suffix} GmbH`,
        fields: { [branche]: 'maschinenbau', [messe]: 'ja' },
      }),
    )
  ).json()) as { contactId: string };
  contactId = captured.contactId;
});

describe('custom field definitions', () => {
  it('are listed by key with their labels, types and options (plain-string options get the string as labels)', async () => {
    const { items } = await api.adminJson<{ items: Array<Record<string, unknown>> }>('/v1/fields');
    const mine = items.filter((item) => String(item.key).endsWith(suffix));
    expect(mine.map((item) => item.key)).toEqual([branche, messe, mitarbeiter, notiz, seit, umsatz]);
    expect(mine[0]).toMatchObject({
      type: 'select',
      appliesTo: 'contact',
      label: { de: 'Branche', en: 'Industry' },
      options: [
        { value: 'Maschinenbau', label: { de: 'Maschinenbau', en: 'Maschinenbau' } },
        { value: 'it', label: { de: 'IT-Dienstleister', en: 'IT services' } },
      ],
    });
    for (const item of mine) for (const internal of ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'fieldType']) expect(item).not.toHaveProperty(internal);
  });

  it('refuse a second field with the same key (409)', async () => {
    await problemOf(await send('/v1/fields', 'POST', { key: notiz, label: { de: 'N', en: 'N' }, type: 'text', appliesTo: 'contact' }), 409);
  });

  it('refuse bad definitions, naming the field (400)', async () => {
    const bad = async (body: Record<string, unknown>) => pathsOf(await problemOf(await send('/v1/fields', 'POST', body), 400));
    const label = { de: 'X', en: 'X' };
    expect(await bad({ key: 'Branche!', label, type: 'text', appliesTo: 'contact' })).toContain('key');
    expect(await bad({ key: key('a'), label: { de: 'X' }, type: 'text', appliesTo: 'contact' })).toContain('label.en');
    expect(await bad({ key: key('b'), label, type: 'colour', appliesTo: 'contact' })).toContain('type');
    expect(await bad({ key: key('c'), label, type: 'select', appliesTo: 'contact' })).toContain('options');
    expect(await bad({ key: key('d'), label, type: 'select', options: [], appliesTo: 'contact' })).toContain('options');
    expect(await bad({ key: key('e'), label, type: 'select', options: ['a', 'a'], appliesTo: 'contact' })).toContain('options.1.value');
    expect(await bad({ key: key('f'), label, type: 'text', options: ['a'], appliesTo: 'contact' })).toContain('options');
    expect(await bad({ key: key('g'), label, type: 'text', appliesTo: 'person' })).toContain('appliesTo');
  });

  it('answer 404 when deleting a field that does not exist', async () => {
    await problemOf(await send(`/v1/fields/${key('none')}`, 'DELETE'), 404);
  });
});

describe('values on a contact', () => {
  it('come from a form that declares the fields, read in their types', async () => {
    const view = await api.adminJson<{ contact: { fields?: Record<string, unknown> } }>(`/v1/contacts/${contactId}`);
    expect(view.contact.fields).toEqual({ [branche]: 'Maschinenbau', [messe]: true });
  });

  it('are refused from a form when required and missing, or not of the type (400 naming fields.<key>)', async () => {
    const post = (fields: Record<string, unknown>) => api.submit(setup.form.id, JSON.stringify({ email: `bert-${suffix}@example.de`, fields }));
    expect(pathsOf(await problemOf(await post({}), 400))).toEqual([`fields.${branche}`]);
    expect(pathsOf(await problemOf(await post({ [branche]: 'Bäckerei' }), 400))).toEqual([`fields.${branche}`]);
    expect(pathsOf(await problemOf(await post({ [branche]: 'it', [messe]: 'vielleicht' }), 400))).toEqual([`fields.${messe}`]);
  });

  it('are set by PATCH, and null or "" clears one', async () => {
    const patched = await api.adminJson<{ fields?: Record<string, unknown> }>(
      `/v1/contacts/${contactId}`,
      { fields: { [mitarbeiter]: 250, [seit]: '2019-04-01', [notiz]: '<b>Ruft zurück</b>', [messe]: null } },
      'PATCH',
    );
    expect(patched.fields).toEqual({ [branche]: 'Maschinenbau', [mitarbeiter]: 250, [seit]: '2019-04-01', [notiz]: '<b>Ruft zurück</b>' });
    const cleared = await api.adminJson<{ fields?: Record<string, unknown> }>(`/v1/contacts/${contactId}`, { fields: { [notiz]: '' } }, 'PATCH');
    expect(cleared.fields).not.toHaveProperty(notiz);
    await api.adminJson(`/v1/contacts/${contactId}`, { fields: { [notiz]: '<b>Ruft zurück</b>' } }, 'PATCH');
  });

  it('are refused by PATCH when unknown, of the wrong type, not an option or a company field (400 naming fields.<key>)', async () => {
    const bad = async (fields: Record<string, unknown>) => (await problemOf(await send(`/v1/contacts/${contactId}`, 'PATCH', { fields }), 400)).errors ?? [];
    expect((await bad({ [key('unknown')]: 'x' })).map((error) => error.path)).toEqual([`fields.${key('unknown')}`]);
    expect((await bad({ [mitarbeiter]: 'viele' }))[0]).toEqual({ path: `fields.${mitarbeiter}`, message: 'must be a number' });
    expect((await bad({ [seit]: '2026-02-30' }))[0]?.path).toBe(`fields.${seit}`);
    expect((await bad({ [messe]: 'yes' }))[0]?.path).toBe(`fields.${messe}`);
    expect((await bad({ [branche]: 'Bäckerei' }))[0]?.message).toBe('must be one of Maschinenbau, it');
    expect((await bad({ [umsatz]: 1000 }))[0]).toEqual({ path: `fields.${umsatz}`, message: 'is a field of companies, not of contacts' });
    expect((await bad({ [mitarbeiter]: [1] })).map((error) => error.path)).toEqual([`fields.${mitarbeiter}`]);
    const view = await api.adminJson<{ contact: { fields?: Record<string, unknown> } }>(`/v1/contacts/${contactId}`);
    expect(view.contact.fields?.[mitarbeiter]).toBe(250);
  });
});

describe('values on a company', () => {
  it('are set by PATCH /v1/companies/{id} and shown on the company', async () => {
    const view = await api.adminJson<{ company: { id: string } | null }>(`/v1/contacts/${contactId}`);
    const companyId = view.company?.id ?? '';
    const patched = await api.adminJson<{ fields?: Record<string, unknown> }>(`/v1/companies/${companyId}`, { fields: { [umsatz]: 12_500_000 } }, 'PATCH');
    expect(patched.fields).toEqual({ [umsatz]: 12_500_000 });
    const company = await api.adminJson<{ fields?: Record<string, unknown> }>(`/v1/companies/${companyId}`);
    expect(company.fields).toEqual({ [umsatz]: 12_500_000 });
    const problem = await problemOf(await send(`/v1/companies/${companyId}`, 'PATCH', { fields: { [branche]: 'it' } }), 400);
    expect(problem.errors?.[0]).toEqual({ path: `fields.${branche}`, message: 'is a field of contacts, not of companies' });
    await problemOf(await send(`/v1/companies/${companyId}`, 'PATCH', {}), 400);
    await problemOf(await send(`/v1/companies/${companyId}`, 'PATCH', { name: 'Other' }), 400);
    await problemOf(await send('/v1/companies/no-such-company', 'PATCH', { fields: { [umsatz]: 1 } }), 404);
  });
});

describe('segments on custom fields', () => {
  const preview = (rule: unknown) => send('/v1/segments/preview', 'POST', { rule });
  const matches = async (rule: unknown) => {
    const response = await preview(rule);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { sample: Array<{ id: string }> };
    return body.sample.some((sample) => sample.id === contactId);
  };

  it('find the contact by each type with its operators', async () => {
    expect(await matches({ field: `fields.${branche}`, op: 'eq', value: 'Maschinenbau' })).toBe(true);
    expect(await matches({ field: `fields.${branche}`, op: 'in', value: ['it'] })).toBe(false);
    expect(await matches({ field: `fields.${mitarbeiter}`, op: 'gte', value: 250 })).toBe(true);
    expect(await matches({ field: `fields.${mitarbeiter}`, op: 'lt', value: 250 })).toBe(false);
    expect(await matches({ field: `fields.${seit}`, op: 'before', value: '2020-01-01' })).toBe(true);
    expect(await matches({ field: `fields.${seit}`, op: 'after', value: '2020-01-01' })).toBe(false);
    expect(await matches({ field: `fields.${notiz}`, op: 'contains', value: 'ruft' })).toBe(true);
    expect(await matches({ all: [{ field: `fields.${messe}`, op: 'exists' }] })).toBe(false);
  });

  it('refuse a rule that does not fit the field, naming the part (400)', async () => {
    const paths = async (rule: unknown) => pathsOf(await problemOf(await preview(rule), 400));
    expect(await paths({ all: [{ field: `fields.${key('unknown')}`, op: 'exists' }] })).toEqual(['rule.all.0.field']);
    expect(await paths({ field: `fields.${umsatz}`, op: 'gt', value: 1 })).toEqual(['rule.field']);
    expect(await paths({ field: `fields.${mitarbeiter}`, op: 'contains', value: 1 })).toEqual(['rule.op']);
    expect(await paths({ field: `fields.${mitarbeiter}`, op: 'gt', value: '250' })).toEqual(['rule.value']);
    expect(await paths({ field: `fields.${seit}`, op: 'before', value: '01.01.2020' })).toEqual(['rule.value']);
    expect(await paths({ field: `fields.${branche}`, op: 'in', value: ['it', 'Bäckerei'] })).toEqual(['rule.value.1']);
    expect(await paths({ field: `fields.${messe}`, op: 'eq', value: 'ja' })).toEqual(['rule.value']);
    expect(await paths({ field: 'fields.Not A Key', op: 'exists' })).toEqual(['rule.field']);
  });
});

describe('templates merging custom fields', () => {
  it('merge {{fields.<key>}} HTML-escaped in the HTML part, as it is in the text part', async () => {
    const template = await api.adminJson<{ id: string }>('/v1/templates', {
      name: `Fields ${suffix}`,
      subject: `Für {{fields.${branche}}}`,
      html: `<p>{{fields.${notiz}}} · {{fields.${mitarbeiter}}} · {{fields.${key('none')}|ohne}}</p>${UNSUBSCRIBE}`,
      text: `{{fields.${notiz}}} {{unsubscribeUrl}}`,
    });
    const rendered = await api.adminJson<{ subject: string; html: string; text: string }>(`/v1/templates/${template.id}/preview`, { contactId });
    expect(rendered.subject).toBe('Für Maschinenbau');
    expect(rendered.html).toContain('<p>&lt;b&gt;Ruft zurück&lt;/b&gt; · 250 · ohne</p>');
    expect(rendered.text).toContain('<b>Ruft zurück</b>');
  });
});

describe('deleting a field', () => {
  it('is refused (409 naming the user) while a segment, a form or a template uses it, and works once none does', async () => {
    const segment = await api.adminJson<{ id: string }>('/v1/segments', {
      name: `Big ones ${suffix}`,
      rule: { all: [{ field: `fields.${seit}`, op: 'before', value: '2020-01-01' }] },
      schedule: 'off',
    });
    const bySegment = await problemOf(await send(`/v1/fields/${seit}`, 'DELETE'), 409);
    expect(bySegment.detail).toContain(`segment "Big ones ${suffix}" (${segment.id})`);
    const byForm = await problemOf(await send(`/v1/fields/${branche}`, 'DELETE'), 409);
    expect(byForm.detail).toContain(`form "Form fields-${suffix}" (${setup.form.id})`);
    const byTemplate = await problemOf(await send(`/v1/fields/${notiz}`, 'DELETE'), 409);
    expect(byTemplate.detail).toContain(`template "Fields ${suffix}"`);

    await api.adminJson(`/v1/segments/${segment.id}`, { rule: { field: 'score', op: 'gt', value: 1 } }, 'PATCH');
    const deleted = await send(`/v1/fields/${seit}`, 'DELETE');
    expect(deleted.status).toBe(204);
    await until(
      'the field to be gone from the list',
      () => api.adminJson<{ items: Array<{ key: string }> }>('/v1/fields'),
      (list) => !list.items.some((item) => item.key === seit),
    );
    await problemOf(await send(`/v1/fields/${seit}`, 'DELETE'), 404);
  });
});

describe('forms declaring custom fields', () => {
  it('refuse a field that is not a custom field of contacts (400 naming the form field)', async () => {
    const bad = async (name: string) =>
      pathsOf(
        await problemOf(
          await send('/v1/forms', 'POST', { name: 'X', allowedOrigins: ['https://www.example.de'], fields: [{ name: 'firstName' }, { name }] }),
          400,
        ),
      );
    expect(await bad(`fields.${key('unknown')}`)).toEqual(['fields.1.name']);
    expect(await bad(`fields.${umsatz}`)).toEqual(['fields.1.name']);
    expect(await bad('fields.NOPE')).toEqual(['fields.1.name']);
  });
});

describe('GDPR', () => {
  it('exports the custom values with the profile and erases them with it', async () => {
    const exported = await api.adminJson<{ profile: { fields?: Record<string, unknown> } }>(`/v1/contacts/${contactId}/export`);
    expect(exported.profile.fields).toMatchObject({ [branche]: 'Maschinenbau', [mitarbeiter]: 250 });
    expect((await send(`/v1/contacts/${contactId}`, 'DELETE')).status).toBe(204);
    await problemOf(await send(`/v1/contacts/${contactId}`, 'GET'), 404);
    const matched = (await (await send('/v1/segments/preview', 'POST', { rule: { field: `fields.${branche}`, op: 'exists' } })).json()) as {
      sample: Array<{ id: string }>;
    };
    expect(matched.sample.map((sample) => sample.id)).not.toContain(contactId);
  });
});
