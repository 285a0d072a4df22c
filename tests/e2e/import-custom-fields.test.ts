import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, until } from '#tests/helpers/api';

const suffix = randomUUID()
  .slice(0, 6)
  .replace(/[^a-z]/g, 'x');
const branche = `branche_${suffix}`;
const mitarbeiter = `mitarbeiter_${suffix}`;

interface Report {
  created: number;
  rejectedCount: number;
  rejected: Array<{ row: number; reason: string }>;
  detected: { mapping: Record<string, string | null> };
  preview: Array<{ row: number; values: Record<string, string> }>;
}

function postCsv(query: string, file: string) {
  return api.admin(`/v1/imports${query}`, { method: 'POST', body: file, headers: { 'content-type': 'text/csv' } });
}

async function contactFields(email: string): Promise<Record<string, unknown> | undefined> {
  const found = await api.adminJson<{ items: Array<{ id: string }> }>(`/v1/contacts?email=${encodeURIComponent(email)}`);
  const id = found.items[0]?.id;
  if (!id) return undefined;
  return (await api.adminJson<{ contact: { fields?: Record<string, unknown> } }>(`/v1/contacts/${id}`)).contact.fields;
}

async function problemPaths(response: Response): Promise<string[]> {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return ((await response.json()) as { errors: Array<{ path: string }> }).errors.map((error) => error.path);
}

describe('imports read CSV columns into custom fields of contacts', () => {
  it('puts a column matched by its label into the contact, in its type, and rejects a bad value with its reason', async () => {
    await api.adminJson('/v1/fields', {
      key: branche,
      label: { de: `Branche ${suffix}`, en: `Industry ${suffix}` },
      type: 'select',
      options: ['Maschinenbau', { value: 'it', label: { de: 'IT-Dienstleister', en: 'IT services' } }],
      appliesTo: 'contact',
    });
    await api.adminJson('/v1/fields', {
      key: mitarbeiter,
      label: { de: `Mitarbeiter ${suffix}`, en: `Staff ${suffix}` },
      type: 'number',
      appliesTo: 'contact',
    });
    const good = `cf-good-${suffix}@example.de`;
    const bad = `cf-bad-${suffix}@example.de`;
    const file = `E-Mail;Branche ${suffix};Staff ${suffix}\n${good};IT-Dienstleister;1.250\n${bad};Maschinenbau;viele\n`;

    const dryRun = (await (await postCsv('?dryRun=true', file)).json()) as Report;
    expect(dryRun.detected.mapping).toEqual({ 'E-Mail': 'email', [`Branche ${suffix}`]: `fields.${branche}`, [`Staff ${suffix}`]: `fields.${mitarbeiter}` });
    expect(dryRun).toMatchObject({ created: 1, rejectedCount: 1, rejected: [{ row: 3, reason: `fields.${mitarbeiter}: must be a number` }] });
    expect(await contactFields(good)).toBe(undefined);

    const response = await postCsv('', file);
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report).toMatchObject({ created: 1, rejectedCount: 1, rejected: [{ row: 3, reason: `fields.${mitarbeiter}: must be a number` }] });
    expect(await contactFields(good)).toEqual({ [branche]: 'it', [mitarbeiter]: 1250 });
    expect(await contactFields(bad)).toBe(undefined);
  });

  it('reads a column the map names into a custom field, and refuses a map naming an unknown field', async () => {
    const email = `cf-map-${suffix}@example.de`;
    const map = encodeURIComponent(JSON.stringify({ Mail: 'email', Sektor: `fields.${branche}` }));
    const report = (await (await postCsv(`?map=${map}`, `Mail,Sektor\n${email},Maschinenbau\n`)).json()) as Report;
    expect(report.created).toBe(1);
    expect(await contactFields(email)).toEqual({ [branche]: 'Maschinenbau' });

    const unknown = encodeURIComponent(JSON.stringify({ Mail: 'email', Sektor: `fields.nope_${suffix}` }));
    expect(await problemPaths(await postCsv(`?map=${unknown}`, `Mail,Sektor\n${email},x\n`))).toEqual(['query.map.Sektor']);
    const malformed = encodeURIComponent(JSON.stringify({ Sektor: 'fields.Nicht Gültig' }));
    expect(await problemPaths(await postCsv(`?map=${malformed}`, `Mail,Sektor\n${email},x\n`))).toEqual(['query.map.Sektor']);
  });

  it('an uploaded file reads custom columns too, and an upload naming an unknown field is refused before any file', async () => {
    const refused = await api.admin('/v1/imports/uploads', {
      method: 'POST',
      body: JSON.stringify({ fileName: 'x.csv', map: { Sektor: `fields.nope_${suffix}` } }),
    });
    expect(await problemPaths(refused)).toEqual(['map.Sektor']);

    const email = `cf-upload-${suffix}@example.de`;
    const upload = await api.adminJson<{ importId: string; uploadUrl: string }>('/v1/imports/uploads', {
      fileName: 'branchen.csv',
      map: { Sektor: `fields.${branche}` },
    });
    const put = await fetch(upload.uploadUrl, {
      method: 'PUT',
      body: `Email,Sektor,Staff ${suffix}\n${email},it,42\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(put.status).toBe(200);
    const done = await until(
      'the uploaded import to finish',
      () => api.adminJson<{ status: string; created: number }>(`/v1/imports/${upload.importId}`),
      (found) => found.status === 'done' || found.status === 'failed',
      60_000,
    );
    expect(done).toMatchObject({ status: 'done', created: 1 });
    expect(await contactFields(email)).toEqual({ [branche]: 'it', [mitarbeiter]: 42 });
  });
});
