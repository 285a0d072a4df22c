import { cachedCustomFields, idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { companyPatchSchema } from '#shared/domain/company-patch';
import { ABC_CLASSES } from '#shared/domain/abc';
import { NotFoundError } from '#shared/domain/errors';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { EVERYONE, SALES_WORK } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json } from '#shared/http/responses';
import { patchCompany } from '#shared/use-cases/manage-company';
import * as z from '#shared/zod';
import { userDirectory } from '#shared/users/users-config';
import { companiesOwnedBy } from '#shared/use-cases/owners';
import { withCompanySales } from '#shared/use-cases/sales-view';

const { companies, contacts, fields, abc: classes, owners, tasks } = repositoriesFor(tableRef());
const users = userDirectory();
const salesPorts = { users, tasks, contacts, companies, clock: systemClock };
const patchPorts = { companies, contacts, fields: cachedCustomFields(fields), clock: systemClock, newId, users };

/** `q` searches by name prefix; without it, every company alphabetically, paged. */
const listQuery = z
  .object({
    q: z.string().min(1).max(200).optional(),
    /** The companies a user owns (paged); not together with `q`. */
    ownerId: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().min(1).max(2048).optional(),
    /** Only companies of this ABC class. */
    abc: z.enum(ABC_CLASSES).optional(),
  })
  .refine((query) => query.q === undefined || query.ownerId === undefined, { path: ['ownerId'], message: 'give either q or ownerId, not both' })
  .refine((query) => query.abc === undefined || query.ownerId === undefined, { path: ['abc'], message: 'give either abc or ownerId, not both' });

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/companies', auth: 'admin', roles: EVERYONE },
  { method: 'GET', path: '/v1/companies/{id}', auth: 'admin', roles: EVERYONE },
  { method: 'PATCH', path: '/v1/companies/{id}', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/companies': async (event) => {
      const { q, ownerId, limit, cursor, abc } = queryParams(event, listQuery);
      if (ownerId !== undefined) return json(200, await companiesOwnedBy({ owners, companies }, ownerId, limit, cursor));
      if (q !== undefined) return json(200, { items: (await companies.search(q, limit)).filter((company) => abc === undefined || company.abc === abc) });
      return json(200, abc === undefined ? await companies.list(limit, cursor) : await classes.companiesOfClass(abc, limit, cursor));
    },
    'GET /v1/companies/{id}': async (event) => {
      const id = pathParam(event, 'id');
      const company = await companies.get(id);
      if (!company) throw new NotFoundError('Company', id);
      const [people, channelProofs] = await Promise.all([contacts.listByCompany(id, 500), companies.channelProofs(id)]);
      return json(200, await withCompanySales(salesPorts, { ...company, people, channelProofs }));
    },
    'PATCH /v1/companies/{id}': async (event) =>
      json(200, await patchCompany(patchPorts, pathParam(event, 'id'), jsonBody(event, companyPatchSchema, 'company change'))),
  },
  [idempotencyMiddleware()],
);
