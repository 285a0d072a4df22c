import { idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { duplicateDismissalSchema, duplicatesQuery, mergeRequestSchema } from '#shared/domain/contact-merge-request';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { EVERYONE, SALES_WORK } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json, noContent } from '#shared/http/responses';
import { MergeRepository } from '#shared/store/merge-repository';
import { dismissDuplicate, listDuplicates } from '#shared/use-cases/list-duplicates';
import { mergeContact } from '#shared/use-cases/merge-contacts';

const table = tableRef();
const { contacts, companies, segments, stats, scoring, tasks } = repositoriesFor(table);
const merges = new MergeRepository(table);

/** The routes this function serves (the manifest declares the same for API Gateway). */

export const routes = [
  { method: 'GET', path: '/v1/contacts/duplicates', auth: 'admin', roles: EVERYONE },
  { method: 'POST', path: '/v1/contacts/duplicates/dismissals', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'POST', path: '/v1/contacts/{id}/merge', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/contacts/duplicates': async (event) => {
      const { limit } = queryParams(event, duplicatesQuery);
      return json(200, await listDuplicates({ scanner: segments, contacts, dismissals: merges }, limit));
    },
    'POST /v1/contacts/duplicates/dismissals': async (event) => {
      const { a, b } = jsonBody(event, duplicateDismissalSchema, 'dismissal');
      await dismissDuplicate({ dismissals: merges, clock: systemClock }, a, b);
      return noContent();
    },
    'POST /v1/contacts/{id}/merge': async (event) => {
      const { otherId } = jsonBody(event, mergeRequestSchema, 'merge');
      return json(
        200,
        await mergeContact({ contacts, companies, segments, stats, merges, tasks, scoring, clock: systemClock, newId }, pathParam(event, 'id'), otherId),
      );
    },
  },
  [idempotencyMiddleware()],
);
