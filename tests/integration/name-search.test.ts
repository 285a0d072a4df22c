import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId, systemClock } from '#shared/container';
import type { Contact } from '#shared/domain/contact';
import { nameTokens } from '#shared/domain/name-search';
import { contactProfileItem } from '#shared/store/contact-repository';
import { keys, NAME_INDEX_SLOTS, nameIndexSlot } from '#shared/store/keys';
import { storeCapture } from '#shared/use-cases/capture-lead';
import { findContacts } from '#shared/use-cases/find-contacts';
import { aContact, aTouchpoint } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

describe('the name search against DynamoDB Local', () => {
  let repos: Awaited<ReturnType<typeof testRepositories>>;
  const search = async (q: string) => (await findContacts(repos, { q }, 50)).items.map((contact) => `${contact.firstName} ${contact.lastName}`).sort();

  const capture = async (firstName: string, lastName: string, company?: string) => {
    const email = `${newId()}@example.de`;
    const { contact } = await storeCapture(
      { contacts: repos.contacts, companies: repos.companies, clock: systemClock, newId },
      {
        newContactId: newId(),
        email,
        emailNormalised: email,
        profile: { firstName, lastName, ...(company ? { company } : {}) },
        touchpoint: aTouchpoint(),
        consentTopics: [],
        doubleOptIn: false,
        evidence: { source: 'form:f', method: 'single_opt_in' },
      },
    );
    return contact;
  };

  /** A profile as 0.7.0 stored it: no name slots, a name-index item for every word and spelling. */
  const storedBefore080 = async (contact: Contact) => {
    const searchKeys = nameTokens(contact.firstName, contact.lastName).map((token) => keys.nameIndex(token, contact.id).sk);
    const item = contactProfileItem({ ...contact, searchKeys });
    for (let slot = 1; slot <= NAME_INDEX_SLOTS; slot += 1) {
      delete item[nameIndexSlot(slot).pk];
      delete item[nameIndexSlot(slot).sk];
    }
    await repos.table.client.send(new PutCommand({ TableName: repos.table.tableName, Item: item }));
    for (const sk of searchKeys)
      await repos.table.client.send(
        new PutCommand({ TableName: repos.table.tableName, Item: { ...keys.nameIndexEntry(sk), type: 'name-index', contactId: contact.id } }),
      );
  };

  beforeAll(async () => {
    repos = await testRepositories();
    await capture('Jürgen', 'Müller', 'Müller & Söhne GmbH');
    await capture('Anna', 'Weiß');
    await capture('Michal', 'Mueller');
    await capture('Michael', 'Muller');
    await capture('Anna Maria', 'von der Heide');
  });

  it('finds a person by a prefix of their own name, in any case and either spelling of umlauts and ß', async () => {
    expect(await search('JÜRG')).toEqual(['Jürgen Müller']);
    expect(await search('juergen')).toEqual(['Jürgen Müller']);
    expect(await search('weiss')).toEqual(['Anna Weiß']);
    expect(await search('Weiß')).toEqual(['Anna Weiß']);
    expect(await search('anna wei')).toEqual(['Anna Weiß']);
  });

  it('keeps the spellings apart that the names keep apart, although their index keys meet', async () => {
    // `mueller` is how Müller and Mueller are written, not Muller; `muller` is Müller and Muller.
    expect(await search('mueller')).toEqual(['Jürgen Müller', 'Michal Mueller']);
    expect(await search('muller')).toEqual(['Jürgen Müller', 'Michael Muller']);
    expect(await search('michael')).toEqual(['Michael Muller']);
    expect(await search('michal')).toEqual(['Michal Mueller']);
  });

  it('finds a name of more words than the profile has name slots by each of its words', async () => {
    for (const word of ['anna maria', 'maria', 'von', 'der', 'heide', 'heide anna']) expect(await search(word), word).toContain('Anna Maria von der Heide');
    const profile = (await repos.table.scanAll()).find((item) => item.type === 'contact' && item.lastName === 'von der Heide');
    // Five words, three slots: the last two words are name-index items, as every word was before 0.8.0.
    expect(profile?.searchKeys).toEqual([`der#${String(profile?.id)}`, `heide#${String(profile?.id)}`]);
  });

  it("finds people through the beginning of their company's name", async () => {
    expect(await search('MÜLLER & SÖHNE')).toEqual(['Jürgen Müller']);
  });

  it('writes a new contact with one-to-three word names without any name-index item', async () => {
    const items = await repos.table.scanAll();
    const named = items.filter((item) => item.type === 'name-index').map((item) => String(item.sk).split('#')[0]);
    expect(named.sort()).toEqual(['der', 'heide']);
  });

  it('still finds a contact stored before 0.8.0, and moves it onto the name slots when its profile is next written', async () => {
    const old = aContact({ firstName: 'Özgür', lastName: 'Öztürk' });
    await storedBefore080(old);
    expect(await search('oezt')).toEqual(['Özgür Öztürk']);
    expect(await search('ozgur')).toEqual(['Özgür Öztürk']);

    await repos.contacts.update({
      ...old,
      searchKeys: nameTokens(old.firstName, old.lastName).map((token) => keys.nameIndex(token, old.id).sk),
      phone: '+49 30 1',
    });

    const items = await repos.table.scanAll();
    expect(items.filter((item) => item.type === 'name-index' && item.contactId === old.id)).toEqual([]);
    expect(items.find((item) => item.id === old.id)?.searchKeys).toBeUndefined();
    expect(await search('oezt')).toEqual(['Özgür Öztürk']);
    expect(await search('ozgur')).toEqual(['Özgür Öztürk']);
  });

  it('refuses a search text without a word of two letters', async () => {
    await expect(findContacts(repos, { q: 'a' }, 10)).rejects.toMatchObject({ issues: [{ path: 'query.q' }] });
  });
});
