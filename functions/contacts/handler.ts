import { idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { activitySchema } from '#shared/domain/activity';
import { contactPatchSchema } from '#shared/domain/contact-patch';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import * as z from '#shared/zod';
import { findContacts } from '#shared/use-cases/find-contacts';
import { addActivity, patchContact } from '#shared/use-cases/manage-contact';
import { viewContact } from '#shared/use-cases/view-contact';

const { contacts, companies, segments } = repositoriesFor(tableRef());
const ports = { contacts, companies, segments, clock: systemClock, newId };

/** Exactly one of `email`, `q` (name or company) or `companyId`. */
const findQuery = z
  .object({
    email: z.string().min(3).max(320).optional(),
    q: z.string().min(1).max(200).optional(),
    companyId: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .refine((query) => [query.email, query.q, query.companyId].filter((value) => value !== undefined).length === 1, {
    message: 'give exactly one of email, q or companyId',
    path: ['q'],
  });

export const handler = httpHandler(
  {
    'GET /v1/contacts': async (event) => {
      const { limit, email, q, companyId } = queryParams(event, findQuery);
      const query = email !== undefined ? { email } : q !== undefined ? { q } : { companyId: companyId ?? '' };
      return json(200, { items: await findContacts(ports, query, limit) });
    },
    'GET /v1/contacts/{id}': async (event) => json(200, await viewContact(ports, pathParam(event, 'id'))),
    'PATCH /v1/contacts/{id}': async (event) => json(200, await patchContact(ports, pathParam(event, 'id'), jsonBody(event, contactPatchSchema, 'contact change'))),
    'POST /v1/contacts/{id}/activities': async (event) =>
      json(201, await addActivity(ports, pathParam(event, 'id'), jsonBody(event, activitySchema, 'activity'))),
  },
  [idempotencyMiddleware()],
);
