import { idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { archivableListQuery } from '#shared/domain/common-schemas';
import { createTopicSchema, updateTopicSchema } from '#shared/domain/topic';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import { archiveTopic, createTopic, getTopic, listTopics, updateTopic } from '#shared/use-cases/manage-topics';

const { topics } = repositoriesFor(tableRef());
const ports = { topics, clock: systemClock, newId };

export const handler = httpHandler({
  'GET /v1/topics': async (event) => {
    const query = queryParams(event, archivableListQuery);
    return json(200, await listTopics(ports, query.limit, query.cursor, query.archived));
  },
  'POST /v1/topics': async (event) => json(201, await createTopic(ports, jsonBody(event, createTopicSchema, 'topic'))),
  'GET /v1/topics/{id}': async (event) => json(200, await getTopic(ports, pathParam(event, 'id'))),
  'PATCH /v1/topics/{id}': async (event) => json(200, await updateTopic(ports, pathParam(event, 'id'), jsonBody(event, updateTopicSchema, 'topic change'))),
  'DELETE /v1/topics/{id}': async (event) => json(200, await archiveTopic(ports, pathParam(event, 'id'))),
}, [idempotencyMiddleware()]);
