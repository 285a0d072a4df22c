import { describe, expect, it } from 'vitest';
import { createJourneySchema } from '#shared/domain/journey';
import type { JourneyDefinition } from '#shared/domain/journey-lifecycle';
import { inTriggerAudience, simulateWay } from '#shared/domain/journey-simulation';
import type { SegmentFacts } from '#shared/domain/segment-rule';

const NOW = new Date('2026-12-01T10:00:00Z');
const from = 'news@example.de';
const definitionOf = (input: unknown): JourneyDefinition => {
  const { name: _name, ...definition } = createJourneySchema.parse(input);
  return definition;
};
const welcome = definitionOf({
  name: 'Welcome',
  trigger: { type: 'consent_granted', topic: 'newsletter' },
  steps: [
    { id: 'welcome', type: 'send_email', templateId: 't-1', topic: 'newsletter', from, next: 'pause' },
    { id: 'pause', type: 'wait', duration: { days: 2 }, next: 'buyer' },
    { id: 'buyer', type: 'branch', rule: { field: 'orders.count', op: 'gt', value: 0 }, yes: 'done', no: 'tips' },
    { id: 'tips', type: 'send_email', templateId: 't-2', topic: 'newsletter', from },
    { id: 'done', type: 'exit' },
  ],
});
const facts = (overrides: Partial<SegmentFacts> = {}): SegmentFacts => ({
  id: 'c-1',
  version: 1,
  createdAt: NOW.toISOString(),
  consents: { newsletter: { status: 'granted', at: NOW.toISOString() } },
  orders: { count: 0, totalMinor: 0 },
  ...overrides,
});

describe('a journey forecast over today’s contacts', () => {
  it('takes the trigger’s audience today: consent holders, segment members, customers, recent leads of the form', () => {
    expect(inTriggerAudience(welcome.trigger, facts(), NOW, 30)).toBe(true);
    expect(inTriggerAudience(welcome.trigger, facts({ consents: { newsletter: { status: 'withdrawn', at: NOW.toISOString() } } }), NOW, 30)).toBe(false);
    expect(inTriggerAudience({ type: 'segment_entered', segmentId: 's-1' }, facts({ segments: { 's-1': NOW.toISOString() } }), NOW, 30)).toBe(true);
    expect(inTriggerAudience({ type: 'order_placed' }, facts(), NOW, 30)).toBe(false);
    const touch = { at: '2026-11-20T10:00:00Z', channel: 'web', source: 'direct', formId: 'f-1' };
    expect(inTriggerAudience({ type: 'lead_captured', formId: 'f-1' }, facts({ lastTouch: touch }), NOW, 30)).toBe(true);
    expect(inTriggerAudience({ type: 'lead_captured', formId: 'f-2' }, facts({ lastTouch: touch }), NOW, 30)).toBe(false);
    expect(inTriggerAudience({ type: 'lead_captured' }, facts({ lastTouch: touch }), NOW, 5)).toBe(false);
  });

  it('walks the steps with today’s facts: mails on day 0 and after the wait on day 2, the branch by its rule', () => {
    expect(simulateWay(welcome, 'j-1', facts(), NOW, 30)).toEqual({ reached: ['welcome', 'pause', 'buyer', 'tips'], mailDays: [0, 2] });
    expect(simulateWay(welcome, 'j-1', facts({ orders: { count: 3, totalMinor: 900 } }), NOW, 30)).toEqual({
      reached: ['welcome', 'pause', 'buyer', 'done'],
      mailDays: [0],
    });
  });

  it('counts no mail for the holdout, for anyone without the topic’s consent, or beyond the horizon', () => {
    const held = { ...welcome, holdoutPercent: 50 };
    const ways = Array.from({ length: 200 }, (_, index) => simulateWay(held, 'j-1', facts({ id: `c-${index}` }), NOW, 30));
    const mailed = ways.filter((way) => way.mailDays.length > 0).length;
    expect(mailed).toBeGreaterThan(70);
    expect(mailed).toBeLessThan(130);
    expect(ways.every((way) => way.reached[0] === 'welcome')).toBe(true);
    expect(simulateWay(welcome, 'j-1', facts({ consents: {} }), NOW, 30).mailDays).toEqual([]);
    expect(simulateWay(welcome, 'j-1', facts(), NOW, 1).mailDays).toEqual([0]);
  });
});
