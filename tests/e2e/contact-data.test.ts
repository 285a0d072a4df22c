import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
const company = `Druckhaus${suffix} GmbH`;
const HANNOVER = { street: 'Hauptstraße 5', postalCode: '30159', city: 'Hannover', country: 'DE' };
const STUTTGART = { street: 'Industriestraße 1', addressLine2: 'Tor 3', postalCode: '70565', city: 'Stuttgart', country: 'DE' };
let setup: Awaited<ReturnType<typeof aCaptureSetup>>;

interface Problem {
  status: number;
  errors?: Array<{ path: string; message: string }>;
}
interface View {
  contact: { id: string; companyId?: string; address?: unknown; channels?: Record<string, { status: string }> };
  effectiveChannels: Record<'email' | 'post' | 'phone', { status: string; reason: string }>;
  channelHistory: Record<string, Array<{ status: string; method: string; source: string }>>;
  postalAddress: { address: unknown; from: string } | null;
  timeline: Array<{ kind: string; touchpointKind?: string; campaignId?: string }>;
}

async function capture(fields: Record<string, unknown>): Promise<string> {
  const response = await api.submit(setup.form.id, JSON.stringify(fields));
  expect(response.status).toBe(202);
  return ((await response.json()) as { contactId: string }).contactId;
}

async function patch(path: string, body: unknown): Promise<Response> {
  return api.admin(path, { method: 'PATCH', body: JSON.stringify(body) });
}

async function expectProblem(response: Response, status: number, path?: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  const body = (await response.json()) as Problem;
  if (path) expect(body.errors?.map((error) => error.path)).toContain(path);
}

beforeAll(async () => {
  setup = await aCaptureSetup(`cdata-${suffix}`, { fields: [{ name: 'firstName' }, { name: 'lastName' }, { name: 'company' }] });
});

describe('channels and addresses of contacts', () => {
  it('changes channels with proof and shows the effective state with its reason', async () => {
    const id = await capture({ email: `kanal-${suffix}@example.de`, firstName: 'Karla', lastName: 'Kanal' });

    const response = await patch(`/v1/contacts/${id}`, { channels: { phone: 'blocked' }, address: HANNOVER });
    expect(response.status).toBe(200);
    const view = await api.adminJson<View>(`/v1/contacts/${id}`);

    expect(view.contact.address).toEqual(HANNOVER);
    expect(view.effectiveChannels).toEqual({
      email: { status: 'allowed', reason: 'default' },
      post: { status: 'allowed', reason: 'default' },
      phone: { status: 'blocked', reason: 'contact' },
    });
    expect(view.channelHistory.phone).toEqual([expect.objectContaining({ status: 'blocked', method: 'admin', source: 'api' })]);
    expect(view.postalAddress).toEqual({ address: HANNOVER, from: 'contact' });
    expect(JSON.stringify(view)).not.toMatch(/"(pk|sk|companyChannels)"/);
  });

  it.each([
    ['an unknown channel', { channels: { fax: 'blocked' } }, 'channels.fax'],
    ['a status that is neither allowed nor blocked', { channels: { post: 'maybe' } }, 'channels.post'],
    ['a German postal code of four digits', { address: { ...HANNOVER, postalCode: '3015' } }, 'address.postalCode'],
    ['an Austrian postal code of five digits', { address: { ...HANNOVER, country: 'AT', postalCode: '10100' } }, 'address.postalCode'],
    ['a country that is no ISO code', { address: { ...HANNOVER, country: 'Deutschland' } }, 'address.country'],
    ['an address without street', { address: { postalCode: '30159', city: 'Hannover', country: 'DE' } }, 'address.street'],
  ])('answers 400 naming the field for %s', async (_, body, path) => {
    const id = await capture({ email: `bad-${randomUUID().slice(0, 6)}-${suffix}@example.de` });
    await expectProblem(await patch(`/v1/contacts/${id}`, body), 400, path);
    expect((await api.adminJson<View>(`/v1/contacts/${id}`)).channelHistory).toEqual({});
  });
});

describe('companies', () => {
  let companyId: string;
  let person: string;

  beforeAll(async () => {
    person = await capture({ email: `firma-${suffix}@example.de`, firstName: 'Fritz', lastName: 'Firma', company });
    companyId = (
      await until(
        'the company of the capture',
        () => api.adminJson<View>(`/v1/contacts/${person}`),
        (view) => view.contact.companyId !== undefined,
      )
    ).contact.companyId as string;
  });

  it("blocks post for all its people, and a segment on channel.post finds them through the profile's copy", async () => {
    const segment = await api.adminJson<{ id: string }>('/v1/segments', {
      name: `No post ${suffix}`,
      rule: {
        all: [
          { field: 'company', op: 'eq', value: company },
          { field: 'channel.post', op: 'eq', value: 'blocked' },
        ],
      },
      schedule: 'daily',
    });

    const response = await patch(`/v1/companies/${companyId}`, { channels: { post: 'blocked' }, address: STUTTGART });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: companyId, address: STUTTGART, channels: { post: { status: 'blocked', method: 'admin' } } });

    const view = await api.adminJson<View>(`/v1/contacts/${person}`);
    expect(view.effectiveChannels.post).toEqual({ status: 'blocked', reason: 'company' });
    expect(view.postalAddress).toEqual({ address: STUTTGART, from: 'company' });
    const withPeople = await api.adminJson<{ channelProofs: Array<{ channel: string; status: string }> }>(`/v1/companies/${companyId}`);
    expect(withPeople.channelProofs).toEqual([expect.objectContaining({ channel: 'post', status: 'blocked' })]);
    // The copy reaches the profile, and the stream's refresh puts the person into the segment.
    await until(
      'the person in the no-post segment',
      () => api.adminJson<{ items: Array<{ id: string }> }>(`/v1/segments/${segment.id}/members`),
      (members) => members.items.some((member) => member.id === person),
    );
  });

  it('gives a person who joins later the company’s block (through the stream)', async () => {
    const segment = await api.adminJson<{ id: string }>('/v1/segments', {
      name: `Joined ${suffix}`,
      rule: {
        all: [
          { field: 'company', op: 'eq', value: company },
          { field: 'channel.post', op: 'eq', value: 'blocked' },
        ],
      },
      schedule: 'daily',
    });
    const joiner = await capture({ email: `neu-${suffix}@example.de`, lastName: 'Neu', company });
    await until(
      'the new colleague in the no-post segment',
      () => api.adminJson<{ items: Array<{ id: string }> }>(`/v1/segments/${segment.id}/members`),
      (members) => members.items.some((member) => member.id === joiner),
    );
  });

  it('answers 404 for an unknown company and 400 naming the field for a bad change', async () => {
    await expectProblem(await patch(`/v1/companies/nope-${suffix}`, { channels: { post: 'blocked' } }), 404);
    await expectProblem(await patch(`/v1/companies/${companyId}`, { channels: { telegram: 'blocked' } }), 400, 'channels.telegram');
    await expectProblem(await patch(`/v1/companies/${companyId}`, { address: { ...STUTTGART, postalCode: 'ABC' } }), 400, 'address.postalCode');
    await expectProblem(await patch(`/v1/companies/${companyId}`, { name: 'Renamed' }), 400);
    await expectProblem(await patch(`/v1/companies/${companyId}`, {}), 400);
  });
});

