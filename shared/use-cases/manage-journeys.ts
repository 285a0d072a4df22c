import { NotFoundError, ValidationError } from '#shared/domain/errors';
import type { Contact } from '#shared/domain/contact';
import { senderDomain } from '#shared/domain/email';
import type { CreateJourneyInput, UpdateJourneyInput } from '#shared/domain/journey';
import type { Participant, ParticipantStatus } from '#shared/domain/journey-participant';
import { type JourneyStats, journeyStats } from '#shared/domain/journey-stats';
import { editJourney, type Journey, type JourneyDefinition, type JourneyTransition, newJourney, transitionJourney } from '#shared/domain/journey-lifecycle';
import type { Page } from '#shared/domain/page';
import { type JourneyReferencePorts, journeyReferenceIssues } from './journey-references';
import type { Clock } from './ports';

/** The store of journeys as the use cases need it. */
export interface JourneyStore {
  create(journey: Journey): Promise<void>;
  get(id: string): Promise<Journey | undefined>;
  save(previous: Journey, next: Journey): Promise<void>;
  publish(previous: Journey, next: Journey): Promise<void>;
  getVersion(id: string, version: number): Promise<{ definition: JourneyDefinition } | undefined>;
  list(limit: number, cursor?: string, options?: { archived?: boolean }): Promise<Page<Journey>>;
}

export interface JourneyPorts extends JourneyReferencePorts {
  journeys: JourneyStore;
  clock: Clock;
  newId: () => string;
  /** The verified sender's domain (MAIL_FROM's): a send step's `from` must be an address of it, as SES allows. */
  senderDomain: string;
}

async function checkReferences(
  ports: JourneyReferencePorts & Pick<JourneyPorts, 'senderDomain'>,
  definition: JourneyDefinition,
  before?: JourneyDefinition,
): Promise<void> {
  const senders = definition.steps.flatMap((step, index) =>
    step.type === 'send_email' && senderDomain(step.from) !== ports.senderDomain
      ? [{ path: `steps.${index}.from`, message: `must be an address of the verified sender domain ${ports.senderDomain}` }]
      : [],
  );
  const issues = [...senders, ...(await journeyReferenceIssues(ports, definition, before))];
  if (issues.length > 0) throw new ValidationError('The journey is not valid', issues);
}

async function existing(ports: Pick<JourneyPorts, 'journeys'>, id: string): Promise<Journey> {
  const journey = await ports.journeys.get(id);
  if (!journey) throw new NotFoundError('Journey', id);
  return journey;
}

/** The definition people inside are on, so references it already made may stay though archived since. */
async function publishedDefinition(ports: Pick<JourneyPorts, 'journeys'>, journey: Journey): Promise<JourneyDefinition | undefined> {
  if (journey.publishedVersion === undefined) return undefined;
  return (await ports.journeys.getVersion(journey.id, journey.publishedVersion))?.definition;
}

/** Saves a new journey as a draft of version 1, after checking that everything it names exists and is in use. */
export async function createJourney(ports: JourneyPorts, input: CreateJourneyInput): Promise<Journey> {
  const journey = newJourney(input, ports.newId(), ports.clock.now());
  await checkReferences(ports, journey.definition);
  await ports.journeys.create(journey);
  return journey;
}

export function getJourney(ports: Pick<JourneyPorts, 'journeys'>, id: string): Promise<Journey> {
  return existing(ports, id);
}

/** Lists journeys in use (draft, published, paused), or the archived ones. */
export function listJourneys(ports: Pick<JourneyPorts, 'journeys'>, limit: number, cursor: string | undefined, archived: boolean): Promise<Page<Journey>> {
  return ports.journeys.list(limit, cursor, { archived });
}

/** Edits a journey: a draft in place, a published one as its next version's draft (see `editJourney`). */
export async function updateJourney(ports: JourneyPorts, id: string, patch: UpdateJourneyInput): Promise<Journey> {
  const journey = await existing(ports, id);
  const next = editJourney(journey, patch, ports.clock.now());
  await checkReferences(ports, next.definition, await publishedDefinition(ports, journey));
  await ports.journeys.save(journey, next);
  return next;
}

/**
 * Publishes, pauses, resumes or archives. Publishing fixes the newest version (new participants enter it)
 * after checking its references once more: a template or segment archived since the draft was saved is
 * refused unless the published version already used it.
 */
export async function changeJourneyStatus(ports: JourneyPorts, id: string, transition: JourneyTransition): Promise<Journey> {
  const journey = await existing(ports, id);
  const next = transitionJourney(journey, transition, ports.clock.now());
  if (next === journey) return journey;
  if (transition === 'publish') {
    await checkReferences(ports, next.definition, await publishedDefinition(ports, journey));
    await ports.journeys.publish(journey, next);
  } else {
    await ports.journeys.save(journey, next);
  }
  return next;
}

/** The figures and participants of a journey, from the participants' store. */
export interface JourneyFiguresPorts {
  journeys: JourneyStore;
  participants: {
    stats(journeyId: string): Promise<Record<string, number>>;
    list(journeyId: string, status: ParticipantStatus, limit: number, cursor?: string): Promise<Page<Participant>>;
  };
}

/** A journey with its figures, for the steps of its newest version. */
export async function journeyWithStats(ports: JourneyFiguresPorts, id: string): Promise<Journey & { stats: JourneyStats }> {
  const journey = await existing(ports, id);
  return { ...journey, stats: journeyStats(await ports.participants.stats(id), journey.definition) };
}

/** Who a participant is, as the participants list names them (absent once the person is erased). */
export interface ParticipantPerson {
  email: string;
  firstName?: string;
  lastName?: string;
  company?: string;
}

/**
 * A page of the journey's participants of one status (active by default), each with the person's name
 * and address (one BatchGet of their profiles per page), so the list names people, not ids.
 */
export async function journeyParticipants(
  ports: JourneyFiguresPorts & { contacts: { getMany(ids: readonly string[]): Promise<Contact[]> } },
  id: string,
  status: ParticipantStatus,
  limit: number,
  cursor?: string,
): Promise<Page<Participant & { contact?: ParticipantPerson }>> {
  await existing(ports, id);
  const page = await ports.participants.list(id, status, limit, cursor);
  const people = new Map((await ports.contacts.getMany([...new Set(page.items.map((item) => item.contactId))])).map((contact) => [contact.id, contact]));
  const personOf = (contact: Contact): ParticipantPerson => ({
    email: contact.email,
    ...(contact.firstName ? { firstName: contact.firstName } : {}),
    ...(contact.lastName ? { lastName: contact.lastName } : {}),
    ...(contact.company ? { company: contact.company } : {}),
  });
  return {
    ...page,
    items: page.items.map((item) => {
      const contact = people.get(item.contactId);
      return contact ? { ...item, contact: personOf(contact) } : item;
    }),
  };
}

/** Every published journey with the definition new participants enter (the triggers' catalogue). */
export async function publishedJourneys(ports: Pick<JourneyPorts, 'journeys'>): Promise<Array<{ journey: Journey; definition: JourneyDefinition }>> {
  const found: Array<{ journey: Journey; definition: JourneyDefinition }> = [];
  let cursor: string | undefined;
  do {
    const page = await ports.journeys.list(100, cursor);
    for (const journey of page.items) {
      if (journey.status !== 'published' || journey.publishedVersion === undefined) continue;
      const version = await ports.journeys.getVersion(journey.id, journey.publishedVersion);
      if (version) found.push({ journey, definition: version.definition });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}
