import type { EventBridgeEvent } from 'aws-lambda';
import { repositoriesFor, systemClock, tableRef } from '#shared/container';
import { eventCatalog } from '#shared/events/catalog';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { UserPreferenceRepository } from '#shared/store/user-preference-repository';
import { userDirectory } from '#shared/users/users-config';
import { assignQualifiedLead } from '#shared/use-cases/assign-qualified-lead';

const { contacts, companies, tasks } = repositoriesFor(tableRef());
const team = process.env.QUALIFIED_LEADS_TEAM;
const ports = {
  contacts,
  companies,
  users: userDirectory(),
  turns: new UserPreferenceRepository(tableRef()),
  tasks,
  clock: systemClock,
  ...(team ? { team } : {}),
};

/**
 * `lead.qualified` (published by scoring through the outbox): an owner by round robin when the lead has
 * none, and one follow-up task. A redelivery or replay of the same event id changes nothing.
 */
export const handler = observedHandler(async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const qualified = eventCatalog.leadQualified.parse(event.detail);
  const outcome = await assignQualifiedLead(ports, qualified);
  if (outcome === 'nobody') logger.warn('qualified lead without a sales user to assign', { eventId: qualified.id, contactId: qualified.contactId });
  else logger.info('qualified lead', { eventId: qualified.id, contactId: qualified.contactId, outcome });
});
