import { normaliseEmail } from './email';
import { foldSearchTerm, nameIndexKey } from './name-search';

/** Why two contacts look like one person. */
export type DuplicateReason = 'same_name_company' | 'same_phone' | 'same_mailbox';

/** What duplicate matching reads of a contact: the `facts` index projects all of it. */
export interface DuplicateFacts {
  id: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  company?: string;
  phone?: string;
}

/** The profile attributes the duplicate scan reads from the `facts` index. */
export const DUPLICATE_ATTRIBUTES = ['id', 'email', 'firstName', 'lastName', 'company', 'phone'] as const;

/**
 * A key shared by more contacts than this is no sign of one person (a company's switchboard number, a
 * team's shared name at a big company): its group yields no pairs.
 */
export const MAX_GROUP = 10;

/** A name or company as compared: words folded like the name search (`Müller`, `Mueller`, `muller` are one). */
function foldedWords(value: string | undefined): string {
  return (value ?? '')
    .split(/[^\p{L}\p{N}]+/u)
    .map((word) => nameIndexKey(foldSearchTerm(word)))
    .filter((word) => word !== '')
    .join(' ');
}

/** Same first and last name at the same company, all three given; undefined otherwise. */
export function nameCompanyKey(facts: Pick<DuplicateFacts, 'firstName' | 'lastName' | 'company'>): string | undefined {
  const first = foldedWords(facts.firstName);
  const last = foldedWords(facts.lastName);
  const company = foldedWords(facts.company);
  return first && last && company ? `${first}|${last}|${company}` : undefined;
}

/**
 * A phone number as compared: digits only, in international form without `+`. `+49 (0)30 1234`,
 * `0049 30 1234` and `030 1234` are all `49301234`: a national number (one leading 0) is taken as German,
 * and a trunk `0` after the German country code is dropped. Fewer than 6 digits is no number.
 */
export function phoneKey(phone: string | undefined): string | undefined {
  if (!phone) return undefined;
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  let international: string;
  if (trimmed.startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  else if (digits.startsWith('0')) international = `49${digits.slice(1)}`;
  else international = digits;
  if (international.startsWith('490')) international = `49${international.slice(3)}`;
  return international.length >= 6 ? international : undefined;
}

/** Providers that deliver `name+tag@` to `name@` (sub-addressing). */
const SUB_ADDRESSING = new Set([
  'gmail.com',
  'outlook.com',
  'outlook.de',
  'hotmail.com',
  'hotmail.de',
  'live.com',
  'live.de',
  'icloud.com',
  'me.com',
  'mac.com',
  'fastmail.com',
  'proton.me',
  'protonmail.com',
  'posteo.de',
  'mailbox.org',
  'yahoo.com',
]);
/** Providers that ignore dots in the local part. */
const DOTS_IGNORED = new Set(['gmail.com']);
const DOMAIN_ALIASES: Record<string, string> = { 'googlemail.com': 'gmail.com' };

/**
 * The mailbox an address reaches: the email claim's form (case folded), with the provider's aliases
 * resolved (`googlemail.com` is `gmail.com`), dots dropped where the provider ignores them (Gmail) and a
 * `+tag` dropped where the provider supports sub-addressing. Elsewhere dots and tags are kept: they are
 * other mailboxes.
 */
export function mailboxKey(email: string | undefined): string | undefined {
  if (!email) return undefined;
  const normalised = normaliseEmail(email);
  const at = normalised.lastIndexOf('@');
  if (at < 1) return undefined;
  const domain = DOMAIN_ALIASES[normalised.slice(at + 1)] ?? normalised.slice(at + 1);
  let local = normalised.slice(0, at);
  if (SUB_ADDRESSING.has(domain)) local = local.replace(/\+.*$/, '');
  if (DOTS_IGNORED.has(domain)) local = local.replace(/\./g, '');
  return local === '' ? undefined : `${local}@${domain}`;
}

export interface DuplicatePair {
  /** The lower id of the pair (a pair is reported once, in this order). */
  a: string;
  b: string;
  reasons: DuplicateReason[];
}

/** The order reasons are listed in, strongest first. */
const REASON_ORDER: readonly DuplicateReason[] = ['same_mailbox', 'same_phone', 'same_name_company'];

/**
 * Groups contacts by their match keys in memory: feed pages with {@link DuplicateMatcher.add}, then
 * {@link DuplicateMatcher.pairs}. Each pair appears once with all its reasons. Memory holds one short
 * key per contact and reason (about 150 bytes a contact, so 1M contacts take ~150 MB).
 */
export class DuplicateMatcher {
  private readonly groups = new Map<string, string[]>();
  checked = 0;

  add(facts: DuplicateFacts): void {
    this.checked += 1;
    const keyed: Array<[DuplicateReason, string | undefined]> = [
      ['same_name_company', nameCompanyKey(facts)],
      ['same_phone', phoneKey(facts.phone)],
      ['same_mailbox', mailboxKey(facts.email)],
    ];
    for (const [reason, key] of keyed) {
      if (key === undefined) continue;
      const group = `${reason}\n${key}`;
      const members = this.groups.get(group);
      if (members) {
        if (members.length <= MAX_GROUP) members.push(facts.id);
      } else this.groups.set(group, [facts.id]);
    }
  }

  /** Every likely duplicate pair, most reasons first, then by ids; groups above {@link MAX_GROUP} left out. */
  pairs(): DuplicatePair[] {
    const byPair = new Map<string, DuplicatePair>();
    for (const [group, members] of this.groups) {
      if (members.length < 2 || members.length > MAX_GROUP) continue;
      const reason = group.slice(0, group.indexOf('\n')) as DuplicateReason;
      const ids = [...new Set(members)].sort();
      for (let i = 0; i < ids.length; i += 1)
        for (let j = i + 1; j < ids.length; j += 1) {
          const a = ids[i] as string;
          const b = ids[j] as string;
          const id = `${a}\n${b}`;
          const pair = byPair.get(id) ?? { a, b, reasons: [] };
          if (!pair.reasons.includes(reason)) pair.reasons.push(reason);
          byPair.set(id, pair);
        }
    }
    return [...byPair.values()]
      .map((pair) => ({ ...pair, reasons: REASON_ORDER.filter((reason) => pair.reasons.includes(reason)) }))
      .sort((x, y) => y.reasons.length - x.reasons.length || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  }
}

/** The key a dismissed pair is kept under: the two ids in order. */
export function pairId(a: string, b: string): string {
  return a < b ? `${a}#${b}` : `${b}#${a}`;
}
