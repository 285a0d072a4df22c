import { beforeAll, describe, expect, it } from 'vitest';
import { newId, systemClock } from '#shared/container';
import { ValidationError } from '#shared/domain/errors';
import { AlreadyExistsError } from '#shared/store/errors';
import { createCampaign, updateCampaign } from '#shared/use-cases/manage-campaigns';
import { createTopic } from '#shared/use-cases/manage-topics';
import { testRepositories } from '#tests/helpers/test-table';

describe('campaigns and topics in DynamoDB Local', () => {
  let repos: Awaited<ReturnType<typeof testRepositories>>;
  let ports: { campaigns: typeof repos.campaigns; clock: typeof systemClock; newId: typeof newId };

  beforeAll(async () => {
    repos = await testRepositories();
    ports = { campaigns: repos.campaigns, clock: systemClock, newId };
  });

  it('derives the code from the name and finds the campaign by it', async () => {
    const campaign = await createCampaign(ports, { name: 'Frühjahrs-Newsletter 2026', channel: 'email' });
    expect(campaign.code).toBe('fruehjahrs-newsletter-2026');
    expect(await repos.campaigns.findRefByCode('fruehjahrs-newsletter-2026')).toEqual({ id: campaign.id, code: campaign.code, channel: 'email' });
  });

  it('refuses a code that is already used', async () => {
    await createCampaign(ports, { name: 'Messe A', code: 'messe-a', channel: 'fair' });
    await expect(createCampaign(ports, { name: 'Messe B', code: 'messe-a', channel: 'fair' })).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it('moves the code claim when the code changes', async () => {
    const campaign = await createCampaign(ports, { name: 'Old code', code: 'old-code', channel: 'ad' });
    await updateCampaign(ports, campaign.id, { code: 'new-code' });
    expect(await repos.campaigns.findRefByCode('old-code')).toBeUndefined();
    expect((await repos.campaigns.findRefByCode('new-code'))?.id).toBe(campaign.id);
    const reused = await createCampaign(ports, { name: 'Reuses old', code: 'old-code', channel: 'ad' });
    expect(reused.code).toBe('old-code');
  });

  it('rejects a patch that makes the dates inconsistent', async () => {
    const campaign = await createCampaign(ports, { name: 'Dated', channel: 'web', startsAt: '2026-05-01T00:00:00Z' });
    await expect(updateCampaign(ports, campaign.id, { endsAt: '2026-04-01T00:00:00Z' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('pages through a list with opaque cursors and refuses a forged one', async () => {
    for (const id of ['t-a', 't-b', 't-c']) await createTopic({ topics: repos.topics, clock: systemClock }, { id, name: id });
    const first = await repos.topics.list(2);
    expect(first.items).toHaveLength(2);
    const second = await repos.topics.list(2, first.nextCursor);
    expect([...first.items, ...second.items].map((topic) => topic.id)).toEqual(['t-a', 't-b', 't-c']);
    expect(second.nextCursor).toBeUndefined();
    const forged = Buffer.from(JSON.stringify({ gsi1pk: 'CAMPAIGN', gsi1sk: 'x', pk: 'x', sk: 'y' })).toString('base64url');
    await expect(repos.topics.list(2, forged)).rejects.toBeInstanceOf(ValidationError);
    await expect(repos.topics.list(2, 'not-base64-json')).rejects.toBeInstanceOf(ValidationError);
  });
});
