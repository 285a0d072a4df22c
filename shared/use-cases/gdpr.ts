import { NotFoundError } from '#shared/domain/errors';
import { finish, type Participant, type StatDeltas } from '#shared/domain/journey-participant';
import { listedContact } from '#shared/domain/listed-contact';
import { eventCatalog } from '#shared/events/catalog';
import type { CompanyReader, ContactRecords, ErasureStore } from './contact-ports';
import type { Clock } from './ports';
import type { ContactTasks } from './sales-ports';
import type { SegmentMemberCounts } from './segment-ports';

/** The journey participants an erasure ends (shared/store/journey-participant-repository.ts). */
export interface JourneyExits {
  ofContact(contactId: string): Promise<Participant[]>;
  move(previous: Participant, next: Participant, stats: StatDeltas): Promise<boolean>;
}

/**
 * Everything stored about a person (GDPR art. 15), as one JSON document: profile, company, consents
 * with their proofs, channels with their proofs, the address, touchpoints, activities and orders.
 */
export async function exportContact(
  ports: { contacts: ContactRecords; companies: CompanyReader; clock: Clock; tasks?: Pick<ContactTasks, 'listForSubject'> },
  id: string,
) {
  const record = await ports.contacts.getRecord(id);
  if (!record) throw new NotFoundError('Contact', id);
  const tasks = ports.tasks ? (await ports.tasks.listForSubject({ contactId: id })).map(({ version: _version, ...task }) => task) : [];
  const company = record.contact.companyId ? await ports.companies.get(record.contact.companyId) : undefined;
  return {
    exportedAt: ports.clock.now().toISOString(),
    format: 'leadflow-contact-export/1',
    profile: listedContact(record.contact),
    company: company ? { id: company.id, name: company.name } : null,
    consents: record.contact.consents,
    consentProofs: record.consentProofs,
    channelProofs: record.channelProofs,
    touchpoints: record.touchpoints,
    activities: record.activities,
    orders: record.orders,
    tasks,
    scoreLedger: record.scoreEntries ?? [],
  };
}

/**
 * Erases a person everywhere (GDPR art. 17): the partition (profile, timeline, consents, activities,
 * orders), the email claim, the name index, the address's suppression entry, the segment memberships, the link from order ids; leaves a keyed hash of the address
 * on the suppression list and announces `contact.erased` (the hash only) through the outbox, in the
 * transaction that deletes the profile. The profile goes last, so an erasure that stops half-way can
 * simply be repeated, and it is announced once, when it is complete. Answers the address's keyed hash
 * (the erasure's audit entry keeps it, so a restore can apply the erasure again).
 */
export async function eraseContact(
  ports: {
    contacts: ContactRecords;
    erasure: ErasureStore;
    segments: SegmentMemberCounts;
    journeyParticipants: JourneyExits;
    hashEmail: (emailNormalised: string) => string;
    clock: Clock;
    newId: () => string;
    /** The person's tasks: deleted before their links go with the partition. */
    tasks?: Pick<ContactTasks, 'eraseOfContact'>;
  },
  id: string,
): Promise<{ emailHash: string }> {
  const record = await ports.contacts.getRecord(id);
  if (!record) throw new NotFoundError('Contact', id);
  const { contact } = record;
  const now = ports.clock.now();
  const emailHash = ports.hashEmail(contact.emailNormalised);
  await ports.erasure.suppressHash(emailHash, 'erased', now);
  // Addresses merged into this contact are the person's too: suppressed, their claims and tombstones deleted.
  for (const address of contact.mergedEmails ?? []) await ports.erasure.suppressHash(ports.hashEmail(address), 'erased', now);
  await ports.erasure.deleteMergedRemains(contact.mergedIds ?? []);
  for (const order of record.orders) await ports.erasure.anonymiseOrderClaim(order.orderId);
  // The address's own suppression entry goes too; the keyed hash above keeps it from being mailed again.
  await ports.erasure.deleteLookups(contact);
  await Promise.all(Object.keys(contact.segments ?? {}).map((segmentId) => ports.segments.adjustMemberCount(segmentId, -1)));
  // Each journey the person is in counts them exited by erasure (a move conditioned on the participant's
  // attempt, so a repeated erasure counts nobody twice); the partition's deletion then removes them.
  for (const participant of await ports.journeyParticipants.ofContact(id)) {
    if (participant.status !== 'active') continue;
    const exit = finish(participant, 'exited', now, {}, 'erased');
    await ports.journeyParticipants.move(participant, exit.next, exit.stats);
  }
  await ports.tasks?.eraseOfContact(id);
  await ports.erasure.deletePartitionBesideProfile(id);
  await ports.erasure.deleteProfileAnnouncing(id, eventCatalog.contactErased.event({ id: ports.newId(), emailHash, occurredAt: now.toISOString() }));
  return { emailHash };
}
