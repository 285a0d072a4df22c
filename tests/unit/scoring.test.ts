import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeScore, decayed, fullMonthsBetween, type ScoreEntry, type ScoringConfigInput, scoringConfigSchema } from '#shared/domain/scoring';
import type { SegmentFacts } from '#shared/domain/segment-rule';
import { ValidationError } from '#shared/domain/errors';
import { parseWith } from '#shared/http/validate';

const NOW = new Date('2026-09-10T12:00:00.000Z');
const entry = (eventId: string, kind: ScoreEntry['kind'], at: string, label?: string): ScoreEntry => ({ eventId, kind, at, ...(label ? { label } : {}) });
const facts = (overrides: Partial<SegmentFacts> = {}): SegmentFacts => ({ id: 'c1', version: 1, createdAt: '2026-01-01T00:00:00.000Z', ...overrides });
const config = (overrides: Partial<ScoringConfigInput> = {}): ScoringConfigInput => ({ rules: [], decayPercentPerMonth: 0, qualifyAt: 50, ...overrides });

/** The issues a rejected config names, as `path: message`. */
function issuesOf(input: unknown): string[] {
  try {
    parseWith(scoringConfigSchema, input, 'scoring rules');
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((issue) => issue.path);
    throw error;
  }
  return [];
}

describe('scoring rules', () => {
  it('accepts the issue’s rules: form +20, clicks +5 at most 3 times in 30 days, orders +50, activities +10, a rule on the job title +15', () => {
    const parsed = parseWith(
      scoringConfigSchema,
      {
        rules: [
          { id: 'forms', event: 'form_submitted', points: 20 },
          { id: 'clicks', event: 'email_clicked', points: 5, maxTimes: 3, perDays: 30 },
          { id: 'orders', event: 'order_placed', points: 50 },
          { id: 'activities', event: 'activity_logged', points: 10 },
          { id: 'buyer', rule: { field: 'jobTitle', op: 'contains', value: 'Einkauf' }, points: 15 },
        ],
        decayPercentPerMonth: 10,
        qualifyAt: 60,
      },
      'scoring rules',
    );
    expect(parsed.rules).toHaveLength(5);
  });

  it('names the bad field of every rejected config', () => {
    expect(issuesOf({ rules: [{ id: 'x', event: 'page_viewed', points: 1 }], decayPercentPerMonth: 0, qualifyAt: 10 })).toEqual(['rules.0.event']);
    expect(issuesOf({ rules: [], decayPercentPerMonth: -1, qualifyAt: 10 })).toEqual(['decayPercentPerMonth']);
    expect(issuesOf({ rules: [], decayPercentPerMonth: 101, qualifyAt: 10 })).toEqual(['decayPercentPerMonth']);
    expect(issuesOf({ rules: [{ id: 'x', event: 'email_clicked', points: 1, maxTimes: 3 }], decayPercentPerMonth: 0, qualifyAt: 10 })).toEqual([
      'rules.0.perDays',
    ]);
    expect(issuesOf({ rules: [{ id: 'x', event: 'email_clicked', points: 1, perDays: 3 }], decayPercentPerMonth: 0, qualifyAt: 10 })).toEqual([
      'rules.0.maxTimes',
    ]);
    expect(issuesOf({ rules: [{ id: 'x', points: 1 }], decayPercentPerMonth: 0, qualifyAt: 10 })).toEqual(['rules.0.event']);
    expect(
      issuesOf({ rules: [{ id: 'x', event: 'imported', rule: { field: 'score', op: 'gt', value: 1 }, points: 1 }], decayPercentPerMonth: 0, qualifyAt: 10 }),
    ).toEqual(['rules.0.event']);
    expect(
      issuesOf({ rules: [{ id: 'x', rule: { field: 'jobTitel', op: 'contains', value: 'a' }, points: 1 }], decayPercentPerMonth: 0, qualifyAt: 10 }),
    ).toEqual(['rules.0.rule.field']);
    expect(issuesOf({ rules: [{ id: 'x', event: 'imported', points: 1.5 }], decayPercentPerMonth: 0, qualifyAt: 10 })).toEqual(['rules.0.points']);
    expect(
      issuesOf({
        rules: [
          { id: 'x', event: 'imported', points: 1 },
          { id: 'x', event: 'email_opened', points: 1 },
        ],
        decayPercentPerMonth: 0,
        qualifyAt: 10,
      }),
    ).toEqual(['rules.1.id']);
    expect(issuesOf({ rules: [], decayPercentPerMonth: 0 })).toEqual(['qualifyAt']);
  });
});

