import { describe, expect, it } from 'vitest';
import { SendPacer } from '#shared/mail/send-pacer';
import { type PacerClock, TokenBucket } from '#shared/mail/token-bucket';

/** A clock whose sleeps advance time instantly and are recorded. */
function fakeClock(): PacerClock & { sleeps: number[]; set(ms: number): void } {
  let now = 1_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    nowMs: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    set: (ms) => (now = ms),
  };
}

describe('TokenBucket', () => {
  it('hands out slots 1/rate apart, starting empty, so n sends take (n-1)/rate seconds', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(200, clock);
    const start = clock.nowMs();
    for (let i = 0; i < 1000; i += 1) await bucket.take();
    expect(clock.nowMs() - start).toBeCloseTo((999 / 200) * 1000, 6);
  });

  it('shares the rate between concurrent callers without handing out a slot twice', async () => {
    // Ten callers arrive at the same instant (time stands still while they wait).
    const sleeps: number[] = [];
    const bucket = new TokenBucket(50, { nowMs: () => 1_000, sleep: async (ms) => void sleeps.push(ms) });
    await Promise.all(Array.from({ length: 10 }, () => bucket.take()));
    // The first goes now; each other one waits for a slot of its own, 20 ms after the previous.
    expect(sleeps.sort((a, b) => a - b)).toEqual([20, 40, 60, 80, 100, 120, 140, 160, 180]);
  });

  it('does not save up idle time beyond its burst', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(10, clock, 3);
    clock.set(60_000);
    const start = clock.nowMs();
    for (let i = 0; i < 6; i += 1) await bucket.take();
    // Three at once from the burst, then 100 ms apart.
    expect(clock.nowMs() - start).toBe(300);
  });

  it('pauses every caller after SES said "too fast"', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(100, clock);
    await bucket.take();
    bucket.pause(500);
    const before = clock.nowMs();
    await bucket.take();
    expect(clock.nowMs() - before).toBe(500);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => new TokenBucket(0)).toThrow(RangeError);
    expect(() => new TokenBucket(Number.NaN)).toThrow(RangeError);
  });
});

describe('SendPacer', () => {
  it('gives each of n senders an n-th of the account rate read from SES, and reads it again after five minutes', async () => {
    const clock = fakeClock();
    let rate = 200;
    let reads = 0;
    const pacer = new SendPacer(
      async () => {
        reads += 1;
        return rate;
      },
      4,
      clock,
    );
    await pacer.take();
    expect(pacer.ratePerSecond).toBe(50);
    rate = 400;
    await pacer.take();
    expect(reads).toBe(1);
    clock.set(clock.nowMs() + 5 * 60_000);
    await pacer.take();
    expect(reads).toBe(2);
    expect(pacer.ratePerSecond).toBe(100);
  });
});
