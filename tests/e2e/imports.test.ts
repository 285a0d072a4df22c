import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api } from '#tests/helpers/api';
import { csv } from '#tests/helpers/csv-fixtures';

const suffix = randomUUID().slice(0, 8);

describe('CSV imports over HTTP', () => {
  it('imports a German Excel export into the fair campaign, and creates nothing when it is posted again', async () => {
    await api.adminJson('/v1/topics', { id: `fair-news-${suffix}`, name: 'Newsletter' });
    const campaign = await api.adminJson<{ id: string }>('/v1/campaigns', { name: `Hannover ${suffix}`, channel: 'fair' });
    const file = csv.germanExcel([
      { email: `weiss-${suffix}@example.de`, firstName: 'Anna', lastName: 'Weiß', company: 'Müller GmbH' },
      { email: 'kaputt', firstName: 'Bad' },
    ]);
    const path = `/v1/imports?campaignId=${campaign.id}&topics=fair-news-${suffix}&consentSource=${encodeURIComponent('Stand B12, Papierformular')}`;
    const post = () => api.admin(path, { method: 'POST', body: file, headers: { 'content-type': 'text/csv' } });
    const first = await post();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ rows: 2, created: 1, merged: 0, rejectedCount: 1, rejected: [{ row: 3 }], encoding: 'windows-1252' });
    expect(await (await post()).json()).toMatchObject({ created: 0, merged: 0, skipped: 1 });
    const found = await api.adminJson<{ items: Array<{ lastName: string; consents: Record<string, { status: string }> }> }>(`/v1/contacts?q=weiss`);
    const anna = found.items.find((contact) => contact.lastName === 'Weiß');
    expect(anna?.consents[`fair-news-${suffix}`]?.status).toBe('granted');
  });

  it('answers 415 for a body that is not CSV and 400 for a file without an email column', async () => {
    expect((await api.admin('/v1/imports', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(415);
    const noEmail = await api.admin('/v1/imports', { method: 'POST', body: 'Vorname;Nachname\nA;B\n', headers: { 'content-type': 'text/csv' } });
    expect(noEmail.status).toBe(400);
    expect(((await noEmail.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toBe('header');
  });
});
