import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import * as z from '#shared/zod';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '#shared/domain/errors';
import { logger, redact } from '#shared/logger';
import { metrics } from '#shared/metrics';
import { readBody } from './body';
import { caller } from './caller';
import { auditTrail } from './audit-trail';
import { htmlPage } from './html-page';
import { replayedAnswer } from './idempotency';
import { errorToProblem } from './problem';
import { type ResponseSchemas, shapeResponses } from './response-shaping';
import { mayCall, rolesNeeded, UNDECIDED_ROUTE_ROLES } from './route-roles';
import { type RouteKeys, routeKey, type RouteSpec } from './route-spec';
import { parseWith } from './validate';

/** An HTTP API (payload 2.0) event; admin routes carry the JWT authorizer's claims. */
export type ApiEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Record<string, string | number | boolean | string[]>; scopes?: string[] } };
  };
};
export type ApiResult = APIGatewayProxyStructuredResultV2;
/** A route's implementation; `context` is Lambda's (its remaining time, for work that must stop in time). */
export type Route = (event: ApiEvent, context: Context) => Promise<ApiResult>;
export type ApiMiddleware = MiddlewareObj<ApiEvent, ApiResult, Error, Context>;

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** The spec of the route each request in flight was dispatched to: its body limit, read by the route's own parsing. */
const specOfRequest = new WeakMap<ApiEvent, RouteSpec>();

/**
 * Finds the request's route among the handler's own and remembers it for the request. Admin routes
 * need an authenticated principal: API Gateway's JWT authorizer (or the local gateway) has checked the
 * token already; this refuses a request that reached the function without one, so a misconfigured
 * route fails closed. It is the one place that decides roles: a caller none of whose roles
 * (`cognito:groups`) is among the route's (shared/http/route-roles.ts) gets 403 naming the roles needed.
 */
function requireAuth(specs: ReadonlyMap<string, RouteSpec>): ApiMiddleware {
  return {
    before: (request) => {
      const route = specs.get(request.event.routeKey);
      if (!route) throw new NotFoundError('Route', request.event.routeKey);
      specOfRequest.set(request.event, route);
      if (route.auth !== 'admin') return;
      if (!request.event.requestContext.authorizer?.jwt?.claims?.sub) throw new UnauthorizedError('A valid bearer token is required');
      const allowed = route.roles ?? UNDECIDED_ROUTE_ROLES;
      if (!mayCall(caller(request.event).roles, allowed)) throw new ForbiddenError(rolesNeeded(allowed));
    },
  };
}

/** API Gateway's request id on every line logged for the request (the id a caller's support ticket quotes). */
function apiRequestIdInLogs(): ApiMiddleware {
  return {
    before: (request) => {
      const apiRequestId = request.event.requestContext?.requestId;
      if (apiRequestId) logger.appendKeys({ apiRequestId });
    },
  };
}

function prefersHtml(event: ApiEvent): boolean {
  const accept = event.headers?.accept ?? '';
  const htmlAt = accept.indexOf('text/html');
  const jsonAt = Math.min(...['application/json', 'application/problem+json'].map((type) => accept.indexOf(type)).filter((at) => at >= 0), Infinity);
  return htmlAt >= 0 && htmlAt < jsonAt;
}

/**
 * The one place errors become HTTP answers: problem+json for programs, a plain HTML page for a person
 * whose browser asked for HTML (a bad confirmation link). Unexpected errors are logged without
 * personal data and answered with a bare 500.
 */
function problemErrors(): ApiMiddleware {
  return {
    onError: (request) => {
      const { response, expected } = errorToProblem(request.error);
      if (!expected) {
        const error = request.error as (Error & { $metadata?: { httpStatusCode?: number } }) | undefined;
        logger.error('request failed', {
          routeKey: request.event.routeKey,
          errorName: error?.name,
          errorMessage: redact(String(error?.message ?? '')),
          awsStatus: error?.$metadata?.httpStatusCode,
        });
      }
      if (prefersHtml(request.event)) {
        const problem = JSON.parse(String(response.body)) as { title: string; detail?: string };
        const lang = (request.event.headers?.['accept-language'] ?? '').toLowerCase().startsWith('de') ? 'de' : 'en';
        request.response = {
          statusCode: response.statusCode ?? 500,
          headers: { ...response.headers, 'content-type': 'text/html; charset=utf-8' },
          body: htmlPage({ lang, title: problem.title, message: problem.detail ?? problem.title }),
        };
        return;
      }
      request.response = response;
    },
  };
}

