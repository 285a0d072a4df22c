import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { api, until } from '#tests/helpers/api';
import { csv } from '#tests/helpers/csv-fixtures';

interface Upload {
  importId: string;
  uploadUrl: string;
  expiresAt: string;
}

interface ImportRecord {
  importId: string;
  status: 'waiting_for_upload' | 'queued' | 'running' | 'done' | 'failed';
  rows: number;
  processed: number;
  created: number;
  merged: number;
  skipped: number;
  rejectedCount: number;
  error?: string;
}

const record = (importId: string) => api.adminJson<ImportRecord>(`/v1/imports/${importId}`);
const finished = (importId: string) =>
  until(
    `import ${importId} to finish`,
    () => record(importId),
    (found) => found.status === 'done' || found.status === 'failed',
    60_000,
  );

async function problemPaths(response: Response): Promise<string[]> {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return ((await response.json()) as { errors: Array<{ path: string }> }).errors.map((error) => error.path);
}

describe('imports of any size: upload URL, then the import runs by itself', () => {
  it('hands out an upload URL, takes the PUT file, and imports it asynchronously (the stand-in notifies the import queue)', async () => {
    const campaign = await api.adminJson<{ id: string }>('/v1/campaigns', { name: `Messe ${randomUUID()}`, channel: 'fair' });
    const prefix = randomUUID().slice(0, 8);
    const created = await api.admin('/v1/imports/uploads', { method: 'POST', body: JSON.stringify({ fileName: 'messe-2026.csv', campaignId: campaign.id }) });
    expect(created.status).toBe(201);
    const upload = (await created.json()) as Upload;
    expect(Object.keys(upload).sort()).toEqual(['expiresAt', 'importId', 'uploadUrl']);
    expect(await record(upload.importId)).toMatchObject({ status: 'waiting_for_upload', rows: 0, processed: 0 });

    const lines = [`${prefix}-0@fair.example,Anna,Alt,ACME`, 'kein-at-zeichen,Bert,Bad,', `${prefix}-2@fair.example,Cleo,Neu,ACME`];
    const put = await fetch(upload.uploadUrl, {
      method: 'PUT',
      body: `Email,First name,Last name,Company\n${lines.join('\n')}\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(put.status).toBe(200);

    const done = await finished(upload.importId);
    expect(done).toMatchObject({ status: 'done', rows: 3, processed: 3, created: 2, merged: 0, rejectedCount: 1 });
    const contacts = await api.adminJson<{ items: Array<{ firstName: string }> }>(`/v1/contacts?email=${encodeURIComponent(`${prefix}-2@fair.example`)}`);
    expect(contacts.items[0]?.firstName).toBe('Cleo');
    const rejected = await api.adminJson<{ items: Array<{ row: number; reason: string }> }>(`/v1/imports/${upload.importId}/rejected`);
    expect(rejected.items).toEqual([{ row: 3, reason: expect.stringContaining('email') }]);
    const rejectedCsv = await api.admin(`/v1/imports/${upload.importId}/rejected`, { headers: { accept: 'text/csv' } });
    expect((parse(await rejectedCsv.text(), { columns: true }) as Array<{ row: string }>).map((row) => row.row)).toEqual(['3']);
  });

  it('creates nothing new when the same file is uploaded again', async () => {
    const file = csv.large(20, randomUUID().slice(0, 8));
    const uploadOnce = async () => {
      const upload = await api.adminJson<Upload>('/v1/imports/uploads', { fileName: 'again.csv' });
      await fetch(upload.uploadUrl, { method: 'PUT', body: file });
      return finished(upload.importId);
    };
    expect(await uploadOnce()).toMatchObject({ status: 'done', created: 20 });
    expect(await uploadOnce()).toMatchObject({ status: 'done', created: 0, merged: 0, skipped: 20 });
  });

  it('fails an uploaded file that is not CSV with an email column, saying why', async () => {
    const upload = await api.adminJson<Upload>('/v1/imports/uploads', { fileName: 'notes.csv' });
    await fetch(upload.uploadUrl, { method: 'PUT', body: 'Name;Notiz\r\nAnna;hallo\r\n' });
    expect(await finished(upload.importId)).toMatchObject({ status: 'failed', processed: 0, error: expect.stringContaining('email column') });
  });

  it.each([
    [{}, 'fileName'],
    [{ fileName: '' }, 'fileName'],
    [{ fileName: 'x.csv', topics: 'newsletter' }, 'topics'],
    [{ fileName: 'x.csv', map: { Mail: 'mobile' } }, 'map.Mail'],
    [{ fileName: 'x.csv', campaignId: 'no-such-campaign' }, 'campaignId'],
    [{ fileName: 'x.csv', topics: ['no-such-topic'], consentSource: 'Stand B12' }, 'topics.0'],
  ])('refuses the upload %j with a 400 naming %s', async (body, path) => {
    const response = await api.admin('/v1/imports/uploads', { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(400);
    expect(await problemPaths(response)).toEqual([path]);
  });

  it('refuses topics without a consent source', async () => {
    const topic = `news-${randomUUID().slice(0, 8)}`;
    await api.adminJson('/v1/topics', { id: topic, name: 'Newsletter', consentText: 'Ja.' });
    const response = await api.admin('/v1/imports/uploads', { method: 'POST', body: JSON.stringify({ fileName: 'x.csv', topics: [topic] }) });
    expect(response.status).toBe(400);
    expect(await problemPaths(response)).toEqual(['consentSource']);
  });

  it('needs the admin token', async () => {
    const response = await fetch(api.url('/v1/imports/uploads'), {
      method: 'POST',
      body: JSON.stringify({ fileName: 'x.csv' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(401);
  });
});
