import { idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { pageQuery } from '#shared/domain/common-schemas';
import { createTopicSchema } from '#shared/domain/topic';
import { httpHandler, jsonBody, queryParams } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import { createTopic } from '#shared/use-cases/manage-topics';

const { topics } = repositoriesFor(tableRef());
const ports = { topics, clock: systemClock, newId };

export const handler = httpHandler({
  'GET /v1/topics': async (event) => {
    const query = queryParams(event, pageQuery);
    return json(200, await topics.list(query.limit, query.cursor));
  },
  'POST /v1/topics': async (event) => json(201, await createTopic(ports, jsonBody(event, createTopicSchema, 'topic'))),
}, [idempotencyMiddleware()]);

