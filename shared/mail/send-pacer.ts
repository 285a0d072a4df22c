import { type PacerClock, realPacerClock, TokenBucket } from './token-bucket';

/** How long a container trusts the quota it read; SES raises quotas while an account warms up. */
const QUOTA_TTL_MS = 5 * 60_000;

/**
 * Paces one sender so that all senders together stay under the account's SES `MaxSendRate`: the
 * queue's event source runs at most `senders` of them at once (its maximum concurrency), so each
 * takes an equal share. The quota comes from SES `GetAccount`, read on first use and again every
 * few minutes.
 */
export class SendPacer {
  private bucket: TokenBucket | undefined;
  private readAt = -Infinity;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly maxSendRate: () => Promise<number>,
    private readonly senders: number,
    private readonly clock: PacerClock = realPacerClock,
  ) {
    if (!Number.isInteger(senders) || senders < 1) throw new RangeError(`senders must be a positive integer, not ${senders}`);
  }

  /** This sender's share of the account rate, in mails per second (after the first `take`). */
  get ratePerSecond(): number | undefined {
    return this.bucket?.ratePerSecond;
  }

  private async current(): Promise<TokenBucket> {
    if (!this.bucket || this.clock.nowMs() - this.readAt >= QUOTA_TTL_MS) await this.refresh();
    if (!this.bucket) throw new Error('The send quota could not be read');
    return this.bucket;
  }

  private async refresh(): Promise<void> {
    this.reading ??= (async () => {
      try {
        const share = (await this.maxSendRate()) / this.senders;
        if (this.bucket) this.bucket.setRate(share);
        else this.bucket = new TokenBucket(share, this.clock);
        this.readAt = this.clock.nowMs();
      } finally {
        this.reading = undefined;
      }
    })();
    await this.reading;
  }

  /** Waits until this sender may hand the next mail to SES. */
  async take(): Promise<void> {
    await (await this.current()).take();
  }

  /** SES throttled us: no sender slot for `ms`. */
  pause(ms: number): void {
    this.bucket?.pause(ms);
  }
}
