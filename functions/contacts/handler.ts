import * as z from '#shared/zod';
import { repositoriesFor, tableRef } from '#shared/container';
import { httpHandler, pathParam, queryParams } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import { findContactsByEmail, viewContact } from '#shared/use-cases/view-contact';

const { contacts } = repositoriesFor(tableRef());

/** `?email=` finds a person by address; name and company search come with the contact search. */
const findQuery = z.object({ email: z.string({ error: 'is required' }).min(3).max(320) });

export const handler = httpHandler({
  'GET /v1/contacts': async (event) => {
    const query = queryParams(event, findQuery);
    return json(200, { items: await findContactsByEmail({ contacts }, query.email) });
  },
  'GET /v1/contacts/{id}': async (event) => json(200, await viewContact({ contacts }, pathParam(event, 'id'))),
});