describe('print export', () => {
  let segmentId: string;
  let printCampaign: string;
  const tag = `katalog-${suffix}`;
  const people: Record<string, string> = {};

  beforeAll(async () => {
    const segment = await api.adminJson<{ id: string }>('/v1/segments', {
      name: `Katalog ${suffix}`,
      rule: { field: 'tags', op: 'eq', value: tag },
      schedule: 'daily',
    });
    segmentId = segment.id;
    printCampaign = (await api.adminJson<{ id: string }>('/v1/campaigns', { name: `Katalog ${suffix}`, channel: 'print' })).id;
    people.listed = await capture({ email: `gelistet-${suffix}@example.de`, firstName: 'Jörg', lastName: 'Gelistet' });
    people.blocked = await capture({ email: `gesperrt-${suffix}@example.de`, firstName: 'Greta', lastName: 'Gesperrt' });
    people.homeless = await capture({ email: `ohne-${suffix}@example.de`, firstName: 'Otto', lastName: 'Ohne' });
    await patch(`/v1/contacts/${people.listed}`, { tags: [tag], address: HANNOVER });
    await patch(`/v1/contacts/${people.blocked}`, { tags: [tag], address: HANNOVER, channels: { post: 'blocked' } });
    await patch(`/v1/contacts/${people.homeless}`, { tags: [tag] });
    await until(
      'three members',
      () => api.adminJson<{ items: unknown[] }>(`/v1/segments/${segmentId}/members`),
      (members) => members.items.length === 3,
    );
  });

  it('answers a ;-separated UTF-8 CSV with a BOM and the counts in X-Export-Counts, and touches each listed person once', async () => {
    const response = await api.admin(`/v1/segments/${segmentId}/print-export?campaignId=${printCampaign}`, { method: 'POST', headers: { accept: 'text/csv' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(JSON.parse(response.headers.get('x-export-counts') ?? '{}')).toEqual({ exported: 1, excluded: { postBlocked: 1, noAddress: 1 } });
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines).toEqual(['name;company;street;addressLine2;postalCode;city;country', 'Jörg Gelistet;;Hauptstraße 5;;30159;Hannover;DE']);

    const again = await api.admin(`/v1/segments/${segmentId}/print-export?campaignId=${printCampaign}`, {
      method: 'POST',
      headers: { accept: 'application/json' },
    });
    expect(again.status).toBe(200);
    const json = (await again.json()) as { exported: number; excluded: unknown; csv: string };
    expect(json).toMatchObject({ exported: 1, excluded: { postBlocked: 1, noAddress: 1 } });
    expect(json.csv).toContain('Jörg Gelistet');

    const view = await api.adminJson<View>(`/v1/contacts/${people.listed}`);
    expect(view.timeline.filter((entry) => entry.touchpointKind === 'print_mailing')).toEqual([expect.objectContaining({ campaignId: printCampaign })]);
    const blocked = await api.adminJson<View>(`/v1/contacts/${people.blocked}`);
    expect(blocked.timeline.some((entry) => entry.touchpointKind === 'print_mailing')).toBe(false);
  });

  it('credits the print campaign with the listed person as its lead', async () => {
    await until(
      'the print campaign counting its lead',
      () => api.adminJson<{ leads: number }>(`/v1/analytics/campaigns/${printCampaign}`),
      (report) => report.leads === 1,
    );
  });

  it('answers 400 for a campaign that is not print, a missing or unknown campaign, and 404 for an unknown segment', async () => {
    const post = (path: string) => api.admin(path, { method: 'POST' });
    await expectProblem(await post(`/v1/segments/${segmentId}/print-export?campaignId=${setup.campaign.id}`), 400, 'campaignId');
    await expectProblem(await post(`/v1/segments/${segmentId}/print-export`), 400, 'query.campaignId');
    await expectProblem(await post(`/v1/segments/${segmentId}/print-export?campaignId=nope-${suffix}`), 400, 'campaignId');
    await expectProblem(await post(`/v1/segments/nope-${suffix}/print-export?campaignId=${printCampaign}`), 404);
  });
});
