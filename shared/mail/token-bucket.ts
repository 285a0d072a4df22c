/** Time as the pacer sees it; real in production, a fake in unit tests. */
export interface PacerClock {
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export const realPacerClock: PacerClock = {
  nowMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A token bucket in its "virtual scheduling" form (GCRA): every `take()` reserves the next free slot
 * `1 / rate` seconds after the previous one and waits until it comes, so any number of concurrent
 * callers in one container share the rate without polling, and a burst never exceeds `burst` sends.
 * SES throttling pushes the schedule back ({@link TokenBucket.pause}), which is the backoff.
 */
export class TokenBucket {
  private nextAt: number;
  private intervalMs: number;

  constructor(
    ratePerSecond: number,
    private readonly clock: PacerClock = realPacerClock,
    private readonly burst = 1,
  ) {
    this.intervalMs = TokenBucket.interval(ratePerSecond);
    // Starts empty: a new container does not add a burst on top of the others' rate.
    this.nextAt = clock.nowMs();
  }

  private static interval(ratePerSecond: number): number {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new RangeError(`The send rate must be a positive number, not ${ratePerSecond}`);
    return 1000 / ratePerSecond;
  }

  get ratePerSecond(): number {
    return 1000 / this.intervalMs;
  }

  /** Changes the rate (SES raised or lowered the account's quota); reservations already made stand. */
  setRate(ratePerSecond: number): void {
    this.intervalMs = TokenBucket.interval(ratePerSecond);
  }

  /** Waits for the next send slot. */
  async take(): Promise<void> {
    const now = this.clock.nowMs();
    const at = Math.max(this.nextAt, now - (this.burst - 1) * this.intervalMs);
    this.nextAt = at + this.intervalMs;
    if (at > now) await this.clock.sleep(at - now);
  }

  /** No slot is handed out for `ms` from now (SES said "too fast"). */
  pause(ms: number): void {
    this.nextAt = Math.max(this.nextAt, this.clock.nowMs() + ms);
  }
}
