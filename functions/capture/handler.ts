import { linksConfig } from '#shared/config';
import { cachedCatalog, cachedCustomFields, captureRepositoriesFor, idempotencyMiddleware, newId, systemClock, tableRef } from '#shared/container';
import { readBody } from '#shared/http/body';
import { CustomFieldRepository } from '#shared/store/custom-field-repository';
import { formCors } from '#shared/http/form-cors';
import { httpHandler, maxBodyBytes, pathParam, requestEvidence } from '#shared/http/http-handler';
import { SUBMISSION_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { html, json, noContent, redirect } from '#shared/http/responses';
import { captureResponseSchemas } from '#shared/http/responses/capture-responses';
import { parseSubmission } from '#shared/http/submission-body';
import { thankYouPage } from '#shared/http/pages';
import { count } from '#shared/metrics';
import { captureLead, loadSubmissionForm } from '#shared/use-cases/capture-lead';
import type { CapturePorts } from '#shared/use-cases/ports';

const repositories = captureRepositoriesFor(tableRef());
const catalog = cachedCatalog(repositories);
const ports: CapturePorts = {
  catalog,
  contacts: repositories.contacts,
  companies: repositories.companies,
  clock: systemClock,
  newId,
  customFields: cachedCustomFields(new CustomFieldRepository(tableRef())),
};
/** The console is served from the product's own origin; its form builder makes test submissions. */
const consoleOrigin = new URL(linksConfig().PUBLIC_BASE_URL).origin;

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'POST', path: '/v1/forms/{formId}/submissions', auth: 'public', maxBodyBytes: SUBMISSION_MAX_BYTES },
  { method: 'OPTIONS', path: '/v1/forms/{formId}/submissions', auth: 'public' },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'OPTIONS /v1/forms/{formId}/submissions': async (event) => {
      await loadSubmissionForm(ports, pathParam(event, 'formId'), event.headers.origin, consoleOrigin);
      return noContent();
    },
    'POST /v1/forms/{formId}/submissions': async (event) => {
      const form = await loadSubmissionForm(ports, pathParam(event, 'formId'), event.headers.origin, consoleOrigin);
      const body = readBody(event, { maxBytes: maxBodyBytes(event), accept: ['json', 'form'] });
      const result = await captureLead(ports, { form, submission: parseSubmission(body), evidence: requestEvidence(event) });
      if (!result.discarded) count('leadsCaptured');
      if (body.kind === 'json') return json(202, { contactId: result.contactId, status: result.status, ignoredFields: result.ignoredFields });
      return form.redirectUrl ? redirect(form.redirectUrl) : html(200, thankYouPage(form.locale, result.status));
    },
  },
  [idempotencyMiddleware(), formCors(catalog)],
  captureResponseSchemas,
);
