import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, mailsOnceArrived } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
let setup: Awaited<ReturnType<typeof aCaptureSetup>>;

beforeAll(async () => {
  setup = await aCaptureSetup(`idem-${suffix}`);
});

describe('Idempotency-Key', () => {
  it('replays the first answer for a retried submission and changes nothing twice', async () => {
    const email = `retry-${suffix}@example.de`;
    const body = JSON.stringify({ email, consent: [setup.topicId] });
    const key = randomUUID();
    const first = await api.submit(setup.form.id, body, { 'idempotency-key': key });
    const retry = await api.submit(setup.form.id, body, { 'idempotency-key': key });
    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const firstBody = (await first.json()) as { contactId: string };
    expect(await retry.json()).toEqual(firstBody);
    const view = await api.adminJson<{ touchpoints: unknown[] }>(`/v1/contacts/${firstBody.contactId}`);
    expect(view.touchpoints).toHaveLength(1);
    expect(await mailsOnceArrived(email)).toHaveLength(1);
  });

  it('refuses the same key with a different body with 409', async () => {
    const key = randomUUID();
    await api.submit(setup.form.id, JSON.stringify({ email: `a-${suffix}@example.de` }), { 'idempotency-key': key });
    const other = await api.submit(setup.form.id, JSON.stringify({ email: `b-${suffix}@example.de` }), { 'idempotency-key': key });
    expect(other.status).toBe(409);
  });

  it('creates one campaign for a retried admin POST', async () => {
    const key = randomUUID();
    const body = JSON.stringify({ name: `Retry ${suffix}`, channel: 'ad' });
    const first = await api.admin('/v1/campaigns', { method: 'POST', body, headers: { 'idempotency-key': key } });
    const retry = await api.admin('/v1/campaigns', { method: 'POST', body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(((await retry.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
  });

  it('lets a retry run again after the first attempt failed', async () => {
    const key = randomUUID();
    const bad = await api.admin('/v1/campaigns', {
      method: 'POST',
      body: JSON.stringify({ name: `Code ${suffix}`, code: `taken-${suffix}`, channel: 'ad' }),
      headers: { 'idempotency-key': key },
    });
    expect(bad.status).toBe(201);
    const clash = randomUUID();
    expect(
      (
        await api.admin('/v1/campaigns', {
          method: 'POST',
          body: JSON.stringify({ name: `Code ${suffix}`, code: `taken-${suffix}`, channel: 'ad' }),
          headers: { 'idempotency-key': clash },
        })
      ).status,
    ).toBe(409);
    const again = await api.admin('/v1/campaigns', {
      method: 'POST',
      body: JSON.stringify({ name: `Code ${suffix}`, code: `taken-${suffix}`, channel: 'ad' }),
      headers: { 'idempotency-key': clash },
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(((await again.json()) as { detail: string }).detail).toMatch(/code .* is already used/);
  });

  it('rejects a malformed key naming the header', async () => {
    const response = await api.submit(setup.form.id, JSON.stringify({ email: `k-${suffix}@example.de` }), { 'idempotency-key': 'x'.repeat(201) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toBe('Idempotency-Key');
  });
});
