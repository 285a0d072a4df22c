import { idempotencyMiddleware, mailLinks, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { archivableListQuery } from '#shared/domain/common-schemas';
import { createTemplateSchema, updateTemplateSchema } from '#shared/domain/template';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import { archiveTemplate, createTemplate, getTemplate, listTemplates, previewTemplate, previewTemplateSchema, updateTemplate } from '#shared/use-cases/manage-templates';

const { templates, contacts } = repositoriesFor(tableRef());
const links = mailLinks();
const ports = { templates, contacts, clock: systemClock, newId, previewLinks: { unsubscribeUrl: links.unsubscribeUrl('preview'), preferencesUrl: links.preferencesUrl('preview') } };

export const handler = httpHandler({
  'GET /v1/templates': async (event) => {
    const query = queryParams(event, archivableListQuery);
    return json(200, await listTemplates(ports, query.limit, query.cursor, query.archived));
  },
  'POST /v1/templates': async (event) => json(201, await createTemplate(ports, jsonBody(event, createTemplateSchema, 'template'))),
  'GET /v1/templates/{id}': async (event) => json(200, await getTemplate(ports, pathParam(event, 'id'))),
  'PATCH /v1/templates/{id}': async (event) => json(200, await updateTemplate(ports, pathParam(event, 'id'), jsonBody(event, updateTemplateSchema, 'template change'))),
  'DELETE /v1/templates/{id}': async (event) => json(200, await archiveTemplate(ports, pathParam(event, 'id'))),
  'POST /v1/templates/{id}/preview': async (event) => {
    const input = event.body ? jsonBody(event, previewTemplateSchema, 'preview') : {};
    return json(200, await previewTemplate(ports, pathParam(event, 'id'), input));
  },
}, [idempotencyMiddleware()]);
