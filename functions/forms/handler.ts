import { linksConfig } from '#shared/config';
import { idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { pageQuery } from '#shared/domain/common-schemas';
import { createFormSchema } from '#shared/domain/form';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import { createForm, getForm } from '#shared/use-cases/manage-forms';

const { forms, topics, campaigns } = repositoriesFor(tableRef());
const baseUrl = linksConfig().PUBLIC_BASE_URL;
const ports = {
  forms,
  topics,
  campaigns,
  clock: systemClock,
  newId,
  submissionUrl: (formId: string) => `${baseUrl}/v1/forms/${encodeURIComponent(formId)}/submissions`,
};

export const handler = httpHandler({
  'GET /v1/forms': async (event) => {
    const query = queryParams(event, pageQuery);
    return json(200, await forms.list(query.limit, query.cursor));
  },
  'POST /v1/forms': async (event) => json(201, await createForm(ports, jsonBody(event, createFormSchema, 'form'))),
  'GET /v1/forms/{id}': async (event) => json(200, await getForm(ports, pathParam(event, 'id'))),
}, [idempotencyMiddleware()]);
