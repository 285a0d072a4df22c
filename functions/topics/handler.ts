import { idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { archivableListQuery } from '#shared/domain/common-schemas';
import { createTopicSchema, updateTopicSchema } from '#shared/domain/topic';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { EVERYONE, MARKETING } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json } from '#shared/http/responses';
import { archiveTopic, createTopic, getTopic, listTopics, updateTopic } from '#shared/use-cases/manage-topics';

const { topics } = repositoriesFor(tableRef());
const ports = { topics, clock: systemClock, newId };

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/topics', auth: 'admin', roles: EVERYONE },
  { method: 'POST', path: '/v1/topics', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'GET', path: '/v1/topics/{id}', auth: 'admin', roles: EVERYONE },
  { method: 'PATCH', path: '/v1/topics/{id}', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'DELETE', path: '/v1/topics/{id}', auth: 'admin', roles: MARKETING },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/topics': async (event) => {
      const query = queryParams(event, archivableListQuery);
      return json(200, await listTopics(ports, query.limit, query.cursor, query.archived));
    },
    'POST /v1/topics': async (event) => json(201, await createTopic(ports, jsonBody(event, createTopicSchema, 'topic'))),
    'GET /v1/topics/{id}': async (event) => json(200, await getTopic(ports, pathParam(event, 'id'))),
    'PATCH /v1/topics/{id}': async (event) => json(200, await updateTopic(ports, pathParam(event, 'id'), jsonBody(event, updateTopicSchema, 'topic change'))),
    'DELETE /v1/topics/{id}': async (event) => json(200, await archiveTopic(ports, pathParam(event, 'id'))),
  },
  [idempotencyMiddleware()],
);
