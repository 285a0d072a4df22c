import { logger } from '#shared/logger';
import type { ApiMiddleware, ApiResult } from './http-handler';
import { responseSchemaFor } from './response-schemas';

/** A JSON answer that does not match its route's response schema: a bug, answered with a bare 500. */
export class ResponseShapeError extends Error {
  constructor(
    readonly routeKey: string,
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(`The ${status} answer of ${routeKey} does not match its response schema`, options);
    this.name = 'ResponseShapeError';
  }
}

function isJson(response: ApiResult): boolean {
  const type = Object.entries(response.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return typeof type === 'string' && /^application\/json\b/i.test(type);
}

/**
 * Shapes every JSON success answer by its route's schema (shared/http/response-schemas.ts): the body
 * is parsed and serialised again, so keys the schema does not list (pk, sk, version, searchKeys,
 * emailNormalised, leases, ...) never leave the API. A body that does not match, or a JSON 2xx status
 * the registry has no schema for, is a bug: it is logged with the route key and the zod issue paths
 * only (never values, which may be personal data) and answered with a 500, so tests catch the drift
 * at once. Problem answers, HTML, CSV and empty bodies pass untouched.
 */
export function shapeResponses(): ApiMiddleware {
  return {
    after: (request) => {
      const response = request.response;
      const status = response?.statusCode ?? 200;
      if (!response || status < 200 || status > 299 || !isJson(response) || !response.body) return;
      const { routeKey } = request.event;
      const schema = responseSchemaFor(routeKey, status);
      if (!schema) {
        logger.error('response has no schema', { routeKey, status });
        throw new ResponseShapeError(routeKey, status);
      }
      const parsed = schema.safeParse(JSON.parse(response.body));
      if (!parsed.success) {
        logger.error('response does not match its schema', { routeKey, status, issuePaths: parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`) });
        throw new ResponseShapeError(routeKey, status);
      }
      request.response = { ...response, body: JSON.stringify(parsed.data) };
    },
  };
}
