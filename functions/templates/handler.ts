import { mailConfig } from '#shared/config';
import { idempotencyMiddleware, mailLinks, newId, repositoriesFor, sesMailer, systemClock, tableRef } from '#shared/container';
import { archivableListQuery } from '#shared/domain/common-schemas';
import { createTemplateSchema, updateTemplateSchema } from '#shared/domain/template';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { MARKETING, MARKETING_READ } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, TEMPLATE_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json } from '#shared/http/responses';
import {
  archiveTemplate,
  createTemplate,
  getTemplate,
  listTemplates,
  previewTemplate,
  previewTemplateSchema,
  updateTemplate,
} from '#shared/use-cases/manage-templates';
import { sendTestMail, testMailSchema } from '#shared/use-cases/send-test-mail';

const { templates, contacts, suppressions, journeys } = repositoriesFor(tableRef());
const links = mailLinks();
const ports = {
  templates,
  journeys,
  contacts,
  suppressions,
  clock: systemClock,
  newId,
  // Inert: a token that verifies for nobody, so neither a preview nor a test mail can unsubscribe anyone.
  previewLinks: { unsubscribeUrl: links.unsubscribeUrl('preview'), preferencesUrl: links.preferencesUrl('preview') },
  mailer: sesMailer(),
  from: mailConfig().MAIL_FROM,
};

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/templates', auth: 'admin', roles: MARKETING_READ },
  { method: 'POST', path: '/v1/templates', auth: 'admin', roles: MARKETING, maxBodyBytes: TEMPLATE_MAX_BYTES },
  { method: 'GET', path: '/v1/templates/{id}', auth: 'admin', roles: MARKETING_READ },
  { method: 'PATCH', path: '/v1/templates/{id}', auth: 'admin', roles: MARKETING, maxBodyBytes: TEMPLATE_MAX_BYTES },
  { method: 'DELETE', path: '/v1/templates/{id}', auth: 'admin', roles: MARKETING },
  { method: 'POST', path: '/v1/templates/{id}/preview', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'POST', path: '/v1/templates/{id}/test', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/templates': async (event) => {
      const query = queryParams(event, archivableListQuery);
      return json(200, await listTemplates(ports, query.limit, query.cursor, query.archived));
    },
    'POST /v1/templates': async (event) => json(201, await createTemplate(ports, jsonBody(event, createTemplateSchema, 'template'))),
    'GET /v1/templates/{id}': async (event) => json(200, await getTemplate(ports, pathParam(event, 'id'))),
    'PATCH /v1/templates/{id}': async (event) =>
      json(200, await updateTemplate(ports, pathParam(event, 'id'), jsonBody(event, updateTemplateSchema, 'template change'))),
    'DELETE /v1/templates/{id}': async (event) => json(200, await archiveTemplate(ports, pathParam(event, 'id'))),
    'POST /v1/templates/{id}/preview': async (event) => {
      const input = event.body ? jsonBody(event, previewTemplateSchema, 'preview') : {};
      return json(200, await previewTemplate(ports, pathParam(event, 'id'), input));
    },
    'POST /v1/templates/{id}/test': async (event) => json(202, await sendTestMail(ports, pathParam(event, 'id'), jsonBody(event, testMailSchema, 'test send'))),
  },
  [idempotencyMiddleware()],
);