/**
 * Builds a function's handler from the routes it declares (`specs`, the same as the manifest's, which
 * a unit test checks) and their implementations, keyed by API Gateway route key (`POST /v1/forms`):
 * the compiler asks for exactly one implementation per declared route. `middlewares` run after
 * authentication and, on error, after the error has become a response, so they can decorate it (CORS
 * headers). `responses` are the routes' response schemas when the function names them itself (the
 * registry's own entries), else the whole registry shapes the answers.
 */
export function httpHandler<const R extends readonly RouteSpec[]>(
  specs: R,
  routes: Record<RouteKeys<R>, Route>,
  middlewares: ApiMiddleware[] = [],
  responses?: ResponseSchemas,
) {
  const implementations: Record<string, Route> = routes;
  const byKey = new Map(specs.map((spec) => [routeKey(spec), spec] as const));
  const unimplemented = [...byKey.keys()].filter((key) => !implementations[key]);
  const undeclared = Object.keys(implementations).filter((key) => !byKey.has(key));
  if (unimplemented.length || undeclared.length)
    throw new Error(`Routes and implementations differ: unimplemented ${unimplemented.join(', ') || 'none'}; undeclared ${undeclared.join(', ') || 'none'}`);
  // Registered order: the log context (Lambda's and API Gateway's request ids) and the metrics written
  // when the request ends, auth, the given middlewares (idempotency, CORS), response shaping, then error
  // mapping. middy runs `after` and `onError` in reverse, so a JSON answer is shaped by its schema
  // first (a mismatch becomes an error the mapping turns into a 500), errors are mapped, and CORS
  // decorates before the idempotency middleware stores the finished response; the audit trail, right
  // after auth, sees the final answer last. A replayed answer comes from the dispatch (never an early
  // return from `before`, which would skip every `after`, the audit's included).
  const dispatch = async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const replay = replayedAnswer(event);
    if (replay) return replay;
    const route = implementations[event.routeKey];
    if (!route) throw new NotFoundError('Route', event.routeKey);
    return route(event, context);
  };
  const chain = middy<ApiEvent, ApiResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(apiRequestIdInLogs())
    .use(requireAuth(byKey))
    .use(auditTrail(byKey));
  for (const middleware of middlewares) chain.use(middleware);
  return chain.use(shapeResponses(responses)).use(problemErrors()).handler(dispatch);
}

/** The largest body this event's route accepts (its spec's `maxBodyBytes`, else 64 KiB). */
export function maxBodyBytes(event: ApiEvent): number {
  return specOfRequest.get(event)?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
}

/** Reads and validates a JSON body against `schema`; every bad field is named. */
export function jsonBody<S extends z.ZodType>(event: ApiEvent, schema: S, what: string): z.output<S> {
  const body = readBody(event, { maxBytes: maxBodyBytes(event), accept: ['json'] });
  return parseWith(schema, body.value, what);
}

/** Validates the query string; paths are reported as `query.<name>`. */
export function queryParams<S extends z.ZodType>(event: ApiEvent, schema: S): z.output<S> {
  return parseWith(schema, event.queryStringParameters ?? {}, 'query string', 'query');
}

const pathParamValue = z.string().min(1).max(200);

/** A path parameter, checked for presence and length. */
export function pathParam(event: ApiEvent, name: string): string {
  return parseWith(pathParamValue, event.pathParameters?.[name], 'path', name);
}

/** The caller as API Gateway saw it: source IP and user agent (stored only as consent evidence). */
export function requestEvidence(event: ApiEvent): { ip?: string; userAgent?: string } {
  const ip = event.requestContext.http?.sourceIp;
  const userAgent = event.headers?.['user-agent']?.slice(0, 512);
  return { ...(ip ? { ip } : {}), ...(userAgent ? { userAgent } : {}) };
}
