import { logger } from '#shared/logger';
import type * as z from '#shared/zod';
import { caller } from './caller';
import { seesContactsMasked, shapedMasked } from './contact-masking';
import type { ApiMiddleware, ApiResult } from './http-handler';

/** Response schemas by route key and status, as the registry (./response-schemas.ts) holds them. */
export type ResponseSchemas = Readonly<Record<string, Readonly<Partial<Record<number, z.ZodType>>>>>;

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
 * at once. Problem answers, HTML, CSV and empty bodies pass untouched. For a caller who sees contacts
 * masked (an analyst), the contact fields the schemas mark are masked in the same parse.
 */
export function shapeResponses(responses?: ResponseSchemas): ApiMiddleware {
  // A function that names no schemas of its own shapes by the whole registry: a chunk of its own,
  // whose loading starts as the handler is built (at cold start), so the capture function, which
  // passes its own, never loads the schemas of every other route.
  const registry: Promise<ResponseSchemas> = responses ? Promise.resolve(responses) : import('./response-schemas').then((module) => module.responseSchemas);
  return {
    after: async (request) => {
      const response = request.response;
      const status = response?.statusCode ?? 200;
      if (!response || status < 200 || status > 299 || !isJson(response) || !response.body) return;
      const { routeKey } = request.event;
      const schema = (await registry)[routeKey]?.[status];
      if (!schema) {
        logger.error('response has no schema', { routeKey, status });
        throw new ResponseShapeError(routeKey, status);
      }
      // An analyst's answer is parsed with the contacts' email, phone, address and proof IPs masked (./contact-masking.ts).
      const masked = request.event.requestContext.authorizer?.jwt?.claims?.sub !== undefined && seesContactsMasked(caller(request.event).roles);
      const body: unknown = JSON.parse(response.body);
      const parsed = shapedMasked(masked, () => schema.safeParse(body));
      if (!parsed.success) {
        logger.error('response does not match its schema', {
          routeKey,
          status,
          issuePaths: parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`),
        });
        throw new ResponseShapeError(routeKey, status);
      }
      request.response = { ...response, body: JSON.stringify(parsed.data) };
    },
  };
}
