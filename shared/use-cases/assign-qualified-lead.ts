import type { Contact } from '#shared/domain/contact';
import { nextWorkingMorning } from '#shared/domain/local-time';
import type { User } from '#shared/domain/user';
import { createTask } from './manage-tasks';
import { AlreadyExistsError, ConcurrentWriteError } from './port-errors';
import type { Clock } from './ports';
import type { TaskStore, TurnCounter, Users } from './sales-ports';

/** Who created the follow-up tasks of qualified leads. */
export const QUALIFIED_LEAD_CREATOR = 'system:lead-qualified';
/** The round-robin counter of the sales users when no team is configured. */
const ALL_SALES = '*sales*';
const MAX_ATTEMPTS = 5;

const FOLLOW_UP_TITLE = { de: 'Qualifizierten Lead zurückrufen', en: 'Call back qualified lead' } as const;

export interface QualifiedLeadPorts {
  contacts: { get(id: string): Promise<Contact | undefined>; update(contact: Contact): Promise<Contact>; getMany(ids: readonly string[]): Promise<Contact[]> };
  companies: { get(id: string): Promise<{ ownerId?: string } | undefined>; getMany(ids: readonly string[]): Promise<Array<{ id: string; name: string }>> };
  users: Users;
  turns: TurnCounter;
  tasks: TaskStore;
  clock: Clock;
  /** The team qualified leads go round robin in (`QUALIFIED_LEADS_TEAM`); without one, every user with the `sales` role. */
  team?: string;
}

/** The follow-up task's id for an event: derived from it, so a redelivery finds the task it created. */
export const followUpTaskId = (eventId: string) => `lead-qualified-${eventId}`;

export type QualifiedLeadOutcome = 'assigned' | 'owned' | 'repeat' | 'gone' | 'nobody';

/**
 * `lead.qualified`: a contact without an owner (their own or their company's) gets one, round robin
 * among the team's sales users (an atomic counter); then the owner gets ONE follow-up task, due the
 * next working morning at 09:00 in their time zone. Exactly once per event id: the task's id is the
 * event's, put only if absent, and a redelivery that finds it does nothing; one that comes after the
 * owner was set keeps that owner (the counter is only asked while there is none).
 */
export async function assignQualifiedLead(ports: QualifiedLeadPorts, event: { id: string; contactId: string }): Promise<QualifiedLeadOutcome> {
  const taskId = followUpTaskId(event.id);
  if (await ports.tasks.get(taskId)) return 'repeat';
  const found = await ownerFor(ports, event.contactId);
  if (found === 'gone' || found === 'nobody') return found;
  const { owner, assigned } = found;
  const now = ports.clock.now();
  try {
    await createTask(
      { ...ports, newId: () => taskId },
      QUALIFIED_LEAD_CREATOR,
      {
        contactId: event.contactId,
        title: FOLLOW_UP_TITLE[owner.locale ?? 'de'],
        dueAt: nextWorkingMorning(now, owner.timeZone).toISOString(),
        assigneeId: owner.id,
      },
      taskId,
      `lead.qualified:${event.id}`,
    );
  } catch (error) {
    if (error instanceof AlreadyExistsError) return 'repeat';
    throw error;
  }
  return assigned ? 'assigned' : 'owned';
}

async function ownerFor(ports: QualifiedLeadPorts, contactId: string): Promise<{ owner: User; assigned: boolean } | 'gone' | 'nobody'> {
  for (let attempt = 1; ; attempt += 1) {
    const contact = await ports.contacts.get(contactId);
    if (!contact) return 'gone';
    const company = contact.companyId ? await ports.companies.get(contact.companyId) : undefined;
    const current = contact.ownerId ?? company?.ownerId;
    if (current) {
      const user = await ports.users.get(current);
      if (user) return { owner: user, assigned: false };
    }
    const members = (await ports.users.list())
      .filter((user) => user.roles.includes('sales') && (ports.team === undefined || user.team === ports.team))
      .sort((a, b) => a.id.localeCompare(b.id));
    if (members.length === 0) return 'nobody';
    const turn = await ports.turns.nextInTurn(ports.team ?? ALL_SALES);
    const owner = members[(turn - 1) % members.length] ?? members[0];
    if (!owner) return 'nobody';
    try {
      await ports.contacts.update({ ...contact, ownerId: owner.id, updatedAt: ports.clock.now().toISOString() });
      return { owner, assigned: true };
    } catch (error) {
      if (!(error instanceof ConcurrentWriteError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
