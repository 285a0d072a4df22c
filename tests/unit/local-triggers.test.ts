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
  const record = (eventName: string, pk: string, sk: string) => ({ eventName, dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } } } });

  it('selects changed contact profiles only', () => {
    expect(matchesPattern(streamFilters.contactProfiles, record('MODIFY', 'CONTACT#c1', 'PROFILE'))).toBe(true);
    expect(matchesPattern(streamFilters.contactProfiles, record('INSERT', 'CONTACT#c1', 'PROFILE'))).toBe(true);
    expect(matchesPattern(streamFilters.contactProfiles, record('REMOVE', 'CONTACT#c1', 'PROFILE'))).toBe(false);
    expect(matchesPattern(streamFilters.contactProfiles, record('INSERT', 'CONTACT#c1', 'TL#2026'))).toBe(false);
    expect(matchesPattern(streamFilters.contactProfiles, record('INSERT', 'COMPANY#c1', 'PROFILE'))).toBe(false);
  });

  it('selects segment memberships that start or end', () => {
    expect(matchesPattern(streamFilters.segmentMembers, record('INSERT', 'SEG#s1', 'C#c1'))).toBe(true);
    expect(matchesPattern(streamFilters.segmentMembers, record('REMOVE', 'SEG#s1', 'C#c1'))).toBe(true);
    expect(matchesPattern(streamFilters.segmentMembers, record('MODIFY', 'SEG#s1', 'C#c1'))).toBe(false);
    expect(matchesPattern(streamFilters.segmentMembers, record('INSERT', 'SEGMENT#s1', 'META'))).toBe(false);
    expect(matchesPattern(streamFilters.segmentMembers, { eventName: 'INSERT' })).toBe(false);
  });
});
