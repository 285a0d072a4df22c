import type { Contact } from '#shared/domain/contact';
import { normaliseEmail } from '#shared/domain/email';
import { ValidationError } from '#shared/domain/errors';
import { matchesAllTokens, nameTokens, queryTokens } from '#shared/domain/name-search';
import type { CompanyRepository } from '#shared/store/company-repository';
import type { ContactRepository } from '#shared/store/contact-repository';

type FindPorts = {
  contacts: Pick<ContactRepository, 'getByEmail' | 'idsByNamePrefix' | 'getMany' | 'listByCompany'>;
  companies: Pick<CompanyRepository, 'search'>;
};

export type ContactQuery = { email: string } | { q: string } | { companyId: string };

const CANDIDATES = 200;

/**
 * Finds people by email, by their company, or by a search text that matches their own name or their
 * company's name. Names match regardless of case, accents and `ß`/`ss` (`Weiß` finds `Weiss`), every
 * word of the text as a word prefix (`ann wei` finds Anna Weiß).
 */
export async function findContacts(ports: FindPorts, query: ContactQuery, limit: number): Promise<Contact[]> {
  if ('email' in query) {
    const contact = await ports.contacts.getByEmail(normaliseEmail(query.email));
    return contact ? [contact] : [];
  }
  if ('companyId' in query) return ports.contacts.listByCompany(query.companyId, limit);

  const tokens = queryTokens(query.q);
  if (tokens.length === 0) throw new ValidationError('The search text is too short', [{ path: 'query.q', message: 'needs a word of at least 2 letters or digits' }]);
  // The longest word narrows the index look-up most; the others filter the candidates.
  const longest = [...tokens].sort((a, b) => b.length - a.length)[0] ?? '';
  const [byName, companies] = await Promise.all([ports.contacts.idsByNamePrefix(longest, CANDIDATES), ports.companies.search(query.q, 20)]);
  const named = (await ports.contacts.getMany(byName)).filter((contact) => matchesAllTokens(tokens, nameTokens(contact.firstName, contact.lastName)));
  const viaCompany = (await Promise.all(companies.map((company) => ports.contacts.listByCompany(company.id, limit)))).flat();
  const seen = new Set<string>();
  return [...named, ...viaCompany].filter((contact) => !seen.has(contact.id) && seen.add(contact.id)).slice(0, limit);
}
