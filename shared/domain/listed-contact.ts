import type { Contact } from './contact';

/**
 * A contact as the contact list and search show it: the profile without the storage's bookkeeping
 * (its optimistic-locking version, its name-index keys, the normalised address the email claim uses).
 */
export type ListedContact = Omit<Contact, 'version' | 'searchKeys' | 'tagKeys' | 'emailNormalised'>;

export function listedContact({
  version: _version,
  searchKeys: _searchKeys,
  tagKeys: _tagKeys,
  emailNormalised: _emailNormalised,
  ...contact
}: Contact): ListedContact {
  return contact;
}
