import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '#shared/container';
import { newMailing } from '#shared/domain/mailing';
import { eventCatalog } from '#shared/events/catalog';
import { sweepStuckMailings } from '#shared/use-cases/sweep-mailings';
import { outboxEvents } from '#tests/helpers/outbox';
import { testRepositories } from '#tests/helpers/test-table';

type Repos = Awaited<ReturnType<typeof testRepositories>>;
const TEN_MINUTES = 10 * 60_000;

describe('sweepStuckMailings', () => {
  let repos: Repos;
  beforeAll(async () => {
    repos = await testRepositories();
  });

  async function aMailing(status: 'sending' | 'draft', at: Date) {
    const mailing = newMailing(
      { name: 'N', campaignId: 'camp-1', segmentId: `seg-${randomUUID()}`, topic: 'newsletter', templateId: 't-1', from: 'news@leadflow.local' },
      `m-${randomUUID()}`,
      at,
    );
    await repos.mailings.create(mailing);
    // Started without its request reaching the preparer (the event was lost).
    if (status === 'sending') await repos.mailings.changeStatus(mailing, 'sending', at, { startedAt: at.toISOString() });
    return mailing;
  }
  const requestsFor = (mailingId: string) =>
    outboxEvents<{ mailingId: string }>(repos.table, eventCatalog.mailingSendRequested, (detail) => detail.mailingId === mailingId);

  it('asks again, once, for the preparation of a mailing sending without progress for longer than the limit', async () => {
    const started = new Date();
    const stuck = await aMailing('sending', started);
    const later = { now: () => new Date(started.getTime() + TEN_MINUTES + 1000) };

    const first = await sweepStuckMailings({ mailings: repos.mailings, clock: later, newId }, { stuckAfterMs: TEN_MINUTES });
    const second = await sweepStuckMailings({ mailings: repos.mailings, clock: later, newId }, { stuckAfterMs: TEN_MINUTES });

    expect(first.restarted).toContain(stuck.id);
    expect(second.restarted).not.toContain(stuck.id);
    expect(await requestsFor(stuck.id)).toHaveLength(1);
  });

  it('leaves alone a mailing that made progress within the limit, and drafts', async () => {
    const now = new Date();
    const busy = await aMailing('sending', now);
    const draft = await aMailing('draft', new Date(now.getTime() - 2 * TEN_MINUTES));
    const result = await sweepStuckMailings(
      { mailings: repos.mailings, clock: { now: () => new Date(now.getTime() + TEN_MINUTES - 1000) }, newId },
      { stuckAfterMs: TEN_MINUTES },
    );
    expect(result.restarted).not.toContain(busy.id);
    expect(result.restarted).not.toContain(draft.id);
    expect(await requestsFor(busy.id)).toEqual([]);
  });

  it('marks sent a prepared mailing whose every recipient is counted but whose finish was lost', async () => {
    const started = new Date();
    const mailing = await aMailing('sending', started);
    await repos.mailings.recordPreparation(mailing.id, { recipients: 1, skippedNoConsent: 1, suppressed: 0 }, started);
    const result = await sweepStuckMailings(
      { mailings: repos.mailings, clock: { now: () => new Date(started.getTime() + TEN_MINUTES + 1000) }, newId },
      { stuckAfterMs: TEN_MINUTES },
    );
    expect(result.completed).toContain(mailing.id);
    expect((await repos.mailings.get(mailing.id))?.status).toBe('sent');
  });
});
