import { idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { mailConfig } from '#shared/config';
import { pageQuery } from '#shared/domain/common-schemas';
import { senderDomain } from '#shared/domain/email';
import { createMailingSchema } from '#shared/domain/mailing';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import { cancelMailing, createMailing, getMailing, listMailings, sendMailing } from '#shared/use-cases/manage-mailings';

const { mailings, campaigns, segments, topics, templates } = repositoriesFor(tableRef());
const ports = { mailings, campaigns, segments, topics, templates, clock: systemClock, newId, senderDomain: senderDomain(mailConfig().MAIL_FROM) };

export const handler = httpHandler({
  'GET /v1/mailings': async (event) => {
    const query = queryParams(event, pageQuery);
    return json(200, await listMailings(ports, query.limit, query.cursor));
  },
  'POST /v1/mailings': async (event) => json(201, await createMailing(ports, jsonBody(event, createMailingSchema, 'mailing'))),
  'GET /v1/mailings/{id}': async (event) => json(200, await getMailing(ports, pathParam(event, 'id'))),
  'POST /v1/mailings/{id}/send': async (event) => json(202, await sendMailing(ports, pathParam(event, 'id'))),
  'POST /v1/mailings/{id}/cancel': async (event) => json(200, await cancelMailing(ports, pathParam(event, 'id'))),
}, [idempotencyMiddleware()]);
