import { linksConfig } from '#shared/config';
import { cachedCustomFields, idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { archivableListQuery } from '#shared/domain/common-schemas';
import { createFormSchema, updateFormSchema } from '#shared/domain/form';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { MARKETING, MARKETING_READ } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json } from '#shared/http/responses';
import { archiveForm, createForm, getForm, listForms, updateForm } from '#shared/use-cases/manage-forms';

const { forms, topics, campaigns, fields } = repositoriesFor(tableRef());
const baseUrl = linksConfig().PUBLIC_BASE_URL;
const ports = {
  forms,
  topics,
  campaigns,
  customFields: cachedCustomFields(fields),
  clock: systemClock,
  newId,
  submissionUrl: (formId: string) => `${baseUrl}/v1/forms/${encodeURIComponent(formId)}/submissions`,
};

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/forms', auth: 'admin', roles: MARKETING_READ },
  { method: 'POST', path: '/v1/forms', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'GET', path: '/v1/forms/{id}', auth: 'admin', roles: MARKETING_READ },
  { method: 'PATCH', path: '/v1/forms/{id}', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'DELETE', path: '/v1/forms/{id}', auth: 'admin', roles: MARKETING },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/forms': async (event) => {
      const query = queryParams(event, archivableListQuery);
      return json(200, await listForms(ports, query.limit, query.cursor, query.archived));
    },
    'POST /v1/forms': async (event) => json(201, await createForm(ports, jsonBody(event, createFormSchema, 'form'))),
    'GET /v1/forms/{id}': async (event) => json(200, await getForm(ports, pathParam(event, 'id'))),
    'PATCH /v1/forms/{id}': async (event) => json(200, await updateForm(ports, pathParam(event, 'id'), jsonBody(event, updateFormSchema, 'form change'))),
    'DELETE /v1/forms/{id}': async (event) => json(200, await archiveForm(ports, pathParam(event, 'id'))),
  },
  [idempotencyMiddleware()],
);
