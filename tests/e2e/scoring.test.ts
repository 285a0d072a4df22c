import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCaptureSetup, api, until } from '#tests/helpers/api';

const suffix = randomUUID().slice(0, 8);
let setup: Awaited<ReturnType<typeof aCaptureSetup>>;

interface Scoring {
  rules: unknown[];
  version: number;
  qualifyAt: number;
  rebuild: { status: string; done: number; startedAt: string } | null;
}
interface View {
  contact: { score: number; qualifiedAt?: string };
  scoreLedger: Array<{ at: string; event: string; ruleId: string; label: string; points: number; decayedTo: number }>;
}

// Rules that only this file's people meet (a job title with the run's suffix; activities, which other files do not log),
// so the scores other files look at stay as they were; the rules are emptied again at the end.
const RULES = {
  rules: [
    { id: 'buyer', rule: { field: 'jobTitle', op: 'contains', value: `Einkauf-${suffix}` }, points: 15 },
    { id: 'activities', event: 'activity_logged', points: 30, maxTimes: 1, perDays: 30 },
  ],
  decayPercentPerMonth: 10,
  qualifyAt: 40,
};

async function problem(method: string, path: string, body: unknown): Promise<{ status: number; paths: string[] }> {
  const response = await api.admin(path, { method, body: JSON.stringify(body) });
  const json = (await response.json()) as { errors?: Array<{ path: string }> };
  return { status: response.status, paths: (json.errors ?? []).map((error) => error.path) };
}

beforeAll(async () => {
  setup = await aCaptureSetup(`score-${suffix}`, { doubleOptIn: false, fields: [{ name: 'firstName' }, { name: 'jobTitle' }] });
});

afterAll(async () => {
  await api.adminJson('/v1/scoring', { rules: [], decayPercentPerMonth: 0, qualifyAt: 100 }, 'PUT');
});

describe('scoring rules over HTTP', () => {
  it('refuses bad rules with 400 naming each field, and changes nothing', async () => {
    const before = await api.adminJson<Scoring>('/v1/scoring');
    const bad = [
      [{ ...RULES, rules: [{ id: 'x', event: 'page_viewed', points: 5 }] }, 'rules.0.event'],
      [{ ...RULES, decayPercentPerMonth: -5 }, 'decayPercentPerMonth'],
      [{ ...RULES, decayPercentPerMonth: 150 }, 'decayPercentPerMonth'],
      [{ ...RULES, rules: [{ id: 'x', event: 'email_clicked', points: 5, maxTimes: 3 }] }, 'rules.0.perDays'],
      [{ ...RULES, rules: [{ id: 'x', rule: { field: 'jobTitle', op: 'gt', value: 1 }, points: 5 }] }, 'rules.0.rule.op'],
      [{ ...RULES, qualifyAt: 'viel' }, 'qualifyAt'],
    ] as const;
    for (const [body, path] of bad) {
      const answer = await problem('PUT', '/v1/scoring', body);
      expect(answer, path).toEqual({ status: 400, paths: [path] });
    }
    expect((await problem('POST', '/v1/scoring/preview', { rules: 'all' })).status).toBe(400);
    expect((await api.adminJson<Scoring>('/v1/scoring')).version).toBe(before.version);
  });

  it('scores a lead from its facts and its activity, explains each point on the 360° view, and qualifies it once', async () => {
    const saved = await api.adminJson<Scoring>('/v1/scoring', RULES, 'PUT');
    expect(saved.rebuild?.status).toBe('running');
    const submitted = await api.submit(
      setup.form.id,
      JSON.stringify({ email: `einkauf-${suffix}@example.de`, firstName: 'Petra', jobTitle: `Leitung Einkauf-${suffix}` }),
    );
    const { contactId } = (await submitted.json()) as { contactId: string };

    const facts = await until(
      'the fact rule scored',
      () => api.adminJson<View>(`/v1/contacts/${contactId}`),
      (view) => view.contact.score === 15,
    );
    await api.adminJson(`/v1/contacts/${contactId}/activities`, { type: 'call', at: new Date().toISOString(), summary: 'Rückruf vereinbart' });
    await api.adminJson(`/v1/contacts/${contactId}/activities`, { type: 'visit', at: new Date().toISOString(), summary: 'Besuch' });
    const scored = await until(
      'the activity scored',
      () => api.adminJson<View>(`/v1/contacts/${contactId}`),
      (view) => view.contact.score === 45,
    );
    // The second activity within 30 days earns nothing (at most once in 30 days); give it time to arrive.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const settled = await api.adminJson<View>(`/v1/contacts/${contactId}`);

    expect(facts.scoreLedger).toEqual([expect.objectContaining({ event: 'fact', ruleId: 'buyer', points: 15, decayedTo: 15 })]);
    expect(scored.scoreLedger).toContainEqual(
      expect.objectContaining({ event: 'activity_logged', ruleId: 'activities', label: 'call', points: 30, decayedTo: 30 }),
    );
    expect(settled.contact.score).toBe(45);
    expect(settled.contact.qualifiedAt).toEqual(expect.any(String));
    expect(settled.contact).not.toHaveProperty('scoreRulesVersion');
  });

  it('previews a draft: how many would qualify at a lower threshold, and how many qualify now', async () => {
    await api.adminJson('/v1/scoring', RULES, 'PUT');
    const preview = await api.adminJson<{ contacts: number; qualified: number; currentlyQualified: number; sampled: boolean; margin: number }>(
      '/v1/scoring/preview',
      { ...RULES, qualifyAt: 10 },
    );
    const stricter = await api.adminJson<{ qualified: number }>('/v1/scoring/preview', { ...RULES, qualifyAt: 1000 });

    expect(preview.contacts).toBeGreaterThan(0);
    expect(preview.qualified).toBeGreaterThanOrEqual(1);
    expect(preview.currentlyQualified).toBeGreaterThanOrEqual(1);
    expect(stricter.qualified).toBe(0);
  });

  it('rebuilds every score on request (202) and shows the progress until it is done', async () => {
    const answer = await api.admin('/v1/scoring/rebuild', { method: 'POST' });
    expect(answer.status).toBe(202);

    const done = await until(
      'the rebuild done',
      () => api.adminJson<Scoring>('/v1/scoring'),
      (scoring) => scoring.rebuild?.status === 'done',
      90_000,
    );
    expect(done.rebuild?.done).toBeGreaterThan(0);
  }, 120_000);
});
