import { cachedCustomFields, idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { activitySchema } from '#shared/domain/activity';
import { contactListQuery } from '#shared/domain/contact-list-query';
import { contactPatchSchema } from '#shared/domain/contact-patch';
import { ForbiddenError } from '#shared/domain/errors';
import { caller } from '#shared/http/caller';
import { seesContactsMasked } from '#shared/http/contact-masking';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { EVERYONE, SALES_WORK } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json } from '#shared/http/responses';
import { findContacts } from '#shared/use-cases/find-contacts';
import { addActivity, patchContact } from '#shared/use-cases/manage-contact';
import { MergeRepository } from '#shared/store/merge-repository';
import { onContact } from '#shared/use-cases/merge-contacts';
import { viewContact } from '#shared/use-cases/view-contact';
import { withSalesView } from '#shared/use-cases/sales-view';
import { userDirectory } from '#shared/users/users-config';

const { contacts, companies, segments, fields, tasks, owners, scoring } = repositoriesFor(tableRef());
const users = userDirectory();
const ports = {
  contacts,
  companies,
  segments,
  scoring,
  fields: cachedCustomFields(fields),
  clock: systemClock,
  newId,
  users,
  owners,
};
/** A merged contact's id answers 404 naming the survivor (`mergedInto`). */
const merged = { merges: new MergeRepository(tableRef()) };

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/contacts', auth: 'admin', roles: EVERYONE },
  { method: 'GET', path: '/v1/contacts/{id}', auth: 'admin', roles: EVERYONE },
  { method: 'PATCH', path: '/v1/contacts/{id}', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'POST', path: '/v1/contacts/{id}/activities', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/contacts': async (event) => {
      const { limit, query } = queryParams(event, contactListQuery);
      // A search by address would tell an analyst, who sees addresses masked, whether someone is a contact.
      if ('email' in query && seesContactsMasked(caller(event).roles))
        throw new ForbiddenError('Searching by email address needs the role admin, marketer or sales');
      return json(200, await findContacts(ports, query, limit));
    },
    'GET /v1/contacts/{id}': async (event) => {
      const id = pathParam(event, 'id');
      return json(200, await onContact(merged, id, async () => withSalesView({ ...ports, tasks }, await viewContact(ports, id))));
    },
    'PATCH /v1/contacts/{id}': async (event) => {
      const id = pathParam(event, 'id');
      const change = jsonBody(event, contactPatchSchema, 'contact change');
      return json(200, await onContact(merged, id, () => patchContact(ports, id, change)));
    },
    'POST /v1/contacts/{id}/activities': async (event) => {
      const id = pathParam(event, 'id');
      const activity = jsonBody(event, activitySchema, 'activity');
      return json(201, await onContact(merged, id, () => addActivity(ports, id, activity)));
    },
  },
  [idempotencyMiddleware()],
);
