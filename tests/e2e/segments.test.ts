import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { aCaptureSetup, api, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
const company = `Segmenta ${suffix} GmbH`;
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

interface SegmentBody {
  id: string;
  name: string;
  memberCount: number;
  evaluatedAt?: string;
  lastRun?: { runId: string; entered: number; exited: number; durationMs: number };
}
interface MembersBody {
  items: Array<{ id: string; email?: string; enteredAt: string }>;
  nextCursor?: string;
}

/** Past customers of this test's company without an order for a year (API.md's example, scoped). */
const lapsedCustomers = {
  all: [
    { field: 'company', op: 'eq', value: company },
    { field: 'orders.count', op: 'gt', value: 0 },
    { any: [{ field: 'orders.lastAt', op: 'before', value: { daysAgo: 365 } }, { not: { field: 'orders.lastAt', op: 'exists' } }] },
  ],
};

const people: Record<'lapsed1' | 'lapsed2' | 'recent' | 'never', string> = { lapsed1: '', lapsed2: '', recent: '', never: '' };

async function busEvents(detailType: string): Promise<Array<{ detail: { segmentId: string; contactId: string } }>> {
  const { events } = (await (await fetch(`${inject('eventsUrl')}/events`)).json()) as {
    events: Array<{ detailType: string; detail: { segmentId: string; contactId: string } }>;
  };
  return events.filter((event) => event.detailType === detailType);
}

beforeAll(async () => {
  const setup = await aCaptureSetup(`seg-${suffix}`, { fields: [{ name: 'company' }], doubleOptIn: false });
  for (const key of Object.keys(people) as Array<keyof typeof people>) {
    const response = await api.submit(setup.form.id, JSON.stringify({ email: `${key}-${suffix}@example.de`, company }));
    expect(response.status).toBe(202);
    people[key] = ((await response.json()) as { contactId: string }).contactId;
  }
  const order = (contactId: string, days: number) =>
    api.adminJson('/v1/orders', { orderId: `SEG-${suffix}-${contactId}-${days}`, contactId, amountMinor: 9900, currency: 'EUR', orderedAt: ago(days) });
  await order(people.lapsed1, 400);
  await order(people.lapsed2, 366);
  await order(people.recent, 10);
});

describe('segments through the local stack', () => {
  it('refuses a bad rule with errors naming the bad part, and an unknown topic', async () => {
    const bad = await api.admin('/v1/segments', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Bad',
        rule: {
          all: [
            { field: 'orders.lastAt', op: 'gt', value: 3 },
            { field: 'score', op: 'lt', value: 'x' },
          ],
        },
      }),
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await bad.json()) as { errors: Array<{ path: string }> };
    expect(problem.errors.map((error) => error.path)).toEqual(['rule.all.0.op', 'rule.all.1.value']);

    const unknownTopic = await api.admin('/v1/segments', {
      method: 'POST',
      body: JSON.stringify({ name: 'T', rule: { field: 'consent.nope-topic', op: 'exists' } }),
    });
    expect(unknownTopic.status).toBe(400);
    expect(await unknownTopic.text()).toContain('nope-topic');
    expect((await api.admin('/v1/segments/no-such-segment')).status).toBe(404);
  });

  it("previews a rule's count and a sample without saving", async () => {
    const preview = await api.adminJson<{ count: number; sample: Array<{ id: string; email: string }> }>('/v1/segments/preview', { rule: lapsedCustomers });
    expect(preview.count).toBe(2);
    expect(preview.sample.map((contact) => contact.id).sort()).toEqual([people.lapsed1, people.lapsed2].sort());
    expect(preview.sample[0]?.email).toMatch(/^lapsed\d-/);
  });

  it('is evaluated by the scheduled run, shows members and counts, and keeps fresh when a contact changes', async () => {
    const segment = await api.adminJson<SegmentBody>('/v1/segments', { name: `Lapsed ${suffix}`, rule: lapsedCustomers, schedule: 'hourly' });
    expect(segment).toMatchObject({ memberCount: 0 });
    expect(segment.evaluatedAt).toBeUndefined();

    // The local scheduler's tick for the runner, as EventBridge fires it on rate(15 minutes).
    const tick = await fetch(`${inject('eventsUrl')}/schedules/segments-run/fire`, { method: 'POST' });
    expect(tick.status).toBe(200);
    // The run finds both. How many it enters itself depends on whether the stream had already refreshed
    // them (the beforeAll orders may reach contact-refresh after the segment exists): both paths are right.
    const { result } = (await tick.json()) as { result: { segments: Array<{ id: string; members: number; entered: number }> } };
    expect(result.segments.find((entry) => entry.id === segment.id)).toMatchObject({ members: 2, exited: 0 });

    const evaluated = await api.adminJson<SegmentBody>(`/v1/segments/${segment.id}`);
    expect(evaluated).toMatchObject({
      memberCount: 2,
      evaluatedAt: expect.any(String),
      lastRun: { runId: expect.any(String), exited: 0, durationMs: expect.any(Number) },
    });

    const first = await api.adminJson<MembersBody>(`/v1/segments/${segment.id}/members?limit=1`);
    expect(first.items).toHaveLength(1);
    const second = await api.adminJson<MembersBody>(`/v1/segments/${segment.id}/members?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect([...first.items, ...second.items].map((member) => member.id).sort()).toEqual([people.lapsed1, people.lapsed2].sort());
    expect(first.items[0]?.email).toMatch(/^lapsed\d-/);

    const view = await api.adminJson<{ segments: Array<{ id: string; name: string }> }>(`/v1/contacts/${people.lapsed1}`);
    expect(view.segments).toEqual([expect.objectContaining({ id: segment.id, name: `Lapsed ${suffix}` })]);

    await until(
      'segment.entered events',
      () => busEvents('segment.entered'),
      (events) => events.filter((event) => event.detail.segmentId === segment.id).length === 2,
    );

    // A new order for one of them: the stream refreshes its membership at once, without a run.
    await api.adminJson('/v1/orders', { orderId: `SEG-${suffix}-fresh`, contactId: people.lapsed1, amountMinor: 100, currency: 'EUR', orderedAt: ago(0) });
    const after = await until(
      'the member to leave',
      () => api.adminJson<MembersBody>(`/v1/segments/${segment.id}/members`),
      (members) => members.items.length === 1,
    );
    expect(after.items[0]?.id).toBe(people.lapsed2);
    expect((await api.adminJson<SegmentBody>(`/v1/segments/${segment.id}`)).memberCount).toBe(1);
    const exited = await until(
      'a segment.exited event',
      () => busEvents('segment.exited'),
      (events) => events.some((event) => event.detail.segmentId === segment.id),
    );
    expect(exited.find((event) => event.detail.segmentId === segment.id)?.detail.contactId).toBe(people.lapsed1);

    // The next tick does not evaluate it again: an hourly segment is not due yet.
    const again = (await (await fetch(`${inject('eventsUrl')}/schedules/segments-run/fire`, { method: 'POST' })).json()) as {
      result: { segments: Array<{ id: string }> };
    };
    expect(again.result.segments.map((entry) => entry.id)).not.toContain(segment.id);
  });

  it('evaluates a segment now on request and reports the run', async () => {
    const segment = await api.adminJson<SegmentBody>('/v1/segments', {
      name: `Never ordered ${suffix}`,
      rule: {
        all: [
          { field: 'company', op: 'eq', value: company },
          { field: 'orders.count', op: 'eq', value: 0 },
        ],
      },
      schedule: 'off',
    });
    const response = await api.admin(`/v1/segments/${segment.id}/evaluate`, { method: 'POST' });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    const done = await until(
      'the requested run',
      () => api.adminJson<SegmentBody>(`/v1/segments/${segment.id}`),
      (body) => body.lastRun?.runId === runId,
    );
    expect(done).toMatchObject({ memberCount: 1, lastRun: { exited: 0 } });
    expect((await api.adminJson<MembersBody>(`/v1/segments/${segment.id}/members`)).items.map((member) => member.id)).toEqual([people.never]);

    const renamed = await api.adminJson<SegmentBody>(`/v1/segments/${segment.id}`, { name: `Prospects ${suffix}` }, 'PATCH');
    expect(renamed).toMatchObject({ name: `Prospects ${suffix}`, memberCount: 1, evaluatedAt: done.evaluatedAt });
  });
});
