import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { PreviewTooSlowError } from '#shared/domain/errors';
import type { RuleNode } from '#shared/domain/segment-rule';
import { contactProfileItem } from '#shared/store/contact-repository';
import { previewSegment } from '#shared/use-cases/manage-segments';
import { aContact, aTopic, movableClock } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

const CONTACTS = 3_000;
/** Every third contact has ordered: 1,000 match. */
const HAS_ORDERED: RuleNode = { field: 'orders.count', op: 'gt', value: 0 };
const ORDERED = { count: 1, totalMinor: 5000, currency: 'EUR', firstAt: '2026-01-05T10:00:00.000Z', lastAt: '2026-01-05T10:00:00.000Z' };

type Repos = Awaited<ReturnType<typeof testRepositories>>;

describe('the segment preview on DynamoDB Local', () => {
  let repos: Repos;
  let ports: Parameters<typeof previewSegment>[0];
  beforeAll(async () => {
    repos = await testRepositories();
    ports = { segments: repos.segments, topics: repos.topics, suppressions: repos.suppressions, clock: movableClock() };
    const items = Array.from({ length: CONTACTS }, (_, index) => contactProfileItem(aContact(index % 3 === 0 ? { orders: ORDERED } : {})));
    for (let start = 0; start < items.length; start += 25) {
      await repos.table.client.send(
        new BatchWriteCommand({ RequestItems: { [repos.table.tableName]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) } }),
      );
    }
  }, 120_000);

  it('counts exactly by default, reading every share of the contacts', async () => {
    const preview = await previewSegment(ports, { rule: HAS_ORDERED }, { workers: 2, budgetMs: 60_000 });
    expect(preview).toMatchObject({ count: 1_000, exact: true, scanned: 1 });
    expect(preview.margin).toBeUndefined();
    expect(preview.sample).toHaveLength(10);
  });

  it('stays exact when an estimate is asked for but the sample is too small to be precise', async () => {
    // 2 workers × 16 shares: the sample is 2 of 32 shares, ~190 contacts, below the default 2,000.
    const preview = await previewSegment(ports, { rule: HAS_ORDERED, estimate: true }, { workers: 2, budgetMs: 60_000 });
    expect(preview).toMatchObject({ count: 1_000, exact: true, scanned: 1 });
  });

  it('extrapolates from a 1/16 sample when the sample is large enough, with a margin that covers the truth', async () => {
    const preview = await previewSegment(ports, { rule: HAS_ORDERED, estimate: true }, { workers: 2, budgetMs: 60_000, estimateFrom: 100 });
    expect(preview.exact).toBe(false);
    expect(preview.scanned).toBe(0.0625);
    expect(preview.margin).toBeGreaterThan(0);
    // The estimate is a multiple of the sample's count ÷ 1/16, and 1,000 lies within its ±95 % (three margins: never flaky).
    expect(preview.count % 16).toBe(0);
    expect(Math.abs(preview.count - 1_000)).toBeLessThanOrEqual(3 * (preview.margin ?? 0));
    expect(preview.sample.length).toBeGreaterThan(0);
  });

  it('scales the reach of a mailing with the count, its parts adding up to what was matched', async () => {
    const topic = aTopic();
    await repos.topics.create(topic);
    const preview = await previewSegment(ports, { rule: HAS_ORDERED, topic: topic.id, estimate: true }, { workers: 2, budgetMs: 60_000, estimateFrom: 100 });
    expect(preview.reach?.matched).toBe(preview.count);
    // Nobody has consented: everyone matched is out for lack of consent.
    expect(preview.reach).toEqual({ matched: preview.count, suppressed: 0, noConsent: preview.count, reachable: 0 });
  });

  it('answers "too slow, try again" rather than a timeout when not one share can be read in time', async () => {
    await expect(previewSegment(ports, { rule: HAS_ORDERED }, { workers: 2, budgetMs: 1 })).rejects.toBeInstanceOf(PreviewTooSlowError);
  });
});