describe('decay', () => {
  it('counts full calendar months, a short month ending on its last day', () => {
    expect(fullMonthsBetween(new Date('2026-01-31T10:00:00Z'), new Date('2026-02-28T09:59:59Z'))).toBe(0);
    expect(fullMonthsBetween(new Date('2026-01-31T10:00:00Z'), new Date('2026-02-28T10:00:00Z'))).toBe(1);
    expect(fullMonthsBetween(new Date('2026-06-03T08:00:00Z'), new Date('2026-07-03T07:59:59Z'))).toBe(0);
    expect(fullMonthsBetween(new Date('2026-06-03T08:00:00Z'), new Date('2026-07-03T08:00:00Z'))).toBe(1);
    expect(fullMonthsBetween(new Date('2026-06-03T08:00:00Z'), new Date('2027-06-03T08:00:00Z'))).toBe(12);
    expect(fullMonthsBetween(new Date('2026-06-03T08:00:00Z'), new Date('2026-05-03T08:00:00Z'))).toBe(0);
  });

  it('takes the percentage off for every full month, rounded: +5 three months at 20 % is 3', () => {
    expect(decayed(5, 20, 3)).toBe(3);
    expect(decayed(20, 10, 0)).toBe(20);
    expect(decayed(-10, 50, 1)).toBe(-5);
    expect(decayed(50, 100, 1)).toBe(0);
  });
});

describe('computeScore', () => {
  const rules = config({
    rules: [
      { id: 'forms', event: 'form_submitted', points: 20 },
      { id: 'clicks', event: 'email_clicked', points: 5, maxTimes: 3, perDays: 30 },
      { id: 'buyer', rule: { field: 'jobTitle', op: 'contains', value: 'einkauf' }, points: 15 },
    ],
    decayPercentPerMonth: 20,
  });

  it('explains every point: "+5 clicked Sommer-Newsletter on 2026-06-03, decayed to 3"', () => {
    const { score, lines } = computeScore([entry('e1', 'email_clicked', '2026-06-03T08:00:00.000Z', 'Sommer-Newsletter')], rules, facts(), NOW);
    expect(lines).toEqual([{ at: '2026-06-03T08:00:00.000Z', event: 'email_clicked', ruleId: 'clicks', label: 'Sommer-Newsletter', points: 5, decayedTo: 3 }]);
    expect(score).toBe(3);
  });

  it('awards a capped event at most maxTimes within perDays, and again once the window has passed', () => {
    const clicks = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-10-03'].map((day, at) =>
      entry(`c${at}`, 'email_clicked', `${day}T10:00:00.000Z`),
    );
    const { lines } = computeScore(
      clicks,
      config({ rules: [rules.rules[1] as ScoringConfigInput['rules'][number]] }),
      facts(),
      new Date('2026-10-04T00:00:00Z'),
    );
    expect(lines.map((line) => line.at.slice(0, 10)).sort()).toEqual(['2026-09-01', '2026-09-02', '2026-09-03', '2026-10-03']);
  });

  it('adds a fact rule while it holds (any case), undecayed', () => {
    expect(computeScore([], rules, facts({ jobTitle: 'Leiterin Einkauf' }), NOW).score).toBe(15);
    expect(computeScore([], rules, facts({ jobTitle: 'Vertrieb' }), NOW).score).toBe(0);
  });

  it('gives the same score whatever order the ledger is read in (property)', () => {
    const kinds = ['form_submitted', 'email_clicked', 'email_opened'] as const;
    const entries = fc.array(
      fc.record({ kind: fc.constantFrom(...kinds), day: fc.integer({ min: 0, max: 400 }) }).map(({ kind, day }) => ({ kind, day })),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(entries, fc.integer({ min: 0, max: 2 ** 31 }), (raw, seed) => {
        const ledger = raw.map(({ kind, day }, at) => entry(`e${at}`, kind, new Date(NOW.getTime() - day * 86_400_000).toISOString()));
        const shuffled = [...ledger].sort((a, b) => ((a.eventId.length * seed) % 7) - ((b.eventId.length * seed) % 7) || b.eventId.localeCompare(a.eventId));
        expect(computeScore(shuffled, rules, facts(), NOW).score).toBe(computeScore(ledger, rules, facts(), NOW).score);
      }),
      { numRuns: 200 },
    );
  });
});
