import { repositoriesFor, tableRef } from '#shared/container';
import { NotFoundError } from '#shared/domain/errors';
import { httpHandler, pathParam, queryParams } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import * as z from '#shared/zod';

const { companies, contacts } = repositoriesFor(tableRef());

const searchQuery = z.object({ q: z.string({ error: 'is required' }).min(1).max(200), limit: z.coerce.number().int().min(1).max(500).default(50) });

export const handler = httpHandler({
  'GET /v1/companies': async (event) => {
    const { q, limit } = queryParams(event, searchQuery);
    return json(200, { items: await companies.search(q, limit) });
  },
  'GET /v1/companies/{id}': async (event) => {
    const id = pathParam(event, 'id');
    const company = await companies.get(id);
    if (!company) throw new NotFoundError('Company', id);
    return json(200, { ...company, people: await contacts.listByCompany(id, 500) });
  },
});
