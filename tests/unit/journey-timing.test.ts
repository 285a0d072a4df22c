import { describe, expect, it } from 'vitest';
import { nextAllowedSend } from '#shared/domain/frequency-cap';
import { bucketOf, inHoldout, splitPath } from '#shared/domain/journey-split';
import { DEFAULT_TIME_ZONE, waitOver, windowStart } from '#shared/domain/journey-timing';

/** Tue–Thu 9–11, the example of "nobody gets mail at night". */
const office = { weekdays: [2, 3, 4], fromHour: 9, toHour: 11 };

describe('the next moment inside a send window', () => {
  it('is now when now lies inside the window', () => {
    // Wednesday 2 December 2026, 10:30 in Berlin (UTC+1 in winter).
    const now = new Date('2026-12-02T09:30:00Z');
    expect(windowStart(now, office, 'Europe/Berlin').toISOString()).toBe(now.toISOString());
  });

  it('is the same day at 9 local time before the window opens', () => {
    expect(windowStart(new Date('2026-12-02T03:00:00Z'), office, 'Europe/Berlin').toISOString()).toBe('2026-12-02T08:00:00.000Z');
  });

  it('is the next allowed weekday after the window has closed', () => {
    // Thursday 3 December 2026 at 11:00 Berlin has closed; Friday to Monday are not allowed: Tuesday 8 December.
    expect(windowStart(new Date('2026-12-03T10:00:00Z'), office, 'Europe/Berlin').toISOString()).toBe('2026-12-08T08:00:00.000Z');
  });

  it('reads the hours on the local wall clock across a daylight-saving change', () => {
    // Saturday 28 March 2026 (UTC+1) → Tuesday 31 March 2026 9:00 CEST, which is 07:00 UTC.
    expect(windowStart(new Date('2026-03-28T12:00:00Z'), office, 'Europe/Berlin').toISOString()).toBe('2026-03-31T07:00:00.000Z');
  });

  it('reads the weekday in the zone, not in UTC', () => {
    // Monday 23:30 UTC is already Tuesday 08:30 in Tokyo: the window opens at 9:00 there, 00:00 UTC.
    expect(windowStart(new Date('2026-12-07T23:30:00Z'), office, 'Asia/Tokyo').toISOString()).toBe('2026-12-08T00:00:00.000Z');
  });

  it('closes at midnight when toHour is 24', () => {
    const evening = { weekdays: [1, 2, 3, 4, 5, 6, 7], fromHour: 18, toHour: 24 };
    expect(windowStart(new Date('2026-12-02T22:59:00Z'), evening, 'Europe/Berlin').toISOString()).toBe('2026-12-02T22:59:00.000Z');
    expect(windowStart(new Date('2026-12-02T23:00:00Z'), evening, 'Europe/Berlin').toISOString()).toBe('2026-12-03T17:00:00.000Z');
  });
});

describe('when a wait is over', () => {
  const start = new Date('2026-12-01T15:00:00Z');
  it('is the duration later', () => {
    expect(waitOver({ id: 'w', type: 'wait', duration: { days: 2, hours: 1 }, next: 'x' }, start).toISOString()).toBe('2026-12-03T16:00:00.000Z');
  });

  it('is the duration and then the window, in the contact zone or the home zone', () => {
    const step = { id: 'w', type: 'wait' as const, duration: { days: 1 }, until: { ...office, timeZone: 'contact' }, next: 'x' };
    // Wednesday 2 December 15:00 UTC is 16:00 in Berlin, after 11:00: Thursday 9:00 Berlin.
    expect(waitOver(step, start).toISOString()).toBe('2026-12-03T08:00:00.000Z');
    expect(DEFAULT_TIME_ZONE).toBe('Europe/Berlin');
    // In New York it is Wednesday 10:00, inside the window: right away.
    expect(waitOver(step, start, 'America/New_York').toISOString()).toBe('2026-12-02T15:00:00.000Z');
  });
});

describe('stable draws for holdouts and splits', () => {
  const ids = Array.from({ length: 20_000 }, (_, index) => `contact-${index}`);

  it('gives a person the same bucket every time, and other journeys another draw', () => {
    expect(bucketOf('c-1', 'holdout:j-1')).toBe(bucketOf('c-1', 'holdout:j-1'));
    const same = ids.filter((id) => bucketOf(id, 'a') === bucketOf(id, 'b')).length;
    expect(same / ids.length).toBeLessThan(0.03);
  });

  it('holds out about the percentage asked, and nobody at 0 %', () => {
    const held = ids.filter((id) => inHoldout(id, 'j-1', 10)).length / ids.length;
    expect(held).toBeGreaterThan(0.09);
    expect(held).toBeLessThan(0.11);
    expect(ids.some((id) => inHoldout(id, 'j-1', 0))).toBe(false);
  });

  it('splits by the paths percentages', () => {
    const paths = [
      { percent: 20, next: 'a' },
      { percent: 80, next: 'b' },
    ];
    const toA = ids.filter((id) => splitPath(paths, id, 'j-1:split').next === 'a').length / ids.length;
    expect(toA).toBeGreaterThan(0.18);
    expect(toA).toBeLessThan(0.22);
  });
});

describe('the frequency cap', () => {
  const now = new Date('2026-12-10T12:00:00Z');
  const cap = { mails: 2, days: 7 };

  it('allows a mail now when it is off or the person is under the cap', () => {
    expect(nextAllowedSend(['2026-12-09T12:00:00Z', '2026-12-08T12:00:00Z'], undefined, now)).toBe(now);
    expect(nextAllowedSend(['2026-12-09T12:00:00Z', '2026-12-01T12:00:00Z'], cap, now)).toBe(now);
  });

  it('waits until the oldest mail inside the window leaves it', () => {
    expect(nextAllowedSend(['2026-12-09T12:00:00Z', '2026-12-05T08:00:00Z'], cap, now).toISOString()).toBe('2026-12-12T08:00:00.000Z');
  });

  it('waits for as many to leave as it takes when the person is over the cap', () => {
    const sent = ['2026-12-04T12:00:00Z', '2026-12-06T12:00:00Z', '2026-12-09T12:00:00Z'];
    expect(nextAllowedSend(sent, cap, now).toISOString()).toBe('2026-12-13T12:00:00.000Z');
  });
});
