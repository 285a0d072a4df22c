import type { Activity, ActivityInput } from '#shared/domain/activity';
import { scoreAdjustment } from '#shared/domain/scoring';
import type { Contact } from '#shared/domain/contact';
import { withContactData } from '#shared/domain/contact-data';
import type { ContactPatch } from '#shared/domain/contact-patch';
import { NotFoundError } from '#shared/domain/errors';
import { eventCatalog } from '#shared/events/catalog';
import type { CompanyNames, EditableContacts } from './contact-ports';
import { applyCustomFields } from '#shared/domain/custom-field';
import { checkCustomFields } from './check-custom-fields';
import type { CustomFieldDefinitions } from './custom-field-ports';
import { ConcurrentWriteError } from './port-errors';
import type { Clock } from './ports';
import { checkOwner } from './owners';
import type { Users } from './sales-ports';

type ManagePorts = {
  contacts: EditableContacts;
  companies: CompanyNames;
  clock: Clock;
  newId: () => string;
  /** The custom field definitions `fields` changes are checked against. */
  fields?: CustomFieldDefinitions;
  /** The product's users an `ownerId` must name. */
  users?: Users;
};

const MAX_ATTEMPTS = 5;

/** Re-reads and retries `change` when another request changed the contact in between. */
async function withContact<T>(ports: Pick<ManagePorts, 'contacts'>, id: string, change: (contact: Contact) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const contact = await ports.contacts.get(id);
    if (!contact) throw new NotFoundError('Contact', id);
    try {
      return await change(contact);
    } catch (error) {
      if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** Changes profile fields; an empty string clears a field. A new company name links the contact to that company. */
export async function patchContact(ports: ManagePorts, id: string, { fields, ...patch }: ContactPatch): Promise<Contact> {
  if (fields) await checkCustomFields(ports.fields, fields, 'contact');
  if (patch.ownerId) await checkOwner(ports.users, patch.ownerId);
  return withContact(ports, id, async (contact) => {
    const { channels, address, ...profilePatch } = patch;
    const data = withContactData(contact, { channels, address }, { method: 'admin', source: 'api' }, ports.clock.now(), ports.newId);
    const next: Contact = { ...data.contact, updatedAt: ports.clock.now().toISOString() };
    if (fields) {
      const values = applyCustomFields(contact.fields, fields);
      if (values) next.fields = values;
      else delete next.fields;
    }
    for (const [field, value] of Object.entries(profilePatch) as Array<[keyof ContactPatch, unknown]>) {
      if (value === '' || value === null) delete (next as unknown as Record<string, unknown>)[field];
      else (next as unknown as Record<string, unknown>)[field] = value;
    }
    if (patch.company !== undefined) {
      if (patch.company === '') delete next.companyId;
      else next.companyId = await ports.companies.ensure(patch.company, ports.newId, ports.clock.now());
    }
    // A score set by hand is the difference to the current score, kept in the ledger as an adjustment, so the
    // next rescore (a rules change, the decay run, the next event) keeps it instead of undoing it.
    const adjustment = patch.score !== undefined && patch.score !== contact.score ? patch.score - contact.score : 0;
    return ports.contacts.update(next, {
      ...(data.proofs.length > 0 ? { channelProofs: data.proofs } : {}),
      ...(adjustment !== 0
        ? { scoreAdjustments: [{ contactId: id, entry: scoreAdjustment(`patch:${ports.newId()}`, adjustment, next.updatedAt, 'set by hand') }] }
        : {}),
    });
  });
}

/** Logs a call, meeting, visit, note or email on the contact's timeline. */
export async function addActivity(ports: ManagePorts, contactId: string, input: ActivityInput): Promise<Activity> {
  const activity: Activity = { ...input, at: new Date(input.at).toISOString(), id: ports.newId(), contactId, createdAt: ports.clock.now().toISOString() };
  await withContact(ports, contactId, (contact) => {
    const lastAt = contact.activity.lastAt && contact.activity.lastAt >= activity.at ? contact.activity.lastAt : activity.at;
    return ports.contacts.update(
      { ...contact, activity: { ...contact.activity, lastAt }, updatedAt: activity.createdAt },
      {
        activities: [activity],
        events: [
          eventCatalog.activityLogged.event({
            id: `activity-${activity.id}`,
            occurredAt: activity.at,
            contactId,
            activityId: activity.id,
            activityType: activity.type,
          }),
        ],
      },
    );
  });
  return activity;
}

/**
 * Adds and removes tags (a journey's update step). Idempotent: tags already there, or already gone, change
 * nothing, so running it again after a crash writes nothing more. An erased contact is left alone.
 */
export async function changeContactTags(
  ports: Pick<ManagePorts, 'contacts' | 'clock'>,
  id: string,
  add: readonly string[],
  remove: readonly string[],
): Promise<void> {
  try {
    await withContact(ports, id, async (contact) => {
      const tags = [...new Set([...contact.tags, ...add])].filter((tag) => !remove.includes(tag));
      if (tags.length === contact.tags.length && tags.every((tag, index) => tag === contact.tags[index])) return contact;
      return ports.contacts.update({ ...contact, tags, updatedAt: ports.clock.now().toISOString() });
    });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
}
