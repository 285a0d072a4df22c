import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
let setup: Awaited<ReturnType<typeof aCaptureSetup>>;

interface View {
  contact: { address?: Record<string, string>; postalCode?: string; city?: string };
  effectiveChannels: Record<string, { status: string; reason: string }>;
  channelHistory: Record<string, Array<{ status: string; method: string; source: string; text?: string }> | undefined>;
}

const ORIGIN = { origin: 'https://www.example.de', 'content-type': 'application/x-www-form-urlencoded' };

beforeAll(async () => {
  setup = await aCaptureSetup(suffix, {
    doubleOptIn: false,
    fields: [
      { name: 'firstName' },
      { name: 'channel.post', label: 'Ja, schickt mir den Katalog per Post.' },
      { name: 'channel.phone' },
      { name: 'street' },
      { name: 'postalCode' },
      { name: 'city' },
      { name: 'country' },
    ],
  });
});

async function submitted(body: string): Promise<View> {
  const response = await api.submit(setup.form.id, body, ORIGIN);
  expect(response.status).toBe(200);
  const email = new URLSearchParams(body).get('email') ?? '';
  const found = await api.adminJson<{ items: Array<{ id: string }> }>(`/v1/contacts?email=${encodeURIComponent(email)}`);
  return api.adminJson<View>(`/v1/contacts/${found.items[0]?.id}`);
}

describe('forms with channel boxes and an address', () => {
  it('the embed HTML has the boxes with their texts and the address inputs', () => {
    expect(setup.form.embedHtml).toContain('name="channel.post" value="on"> Ja, schickt mir den Katalog per Post.');
    expect(setup.form.embedHtml).toContain('name="postalCode" type="text" autocomplete="postal-code"');
  });

  it('a ticked post box allows post with a proof from the form; the unticked phone box records nothing; the address lands', async () => {
    const view = await submitted(
      `email=post-${suffix}%40example.de&firstName=Paula&channel.post=on&street=Hauptstra%C3%9Fe+5&postalCode=30159&city=Hannover&country=Deutschland`,
    );
    expect(view.effectiveChannels.post).toEqual({ status: 'allowed', reason: 'contact' });
    expect(view.effectiveChannels.phone).toEqual({ status: 'allowed', reason: 'default' });
    expect(view.channelHistory.post).toEqual([
      expect.objectContaining({ status: 'allowed', method: 'form', source: `form:${setup.form.id}`, text: 'Ja, schickt mir den Katalog per Post.' }),
    ]);
    expect(view.channelHistory.phone ?? []).toEqual([]);
    expect(view.contact.address).toEqual({ street: 'Hauptstraße 5', postalCode: '30159', city: 'Hannover', country: 'DE' });
  });

  it('refuses an address that does not validate, naming the field, and stores nothing', async () => {
    const email = `bad-${suffix}@example.de`;
    const response = await api.submit(setup.form.id, JSON.stringify({ email, street: 'Weg 1', postalCode: '3015', city: 'Hannover', country: 'DE' }), {
      origin: 'https://www.example.de',
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: Array<{ path: string }> };
    expect(problem.errors.map((error) => error.path)).toEqual(['postalCode']);
    const missing = await api.submit(setup.form.id, JSON.stringify({ email, city: 'Hannover' }), { origin: 'https://www.example.de' });
    expect(((await missing.json()) as { errors: Array<{ path: string }> }).errors.map((error) => error.path)).toEqual(['street', 'country', 'postalCode']);
    expect(await api.adminJson(`/v1/contacts?email=${encodeURIComponent(email)}`)).toEqual({ items: [] });
  });

  it('refuses a form whose channel box is required', async () => {
    const response = await api.admin('/v1/forms', {
      method: 'POST',
      body: JSON.stringify({ name: `Pflicht ${suffix}`, allowedOrigins: ['https://www.example.de'], fields: [{ name: 'channel.email', required: true }] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: Array<{ path: string }> }).errors.map((error) => error.path)).toEqual(['fields.0.required']);
  });
});
