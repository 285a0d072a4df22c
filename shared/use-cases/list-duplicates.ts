import { DuplicateMatcher, DUPLICATE_ATTRIBUTES, type DuplicateReason, pairId } from '#shared/domain/duplicates';
import { type ListedContact, listedContact } from '#shared/domain/listed-contact';
import type { ContactsById } from './contact-ports';
import type { DuplicateDismissals, FactsScanner } from './merge-ports';

/** Parallel Scan segments of the `facts` index (as segment runs read it). */
export const DUPLICATE_SCAN_WORKERS = 8;
/** BatchGetItem reads 100 keys at a time; `getMany` takes that many. */
const BATCH = 100;

export interface DuplicateList {
  items: Array<{ a: ListedContact; b: ListedContact; reasons: DuplicateReason[] }>;
  /** More pairs were found than `limit`; merge or dismiss some and list again. */
  truncated: boolean;
  /** How many contacts were checked. */
  checked: number;
}

/**
 * Likely duplicate pairs (same name at the same company, same phone, same mailbox), from one parallel
 * Scan of the `facts` index grouped by match keys in memory. Profiles only are in that index, so erased
 * and merged contacts never appear; dismissed pairs stay hidden. The first `limit` pairs (most reasons
 * first) are answered with both contacts as the contact list shows them.
 */
export async function listDuplicates(
  ports: { scanner: FactsScanner; contacts: ContactsById; dismissals: Pick<DuplicateDismissals, 'dismissedPairs'> },
  limit: number,
): Promise<DuplicateList> {
  const matcher = new DuplicateMatcher();
  const [dismissed] = await Promise.all([
    ports.dismissals.dismissedPairs(),
    ports.scanner.scanAllFacts({ attributes: DUPLICATE_ATTRIBUTES, workers: DUPLICATE_SCAN_WORKERS }, async (page) => {
      for (const facts of page) matcher.add(facts);
    }),
  ]);
  const pairs = matcher.pairs().filter((pair) => !dismissed.has(pairId(pair.a, pair.b)));
  const shown = pairs.slice(0, limit);
  const ids = [...new Set(shown.flatMap((pair) => [pair.a, pair.b]))];
  const found = new Map<string, ListedContact>();
  for (let start = 0; start < ids.length; start += BATCH)
    for (const contact of await ports.contacts.getMany(ids.slice(start, start + BATCH))) found.set(contact.id, listedContact(contact));
  const items = shown.flatMap((pair) => {
    const a = found.get(pair.a);
    const b = found.get(pair.b);
    return a && b ? [{ a, b, reasons: pair.reasons }] : [];
  });
  return { items, truncated: pairs.length > limit, checked: matcher.checked };
}

/** Hides a pair from the duplicates list ("not a duplicate"). */
export async function dismissDuplicate(ports: { dismissals: DuplicateDismissals; clock: { now(): Date } }, a: string, b: string): Promise<void> {
  await ports.dismissals.dismiss(pairId(a, b), a < b ? a : b, a < b ? b : a, ports.clock.now().toISOString());
}
