import type { Role } from '#shared/domain/user';

/**
 * What an HTTP route is: method, path template, who may call it and how large a body it takes. A
 * handler declares its routes with these (the edge knows what it serves) and hands them to
 * `httpHandler`; the manifest (infra/functions.ts) declares the same routes for API Gateway, and a
 * unit test keeps the two equal.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | 'OPTIONS';

export interface RouteSpec {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/forms/{formId}/submissions`. */
  path: string;
  /** `public` routes are open to the internet and throttled; `admin` routes need a bearer token. */
  auth: 'public' | 'admin';
  /**
   * The roles that may call an `admin` route, one of the sets of ./route-roles.ts (which says why);
   * public routes have none. An admin route without them is open to admins only.
   */
  roles?: readonly Role[];
  /** Largest accepted body in bytes (API Gateway's own ceiling is 10 MiB). */
  maxBodyBytes?: number;
}

/** The route key API Gateway puts into `event.routeKey`, e.g. `POST /v1/campaigns`. */
export function routeKey(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** The route keys of a literal route list, as a type: a handler implements exactly these. */
export type RouteKeys<R extends readonly RouteSpec[]> = {
  [K in keyof R]: R[K] extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
}[number];

/** A public form submission, the unsubscribe and preference posts. */
export const SUBMISSION_MAX_BYTES = 16 * 1024;
/** An admin request's JSON body. */
export const ADMIN_MAX_BYTES = 256 * 1024;
/** API Gateway's payload ceiling; larger files need the S3 path (README, Limits). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** A template's HTML and text parts may be 512 KiB each. */
export const TEMPLATE_MAX_BYTES = 1200 * 1024;
