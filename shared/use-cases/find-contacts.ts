import type { Contact } from '#shared/domain/contact';
import type { ContactQuery } from '#shared/domain/contact-list-query';
import { normaliseEmail } from '#shared/domain/email';
import { NotFoundError, ValidationError } from '#shared/domain/errors';
import { type ListedContact, listedContact } from '#shared/domain/listed-contact';
import { matchesAllTokens, nameTokens, queryTokens } from '#shared/domain/name-search';
import type { Page } from '#shared/domain/page';
import type { CompanySearch, ContactSearch } from './contact-ports';
import type { SegmentMemberLists } from './segment-ports';
import type { Company } from '#shared/domain/company';
import { contactsOwnedBy } from './owners';
import type { OwnerIndex } from './sales-ports';

type FindPorts = {
  contacts: ContactSearch;
  companies: CompanySearch & { getMany(ids: readonly string[]): Promise<Company[]> };
  segments: SegmentMemberLists;
  /** The owner index `ownerId` reads. */
  owners?: OwnerIndex;
};

const CANDIDATES = 200;
/** BatchGetItem reads 100 keys at a time; `getMany` takes that many. */
const BATCH = 100;

/**
 * Finds people by email, by their company, by a segment they are in, by a tag, or by a search text that matches
 * their own name or their company's name; without a criterion, everybody, newest first. Names match
 * regardless of case, accents and `ß`/`ss` (`Weiß` finds `Weiss`), every word of the text as a word
 * prefix (`ann wei` finds Anna Weiß).
 */
export async function findContacts(ports: FindPorts, query: ContactQuery, limit: number): Promise<Page<ListedContact>> {
  if ('ownerId' in query) {
    if (!ports.owners) throw new Error('No owner index to list contacts by owner');
    return contactsOwnedBy({ ...ports, owners: ports.owners }, query.ownerId, limit, query.cursor);
  }
  if ('segmentId' in query) return segmentContacts(ports, query.segmentId, limit, query.cursor);
  if ('tag' in query) {
    const page = await ports.contacts.listByTag(query.tag, limit, query.cursor);
    return { ...page, items: page.items.map(listedContact) };
  }
  if ('email' in query || 'q' in query || 'companyId' in query) return { items: (await matching(ports, query, limit)).map(listedContact) };
  const page = await ports.contacts.listNewest(limit, query.cursor);
  return { ...page, items: page.items.map(listedContact) };
}

async function matching(ports: FindPorts, query: { email: string } | { q: string } | { companyId: string }, limit: number): Promise<Contact[]> {
  if ('email' in query) {
    const contact = await ports.contacts.getByEmail(normaliseEmail(query.email));
    return contact ? [contact] : [];
  }
  if ('companyId' in query) return ports.contacts.listByCompany(query.companyId, limit);

  const tokens = queryTokens(query.q);
  if (tokens.length === 0)
    throw new ValidationError('The search text is too short', [{ path: 'query.q', message: 'needs a word of at least 2 letters or digits' }]);
  // The longest word narrows the index look-up most; the others filter the candidates.
  const longest = [...tokens].sort((a, b) => b.length - a.length)[0] ?? '';
  const [byName, companies] = await Promise.all([ports.contacts.idsByNamePrefix(longest, CANDIDATES), ports.companies.search(query.q, 20)]);
  const named = (await ports.contacts.getMany(byName)).filter((contact) => matchesAllTokens(tokens, nameTokens(contact.firstName, contact.lastName)));
  const viaCompany = (await Promise.all(companies.map((company) => ports.contacts.listByCompany(company.id, limit)))).flat();
  const seen = new Set<string>();
  return [...named, ...viaCompany].filter((contact) => !seen.has(contact.id) && seen.add(contact.id)).slice(0, limit);
}

/** A page of a segment's members as listed contacts, in the member list's order (erased ones left out). */
async function segmentContacts(ports: FindPorts, segmentId: string, limit: number, cursor?: string): Promise<Page<ListedContact>> {
  if (!(await ports.segments.get(segmentId))) throw new NotFoundError('Segment', segmentId);
  const page = await ports.segments.members(segmentId, limit, cursor);
  const ids = page.items.map((member) => member.contactId);
  const batches = Array.from({ length: Math.ceil(ids.length / BATCH) }, (_, index) => ids.slice(index * BATCH, (index + 1) * BATCH));
  const found = new Map((await Promise.all(batches.map((batch) => ports.contacts.getMany(batch)))).flat().map((contact) => [contact.id, contact]));
  return {
    items: ids.flatMap((id) => {
      const contact = found.get(id);
      return contact ? [listedContact(contact)] : [];
    }),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}
