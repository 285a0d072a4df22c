import type { Company } from '#shared/domain/company';
import type { Contact } from '#shared/domain/contact';
import { ValidationError } from '#shared/domain/errors';
import { type ListedContact, listedContact } from '#shared/domain/listed-contact';
import type { Page } from '#shared/domain/page';
import { knownUser } from './manage-users';
import { type OwnerIndex, type UserRef, type Users, userRef } from './sales-ports';

/**
 * Owners of contacts and companies: a user of the product, the person's main contact in the user's own
 * company. A contact without one of their own has their company's.
 */

/** A company's people per owned company read for `?ownerId=` (the company page shows as many). */
const PEOPLE_PER_COMPANY = 500;

/** A 400 naming `ownerId` unless it is a user of the product. */
export async function checkOwner(users: Users | undefined, ownerId: string): Promise<void> {
  if (!users) throw new Error('No user directory to check ownerId against');
  await knownUser(users, ownerId, 'ownerId');
}

/** The owner a record shows: the contact's own, else their company's (`inherited`); null when neither has one. */
export async function ownerOf(
  users: Users,
  contact: Pick<Contact, 'ownerId'>,
  company: Pick<Company, 'ownerId'> | null | undefined,
): Promise<{ owner: UserRef | null; ownerInherited: boolean }> {
  const id = contact.ownerId ?? company?.ownerId;
  if (!id) return { owner: null, ownerInherited: false };
  const user = await users.get(id);
  // A user removed from the directory is still named by id, so the record shows whom it pointed at.
  return { owner: user ? userRef(user) : { id, name: id, email: '' }, ownerInherited: contact.ownerId === undefined };
}

function encodeAfter(id: string): string {
  return Buffer.from(JSON.stringify({ after: id })).toString('base64url');
}

function decodeAfter(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string' && parsed.after !== '') return parsed.after;
  } catch (error) {
    throw new ValidationError('The cursor is not valid', [{ path: 'cursor', message: 'is not a cursor returned by this list' }], { cause: error });
  }
  throw new ValidationError('The cursor is not valid', [{ path: 'cursor', message: 'is not a cursor returned by this list' }]);
}

/** A page of `ids` (sorted) after the cursor's id, and the cursor of the next. */
function pageOfIds(ids: readonly string[], limit: number, cursor?: string): { ids: string[]; nextCursor?: string } {
  const after = cursor === undefined ? undefined : decodeAfter(cursor);
  const rest = [...new Set(ids)].sort().filter((id) => after === undefined || id > after);
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return { ids: page, ...(rest.length > limit && last !== undefined ? { nextCursor: encodeAfter(last) } : {}) };
}

interface OwnedPorts {
  owners: OwnerIndex;
  contacts: { getMany(ids: readonly string[]): Promise<Contact[]>; listByCompany(companyId: string, limit: number): Promise<Contact[]> };
  companies: { getMany(ids: readonly string[]): Promise<Company[]> };
}

/**
 * The contacts a user owns: their own, and the people of the companies they own who have no owner of
 * their own; by id, a page at a time (the owner index gives the ids, so an owner change shows at once).
 */
export async function contactsOwnedBy(ports: OwnedPorts, userId: string, limit: number, cursor?: string): Promise<Page<ListedContact>> {
  const [own, companyIds] = await Promise.all([ports.owners.idsOwnedBy(userId, 'contact'), ports.owners.idsOwnedBy(userId, 'company')]);
  const people = await Promise.all(companyIds.map((companyId) => ports.contacts.listByCompany(companyId, PEOPLE_PER_COMPANY)));
  const inherited = people.flat().flatMap((contact) => (contact.ownerId === undefined ? [contact.id] : []));
  const page = pageOfIds([...own, ...inherited], limit, cursor);
  const owning = new Set(companyIds);
  const found = new Map((page.ids.length ? await ports.contacts.getMany(page.ids) : []).map((contact) => [contact.id, contact]));
  return {
    // Re-checked on the profile: the index is eventually consistent, so a just-changed owner is not listed twice.
    items: page.ids.flatMap((id) => {
      const contact = found.get(id);
      const owned = contact?.ownerId === userId || (contact?.ownerId === undefined && contact?.companyId !== undefined && owning.has(contact.companyId));
      return contact && owned ? [listedContact(contact)] : [];
    }),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** The companies a user owns, by id, a page at a time. */
export async function companiesOwnedBy(
  ports: Pick<OwnedPorts, 'owners' | 'companies'>,
  userId: string,
  limit: number,
  cursor?: string,
): Promise<Page<Company>> {
  const page = pageOfIds(await ports.owners.idsOwnedBy(userId, 'company'), limit, cursor);
  const found = new Map((page.ids.length ? await ports.companies.getMany(page.ids) : []).map((company) => [company.id, company]));
  return {
    items: page.ids.flatMap((id) => {
      const company = found.get(id);
      return company && company.ownerId === userId ? [company] : [];
    }),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
