import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { api, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
/** A currency of this test's own: other tests' orders (in EUR) are classified apart from these (one classification per currency). */
const currency = `Q${String.fromCharCode(65 + Math.floor(Math.random() * 26))}${String.fromCharCode(65 + Math.floor(Math.random() * 26))}`;

interface AbcStatus {
  status: string;
  runId?: string;
  thresholds: { a: number; b: number };
  currencies: Array<{ currency: string; classes: Record<'A' | 'B' | 'C', { accounts: number; revenueMinor: number }> }>;
  none: { accounts: number };
}

async function aBuyer(name: string, amountMinor: number, company?: string): Promise<string> {
  const email = `${name}-${suffix}@example.de`;
  const order = { orderId: `ABC-${name}-${suffix}`, email, amountMinor, currency, orderedAt: new Date().toISOString() };
  const recorded = await api.adminJson<{ contactId: string }>('/v1/orders', order);
  if (company) await api.adminJson(`/v1/contacts/${recorded.contactId}`, { company }, 'PATCH');
  return recorded.contactId;
}

afterAll(async () => {
  await api.adminJson('/v1/settings', { abc: { a: 0.8, b: 0.95 } }, 'PUT');
});

describe('ABC thresholds in the settings', () => {
  it('answers the defaults, takes 0 < a < b ≤ 1, and refuses others naming abc.a or abc.b', async () => {
    expect((await api.adminJson<{ abc: unknown }>('/v1/settings')).abc).toEqual(expect.objectContaining({ a: expect.any(Number), b: expect.any(Number) }));
    const crossed = await api.admin('/v1/settings', { method: 'PUT', body: JSON.stringify({ abc: { a: 0.9, b: 0.8 } }) });
    expect(crossed.status).toBe(400);
    expect(JSON.stringify(await crossed.json())).toContain('abc.b');
    const zero = await api.admin('/v1/settings', { method: 'PUT', body: JSON.stringify({ abc: { a: 0, b: 0.8 } }) });
    expect(zero.status).toBe(400);
    expect(JSON.stringify(await zero.json())).toContain('abc.a');
    expect((await api.adminJson<{ abc: unknown }>('/v1/settings', { abc: { a: 0.8, b: 0.95 } }, 'PUT')).abc).toEqual({ a: 0.8, b: 0.95 });
  });
});

describe('ABC classification over HTTP', () => {
  it('recomputes on request (202), then shows classes per currency on companies, profiles, the company list and in segments', async () => {
    const company = `Abcwerk ${suffix}`;
    const [buyerA, colleague] = [await aBuyer('a1', 50_000, company), await aBuyer('a2', 30_000, company)];
    const solo = await aBuyer('b', 15_000);
    const small = await aBuyer('c', 5_000);

    const requested = await api.admin('/v1/abc/recompute', { method: 'POST' });
    expect(requested.status).toBe(202);
    const { runId } = (await requested.json()) as { runId: string };
    const done = await until(
      'the requested ABC run',
      () => api.adminJson<AbcStatus>('/v1/abc'),
      (status) => status.runId === runId && status.status === 'done',
      60_000,
    );
    expect(done.thresholds).toEqual({ a: 0.8, b: 0.95 });
    expect(done.currencies.find((entry) => entry.currency === currency)).toEqual({
      currency,
      classes: { A: { accounts: 1, revenueMinor: 80_000 }, B: { accounts: 1, revenueMinor: 15_000 }, C: { accounts: 1, revenueMinor: 5_000 } },
    });

    const classOf = async (id: string) => (await api.adminJson<{ contact: { abc?: string; companyId?: string } }>(`/v1/contacts/${id}`)).contact;
    const [first, second, third, fourth] = await Promise.all([buyerA, colleague, solo, small].map(classOf));
    expect([first?.abc, second?.abc, third?.abc, fourth?.abc]).toEqual(['A', 'A', 'B', 'C']);
    const companyId = first?.companyId ?? '';
    expect((await api.adminJson<{ abc?: string; people: Array<{ abc?: string }> }>(`/v1/companies/${companyId}`)).abc).toBe('A');

    const listed = await api.adminJson<{ items: Array<{ id: string; abc: string }> }>('/v1/companies?abc=A&limit=500');
    expect(listed.items.every((item) => item.abc === 'A')).toBe(true);
    expect(listed.items.map((item) => item.id)).toContain(companyId);
    expect((await api.adminJson<{ items: Array<{ id: string }> }>(`/v1/companies?q=${encodeURIComponent(company)}&abc=B`)).items).toEqual([]);
    const badClass = await api.admin('/v1/companies?abc=D');
    expect(badClass.status).toBe(400);
    expect(JSON.stringify(await badClass.json())).toContain('abc');

    const segment = await api.adminJson<{ id: string }>('/v1/segments', {
      name: `A accounts ${suffix}`,
      rule: { field: 'abc', op: 'in', value: ['A'] },
      schedule: 'daily',
    });
    await api.adminJson(`/v1/segments/${segment.id}/evaluate`, {});
    const members = await until(
      'the A segment evaluated',
      () => api.adminJson<{ items: Array<{ id: string }> }>(`/v1/segments/${segment.id}/members?limit=500`),
      (page) => page.items.some((member) => member.id === buyerA),
    );
    expect(members.items.map((member) => member.id)).toEqual(expect.arrayContaining([buyerA, colleague]));
    expect(members.items.map((member) => member.id)).not.toContain(solo);
  }, 120_000);

  it('refuses a segment rule with a class that does not exist, naming the value', async () => {
    const response = await api.admin('/v1/segments', {
      method: 'POST',
      body: JSON.stringify({ name: `Bad ${suffix}`, rule: { field: 'abc', op: 'eq', value: 'D' }, schedule: 'daily' }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('rule.value');
  });
});
