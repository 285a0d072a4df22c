import { beforeAll, describe, expect, it } from 'vitest';
import { newId, systemClock } from '#shared/container';
import { hmacSigner } from '#shared/security/token-signer';
import { archiveTopic, createTopic } from '#shared/use-cases/manage-topics';
import { type RecipientConsentPorts, updatePreferences, viewPreferences } from '#shared/use-cases/recipient-consent';
import { aContact } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

describe('archived topics on the preference page, in DynamoDB Local', () => {
  let repos: Awaited<ReturnType<typeof testRepositories>>;
  let ports: RecipientConsentPorts;
  const signer = hmacSigner('p'.repeat(40));
  const tokenFor = (contactId: string) => signer.sign({ v: 1, purpose: 'preferences', contactId, topics: [], exp: Math.floor(Date.now() / 1000) + 3600 });

  beforeAll(async () => {
    repos = await testRepositories();
    ports = { contacts: repos.contacts, topics: repos.topics, mailings: repos.mailings, signer, clock: systemClock, newId, preferencesTokenTtlDays: 30 };
    for (const id of ['current', 'retired-held', 'retired-unheld']) await createTopic({ topics: repos.topics, clock: systemClock }, { id, name: id });
    for (const id of ['retired-held', 'retired-unheld']) await archiveTopic({ topics: repos.topics, clock: systemClock }, id);
  });

  it('offers an archived topic only to people who still hold consent for it, so they can leave it', async () => {
    const at = new Date().toISOString();
    const holder = await repos.contacts.create(aContact({ consents: { 'retired-held': { status: 'granted', at } } }));
    const other = await repos.contacts.create(aContact());
    expect((await viewPreferences(ports, tokenFor(holder.id))).topics.map((topic) => topic.id).sort()).toEqual(['current', 'retired-held']);
    expect((await viewPreferences(ports, tokenFor(other.id))).topics.map((topic) => topic.id)).toEqual(['current']);

    const saved = await updatePreferences(ports, { token: tokenFor(holder.id), subscribed: [], evidence: {} });
    expect(saved.changed).toEqual(['retired-held']);
    expect((await repos.contacts.get(holder.id))?.consents['retired-held']?.status).toBe('withdrawn');
    expect(saved.topics.map((topic) => topic.id)).toEqual(['current']);
  });
});
