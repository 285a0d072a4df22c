import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '#shared/domain/contact';
import { ValidationError } from '#shared/domain/errors';
import { keys, NEWEST_SHARDS } from '#shared/store/keys';
import { aContact } from '#tests/helpers/factories';
import { testRepositories } from '#tests/helpers/test-table';

/** Every page of the newest list, following its cursor to the end. */
async function allPages(repos: Awaited<ReturnType<typeof testRepositories>>, limit: number): Promise<Contact[][]> {
  const pages: Contact[][] = [];
  let cursor: string | undefined;
  do {
    const page = await repos.contacts.listNewest(limit, cursor);
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}

describe('the newest-first contact list in DynamoDB Local', () => {
  let repos: Awaited<ReturnType<typeof testRepositories>>;
  const created: Contact[] = [];

  beforeAll(async () => {
    repos = await testRepositories();
    // 23 people created a minute apart (two in the same millisecond), stored in shuffled order.
    const times = Array.from({ length: 22 }, (_, minute) => new Date(Date.UTC(2026, 2, 1, 8, minute)).toISOString());
    times.push(times[5] ?? '');
    for (const [index, createdAt] of times.entries()) created.push(aContact({ id: `c-${String(index).padStart(2, '0')}`, createdAt }));
    const shuffled = [...created].sort(() => Math.random() - 0.5);
    for (const contact of shuffled) await repos.contacts.create(contact);
  });

  it('spreads the people over several shards', () => {
    const shards = new Set(created.map((contact) => keys.newestContact(contact.id, contact.createdAt).newestPk));
    expect(shards.size).toBeGreaterThan(1);
    expect(shards.size).toBeLessThanOrEqual(NEWEST_SHARDS);
  });

  it('merges the shards into one list, newest first, in pages that neither overlap nor skip anyone', async () => {
    const pages = await allPages(repos, 3);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 3, 3, 3, 3, 2]);
    const listed = pages.flat().map((contact) => `${contact.createdAt}#${contact.id}`);
    const expected = created
      .map((contact) => `${contact.createdAt}#${contact.id}`)
      .sort()
      .reverse();
    expect(listed).toEqual(expected);
  });

  it('answers a list that fits on one page without a cursor', async () => {
    const page = await repos.contacts.listNewest(50);
    expect(page.items).toHaveLength(created.length);
    expect(page.nextCursor).toBeUndefined();
  });

  it('keeps a person in place when the profile changes, and leaves out one erased meanwhile', async () => {
    const first = await repos.contacts.listNewest(5);
    const [newest, second] = first.items;
    if (!newest || !second) throw new Error('expected people');
    await repos.contacts.update({ ...newest, jobTitle: 'Einkauf', updatedAt: new Date().toISOString() });
    await repos.table.client.send(new DeleteCommand({ TableName: repos.table.tableName, Key: keys.contact(second.id) }));
    const again = await repos.contacts.listNewest(5);
    expect(again.items[0]).toMatchObject({ id: newest.id, jobTitle: 'Einkauf' });
    expect(again.items.map((contact) => contact.id)).not.toContain(second.id);
  });

  it('refuses a forged cursor as bad input', async () => {
    const forged = Buffer.from(JSON.stringify({ after: 'CONTACT#x' })).toString('base64url');
    await expect(repos.contacts.listNewest(3, forged)).rejects.toBeInstanceOf(ValidationError);
    await expect(repos.contacts.listNewest(3, 'not-a-cursor')).rejects.toBeInstanceOf(ValidationError);
  });

  it('stores no index key in what it answers', async () => {
    const [contact] = (await repos.contacts.listNewest(1)).items;
    expect(contact).toHaveProperty('createdAt');
    expect(contact).not.toHaveProperty('newestPk');
    expect(contact).not.toHaveProperty('newestSk');
  });
});
