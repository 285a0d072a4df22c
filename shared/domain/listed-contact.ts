import type { Contact } from './contact';

/**
 * A contact as the contact list and search show it: the profile without the storage's bookkeeping
 * (its optimistic-locking version, its name-index keys, the normalised address the email claim uses).
 */
export type ListedContact = Omit<Contact, 'version' | 'searchKeys' | 'tagKeys' | 'emailNormalised' | 'mergedEmails'>;

export function listedContact({
  version: _version,
  searchKeys: _searchKeys,
  tagKeys: _tagKeys,
  emailNormalised: _emailNormalised,
  mergedEmails: _mergedEmails,
  ...contact
}: Contact): ListedContact {
  return contact;
}
