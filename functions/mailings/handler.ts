import { idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { mailConfig } from '#shared/config';
import { pageQuery } from '#shared/domain/common-schemas';
import { senderDomain } from '#shared/domain/email';
import { createMailingSchema } from '#shared/domain/mailing';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { MARKETING, MARKETING_READ } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json } from '#shared/http/responses';
import { cancelMailing, createMailing, getMailing, listMailings, sendMailing } from '#shared/use-cases/manage-mailings';

const { mailings, campaigns, segments, topics, templates } = repositoriesFor(tableRef());
const ports = { mailings, campaigns, segments, topics, templates, clock: systemClock, newId, senderDomain: senderDomain(mailConfig().MAIL_FROM) };

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/mailings', auth: 'admin', roles: MARKETING_READ },
  { method: 'POST', path: '/v1/mailings', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'GET', path: '/v1/mailings/{id}', auth: 'admin', roles: MARKETING_READ },
  { method: 'POST', path: '/v1/mailings/{id}/send', auth: 'admin', roles: MARKETING },
  { method: 'POST', path: '/v1/mailings/{id}/cancel', auth: 'admin', roles: MARKETING },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/mailings': async (event) => {
      const query = queryParams(event, pageQuery);
      return json(200, await listMailings(ports, query.limit, query.cursor));
    },
    'POST /v1/mailings': async (event) => json(201, await createMailing(ports, jsonBody(event, createMailingSchema, 'mailing'))),
    'GET /v1/mailings/{id}': async (event) => json(200, await getMailing(ports, pathParam(event, 'id'))),
    'POST /v1/mailings/{id}/send': async (event) => json(202, await sendMailing(ports, pathParam(event, 'id'))),
    'POST /v1/mailings/{id}/cancel': async (event) => json(200, await cancelMailing(ports, pathParam(event, 'id'))),
  },
  [idempotencyMiddleware()],
);
