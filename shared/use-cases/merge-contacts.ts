import { MergedContactError, mergeContacts } from '#shared/domain/contact-merge';
import type { Contact } from '#shared/domain/contact';
import { NotFoundError, ValidationError } from '#shared/domain/errors';
import { eventCatalog } from '#shared/events/catalog';
import type { AttributionStore } from './analytics-ports';
import type { MergeStore } from './merge-ports';
import { ConcurrentWriteError } from './port-errors';
import type { Clock } from './ports';
import type { ContactTasks } from './sales-ports';
import { refreshAttribution } from './refresh-attribution';
import { scoreContact } from './score-contacts';
import type { ScoringStore } from './scoring-ports';
import { type ContactView, viewContact } from './view-contact';

const MAX_ATTEMPTS = 8;

type ViewPorts = Parameters<typeof viewContact>[0];

export interface MergePorts extends ViewPorts {
  contacts: ViewPorts['contacts'] & { get(id: string): Promise<Contact | undefined> };
  merges: MergeStore;
  stats: AttributionStore;
  /** The other's tasks follow it to the survivor (their links move with the partition). */
  tasks?: Pick<ContactTasks, 'moveToContact'>;
  /** Lead scoring: the survivor's score is recomputed from the ledger it now holds (both contacts' entries). */
  scoring?: ScoringStore;
  clock: Clock;
  newId: () => string;
}

const otherIdIssue = (message: string) => new ValidationError(`otherId: ${message}`, [{ path: 'otherId', message }]);

/** A contact that does not exist: 404, naming the survivor when it was merged. */
async function missing(ports: Pick<MergePorts, 'merges'>, id: string): Promise<never> {
  const into = await ports.merges.mergedInto(id);
  throw into ? new MergedContactError(id, into) : new NotFoundError('Contact', id);
}

/**
 * Merges `otherId` into `survivorId` and answers the survivor's 360° view. Step 1 is one transaction
 * (shared/store/merge-repository.ts `absorb`, conditioned on both versions: a concurrent write makes it
 * re-read both and plan again): the merged profile, the other's tombstone, its email claims, its lookups
 * and its counted share. From then on the other id is 404 with `mergedInto` and every write for its
 * address lands on the survivor. Step 2 moves the other's partition to the survivor, step 3 brings the
 * survivor's share of the campaign counters up to date with the merged facts. Steps 2 and 3 are
 * idempotent, and a repeated merge (an interrupted one, a retried request) does them again and answers
 * the same view: merging twice changes nothing.
 */
export async function mergeContact(ports: MergePorts, survivorId: string, otherId: string): Promise<ContactView> {
  if (otherId === survivorId) throw otherIdIssue('is the contact itself; a contact cannot be merged with itself');
  for (let attempt = 1; ; attempt += 1) {
    const [survivor, other] = await Promise.all([ports.contacts.get(survivorId), ports.contacts.get(otherId)]);
    if (!survivor) return missing(ports, survivorId);
    if (!other) {
      const into = await ports.merges.mergedInto(otherId);
      if (into === survivorId) break;
      throw otherIdIssue(into ? `was merged into ${into} already` : 'is not a contact (unknown or erased)');
    }
    const [survivorShare, otherShare] = await Promise.all([ports.merges.attributionShare(survivorId), ports.merges.attributionShare(otherId)]);
    const now = ports.clock.now();
    try {
      await ports.merges.absorb({
        survivor,
        other,
        merged: mergeContacts(survivor, other, now),
        shares: { survivor: survivorShare, other: otherShare },
        event: eventCatalog.contactMerged.event({ id: ports.newId(), occurredAt: now.toISOString(), survivorId, mergedId: otherId }),
        at: now.toISOString(),
      });
      break;
    } catch (error) {
      if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));
    }
  }
  await ports.merges.moveItems(otherId, survivorId);
  await ports.tasks?.moveToContact(otherId, survivorId);
  await refreshAttribution(ports, survivorId);
  if (ports.scoring) await scoreContact({ scoring: ports.scoring, clock: ports.clock, newId: ports.newId }, survivorId);
  return viewContact(ports, survivorId);
}

/** The 360° view, or 404 naming the survivor when `id` was merged into another contact. */
export async function viewContactOrSurvivor(ports: ViewPorts & Pick<MergePorts, 'merges'>, id: string): Promise<ContactView> {
  try {
    return await viewContact(ports, id);
  } catch (error) {
    if (error instanceof NotFoundError && error.entity === 'Contact') return missing(ports, id);
    throw error;
  }
}

/** Runs a use case on contact `id`; a merged contact answers 404 naming its survivor. */
export async function onContact<T>(ports: Pick<MergePorts, 'merges'>, id: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof NotFoundError && !(error instanceof MergedContactError) && error.entity === 'Contact' && error.id === id) return missing(ports, id);
    throw error;
  }
}
