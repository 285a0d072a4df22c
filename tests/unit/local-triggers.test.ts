import { describe, expect, it } from 'vitest';
import { matchesPattern } from '#infra/local/event-pattern';
import { rateMs } from '#infra/local/scheduler';
import { functions } from '#infra/functions';
import { streamFilters } from '#shared/store/keys';

describe('the local scheduler', () => {
  it('reads EventBridge rate expressions, singular for 1 and plural otherwise', () => {
    expect(rateMs('rate(1 hour)')).toBe(3_600_000);
    expect(rateMs('rate(15 minutes)')).toBe(900_000);
    expect(rateMs('rate(2 days)')).toBe(172_800_000);
    for (const bad of ['rate(1 hours)', 'rate(2 hour)', 'rate(0 minutes)', 'cron(0 * * * ? *)', 'every hour']) expect(() => rateMs(bad), bad).toThrow(/rate\(/);
  });

  it('can read every schedule in the manifest', () => {
    for (const spec of functions) for (const schedule of spec.schedules ?? []) expect(rateMs(schedule.expression)).toBeGreaterThanOrEqual(60_000);
  });
});

describe('stream filter patterns, as the local stream poller applies them', () => {
  const record = (eventName: string, pk: string, sk: string, images: { OldImage?: unknown; NewImage?: unknown } = {}) => ({
    eventName,
    dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } }, ...images },
  });
  const passes = (filter: keyof typeof streamFilters, value: unknown) =>
    (streamFilters[filter] as readonly unknown[]).some((pattern) => matchesPattern(pattern, value));

  it('selects changed contact profiles only', () => {
    expect(passes('contactProfiles', record('MODIFY', 'CONTACT#c1', 'PROFILE'))).toBe(true);
    expect(passes('contactProfiles', record('INSERT', 'CONTACT#c1', 'PROFILE'))).toBe(true);
    expect(passes('contactProfiles', record('REMOVE', 'CONTACT#c1', 'PROFILE'))).toBe(false);
    expect(passes('contactProfiles', record('INSERT', 'CONTACT#c1', 'TL#2026'))).toBe(false);
    expect(passes('contactProfiles', record('INSERT', 'COMPANY#c1', 'PROFILE'))).toBe(false);
  });

  it('gives the outbox segment memberships that start or end', () => {
    expect(passes('outbox', record('INSERT', 'SEG#s1', 'C#c1'))).toBe(true);
    expect(passes('outbox', record('REMOVE', 'SEG#s1', 'C#c1'))).toBe(true);
    expect(passes('outbox', record('MODIFY', 'SEG#s1', 'C#c1'))).toBe(false);
    expect(passes('outbox', record('INSERT', 'SEGMENT#s1', 'META'))).toBe(false);
    expect(passes('outbox', { eventName: 'INSERT' })).toBe(false);
  });

  it('gives the outbox new outbox items, consent proofs and touchpoints, not their expiry or other contact items', () => {
    expect(passes('outbox', record('INSERT', 'OUTBOX#3', '2026-11-24T08:00:00.000Z#e1'))).toBe(true);
    expect(passes('outbox', record('REMOVE', 'OUTBOX#3', '2026-11-24T08:00:00.000Z#e1'))).toBe(false);
    expect(passes('outbox', record('MODIFY', 'OUTBOX#3', '2026-11-24T08:00:00.000Z#e1'))).toBe(false);
    expect(passes('outbox', record('INSERT', 'CONTACT#c1', 'CONSENT#newsletter#2026#p1'))).toBe(true);
    expect(passes('outbox', record('REMOVE', 'CONTACT#c1', 'CONSENT#newsletter#2026#p1'))).toBe(false);
    expect(passes('outbox', record('INSERT', 'CONTACT#c1', 'TL#2026#t1', { NewImage: { type: { S: 'activity' } } }))).toBe(false);
    expect(passes('outbox', record('INSERT', 'CONTACT#c1', 'TL#2026#t1', { NewImage: { type: { S: 'touchpoint' } } }))).toBe(true);
    expect(passes('outbox', record('INSERT', 'CONTACT#c1', 'TL#ROW#f1#0000007', { NewImage: { type: { S: 'touchpoint' } } }))).toBe(true);
    expect(passes('outbox', record('MODIFY', 'CONTACT#c1', 'TL#2026#t1', { NewImage: { type: { S: 'touchpoint' } } }))).toBe(false);
    expect(passes('outbox', record('MODIFY', 'CONTACT#c1', 'PROFILE'))).toBe(false);
  });

  it('asks no trigger for more patterns than Lambda takes for one event source (5)', () => {
    for (const patterns of Object.values(streamFilters)) expect(patterns.length).toBeLessThanOrEqual(5);
  });

  it('gives the outbox a mailing only when it turns from sending to sent', () => {
    const status = (value: string) => ({ status: { S: value } });
    expect(passes('outbox', record('MODIFY', 'MAILING#m1', 'META', { OldImage: status('sending'), NewImage: status('sent') }))).toBe(true);
    expect(passes('outbox', record('MODIFY', 'MAILING#m1', 'META', { OldImage: status('sent'), NewImage: status('sent') }))).toBe(false);
    expect(passes('outbox', record('MODIFY', 'MAILING#m1', 'META', { OldImage: status('sending'), NewImage: status('sending') }))).toBe(false);
    expect(passes('outbox', record('MODIFY', 'MAILING#m1', 'C#c1', { OldImage: status('sending'), NewImage: status('sent') }))).toBe(false);
  });
});
