import { isOriginAllowed } from '#shared/domain/form';
import type { CaptureCatalog } from '#shared/use-cases/ports';
import type { ApiEvent, ApiMiddleware, ApiResult } from './http-handler';

/**
 * CORS per form: a browser may read the answer only when its Origin is one of the form's
 * `allowedOrigins`. Runs after errors have become responses, so a 400 for a bad email is readable
 * by the site's script too.
 */
export function formCors(catalog: Pick<CaptureCatalog, 'form'>): ApiMiddleware {
  const decorate = async (event: ApiEvent, response: ApiResult | null | undefined): Promise<void> => {
    const origin = event.headers?.origin;
    const formId = event.pathParameters?.formId;
    if (!response || !origin || !formId) return;
    const form = await catalog.form(formId).catch(() => undefined);
    const headers: Record<string, string> = { ...(response.headers as Record<string, string> | undefined), vary: 'Origin' };
    if (form && isOriginAllowed(form, origin)) {
      headers['access-control-allow-origin'] = origin;
      headers['access-control-allow-methods'] = 'POST, OPTIONS';
      headers['access-control-allow-headers'] = 'content-type, idempotency-key';
      headers['access-control-max-age'] = '600';
    }
    response.headers = headers;
  };
  return {
    after: async (request) => decorate(request.event, request.response),
    onError: async (request) => decorate(request.event, request.response),
  };
}
