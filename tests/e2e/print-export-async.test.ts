import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
const tag = `druck-${suffix}`;
const ADDRESS = { street: 'Königstraße 9', postalCode: '70173', city: 'Stuttgart', country: 'DE' };

interface PrintExportState {
  exportId: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  memberCount: number;
  counts?: { exported: number; excluded: { postBlocked: number; noAddress: number } };
  fileName: string;
  downloadUrl?: string;
  downloadExpiresAt?: string;
}

let segmentId: string;
let campaignId: string;
const people: Record<string, string> = {};

async function capture(formId: string, fields: Record<string, unknown>): Promise<string> {
  const response = await api.submit(formId, JSON.stringify(fields));
  expect(response.status).toBe(202);
  return ((await response.json()) as { contactId: string }).contactId;
}

const exportAsync = () => api.admin(`/v1/segments/${segmentId}/print-export?campaignId=${campaignId}&async=true`, { method: 'POST' });

async function finished(exportId: string): Promise<PrintExportState> {
  return until(
    `print export ${exportId} done`,
    () => api.adminJson<PrintExportState>(`/v1/print-exports/${exportId}`),
    (state) => state.status === 'done' || state.status === 'failed',
  );
}

beforeAll(async () => {
  const setup = await aCaptureSetup(`print-async-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }] });
  segmentId = (
    await api.adminJson<{ id: string }>('/v1/segments', { name: `Druck ${suffix}`, rule: { field: 'tags', op: 'eq', value: tag }, schedule: 'daily' })
  ).id;
  campaignId = (await api.adminJson<{ id: string }>('/v1/campaigns', { name: `Druck ${suffix}`, channel: 'print' })).id;
  people.listed = await capture(setup.form.id, { email: `liste-${suffix}@example.de`, firstName: 'Jürgen', lastName: 'Groß' });
  people.second = await capture(setup.form.id, { email: `zweite-${suffix}@example.de`, firstName: '=Eva', lastName: 'Zweite' });
  people.homeless = await capture(setup.form.id, { email: `ohne-${suffix}@example.de`, firstName: 'Otto', lastName: 'Ohne' });
  for (const [id, address] of [
    [people.listed, ADDRESS],
    [people.second, { ...ADDRESS, street: 'Marktplatz 1' }],
    [people.homeless, undefined],
  ] as const) {
    const response = await api.admin(`/v1/contacts/${id}`, { method: 'PATCH', body: JSON.stringify({ tags: [tag], ...(address ? { address } : {}) }) });
    expect(response.status).toBe(200);
  }
  await until(
    'three members',
    () => api.adminJson<{ items: unknown[] }>(`/v1/segments/${segmentId}/members`),
    (members) => members.items.length === 3,
  );
});

describe('a print export in the background', () => {
  it('answers 202 with a queued export, which ends done with the counts and a download URL valid 15 minutes', async () => {
    const response = await exportAsync();
    expect(response.status).toBe(202);
    const queued = (await response.json()) as { exportId: string; status: string };
    expect(queued).toEqual({ exportId: expect.any(String), status: 'queued' });

    const state = await finished(queued.exportId);
    expect(state).toMatchObject({ status: 'done', memberCount: 3, counts: { exported: 2, excluded: { postBlocked: 0, noAddress: 1 } } });
    expect(state.fileName).toBe(`print-${segmentId}-${campaignId}.csv`);
    const expiresInMs = Date.parse(state.downloadExpiresAt ?? '') - Date.now();
    expect(expiresInMs).toBeGreaterThan(14 * 60_000);
    expect(expiresInMs).toBeLessThanOrEqual(15 * 60_000);
    // Polling while it ran wrote no audit entry; the answer with the download URL wrote one.
    const audit = await api.adminJson<{ items: Array<{ action: string }> }>(`/v1/audit?entityId=${queued.exportId}`);
    expect(audit.items.map((item) => item.action)).toEqual(['print-export.downloaded']);
    expect(JSON.stringify(state)).not.toMatch(/"(pk|sk|type)"/);

    const download = await fetch(state.downloadUrl ?? '');
    expect(download.status).toBe(200);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe('name;company;street;addressLine2;postalCode;city;country');
    expect(lines.slice(1, -1).sort()).toEqual(["'=Eva Zweite;;Marktplatz 1;;70173;Stuttgart;DE", 'Jürgen Groß;;Königstraße 9;;70173;Stuttgart;DE']);
    expect(lines.at(-1)).toBe('');
  });

  it('touches each listed person once, however often the segment is exported for the campaign', async () => {
    const again = (await (await exportAsync()).json()) as { exportId: string };
    expect((await finished(again.exportId)).status).toBe('done');
    const synchronous = await api.admin(`/v1/segments/${segmentId}/print-export?campaignId=${campaignId}`, { method: 'POST', headers: { accept: 'text/csv' } });
    expect(synchronous.status).toBe(200);

    const view = await api.adminJson<{ timeline: Array<{ touchpointKind?: string; campaignId?: string }> }>(`/v1/contacts/${people.listed}`);
    expect(view.timeline.filter((entry) => entry.touchpointKind === 'print_mailing')).toEqual([expect.objectContaining({ campaignId })]);
    const homeless = await api.adminJson<{ timeline: Array<{ touchpointKind?: string }> }>(`/v1/contacts/${people.homeless}`);
    expect(homeless.timeline.some((entry) => entry.touchpointKind === 'print_mailing')).toBe(false);
  });

  it('keeps a small export synchronous unless asked otherwise', async () => {
    const response = await api.admin(`/v1/segments/${segmentId}/print-export?campaignId=${campaignId}&async=false`, {
      method: 'POST',
      headers: { accept: 'text/csv' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
  });

  it('answers 404 for an unknown export, and 400 naming the field for a bad async flag or campaign, queueing nothing', async () => {
    const unknown = await api.admin(`/v1/print-exports/nope-${suffix}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);

    const badFlag = await api.admin(`/v1/segments/${segmentId}/print-export?campaignId=${campaignId}&async=yes`, { method: 'POST' });
    expect(badFlag.status).toBe(400);
    expect(((await badFlag.json()) as { errors: Array<{ path: string }> }).errors.map((error) => error.path)).toContain('query.async');

    const badCampaign = await api.admin(`/v1/segments/${segmentId}/print-export?campaignId=nope-${suffix}&async=true`, { method: 'POST' });
    expect(badCampaign.status).toBe(400);
    const unknownSegment = await api.admin(`/v1/segments/nope-${suffix}/print-export?campaignId=${campaignId}&async=true`, { method: 'POST' });
    expect(unknownSegment.status).toBe(404);
  });
});
