import { describe, expect, it } from 'vitest';
import { endOfLocalDay, localDay, localHour, nextWorkingMorning } from '#shared/domain/local-time';

describe('local time in a user’s zone', () => {
  it('reads 07:00 in Berlin at 05:00 UTC in summer and at 06:00 UTC in winter, across both DST changes', () => {
    expect(localHour(new Date('2026-03-29T05:00:00Z'), 'Europe/Berlin')).toBe(7);
    expect(localHour(new Date('2026-03-28T06:00:00Z'), 'Europe/Berlin')).toBe(7);
    expect(localHour(new Date('2026-10-25T06:00:00Z'), 'Europe/Berlin')).toBe(7);
    expect(localHour(new Date('2026-10-24T05:00:00Z'), 'Europe/Berlin')).toBe(7);
  });

  it('ends a 23-hour and a 25-hour day at local midnight', () => {
    expect(endOfLocalDay(new Date('2026-03-29T05:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(endOfLocalDay(new Date('2026-10-25T06:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(endOfLocalDay(new Date('2026-11-01T12:00:00Z'), 'America/New_York').toISOString()).toBe('2026-11-02T05:00:00.000Z');
  });

  it('names the local day, which in New York is still yesterday when Berlin’s has begun', () => {
    const at = new Date('2026-12-01T23:30:00Z');
    expect(localDay(at, 'Europe/Berlin')).toBe('2026-12-02');
    expect(localDay(at, 'America/New_York')).toBe('2026-12-01');
  });

  it('finds the next working morning: Friday’s is Monday’s, at 09:00 local time', () => {
    expect(nextWorkingMorning(new Date('2026-12-04T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(nextWorkingMorning(new Date('2026-12-01T12:00:00Z'), 'America/New_York').toISOString()).toBe('2026-12-02T14:00:00.000Z');
    expect(nextWorkingMorning(new Date('2026-03-27T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });
});
