import { createHash, randomUUID } from 'node:crypto';
import { auditConfig } from '#shared/config';
import { tableRef } from '#shared/container';
import { AUDITED_READS, type AuditEntry, auditAction, auditOutcome } from '#shared/domain/audit';
import { logger } from '#shared/logger';
import { AuditRepository } from '#shared/store/audit-repository';
import { rolesOfClaim } from './caller';
import type { ApiEvent, ApiMiddleware, ApiResult } from './http-handler';
import { idempotencyScopeOf } from './idempotency';
import { errorToProblem } from './problem';
import { type RouteSpec, routeKey } from './route-spec';

/** Where entries go: the audit repository on the function's table (a fake in tests). */
export interface AuditRecorder {
  record(entry: AuditEntry, expiresAt: number): Promise<boolean>;
}

/** The entry could not be written: the request answers 500 (its caller retries, with its Idempotency-Key if it sent one). */
export class AuditWriteError extends Error {
  constructor(options?: ErrorOptions) {
    super('The audit entry could not be written', options);
    this.name = 'AuditWriteError';
  }
}

/** Whether a route's requests are audited: every admin route but reads, plus the reads that hand out personal data. */
export function isAudited(spec: Pick<RouteSpec, 'auth' | 'method' | 'path'>): boolean {
  if (spec.auth !== 'admin' || spec.method === 'OPTIONS') return false;
  return spec.method !== 'GET' || AUDITED_READS.has(routeKey(spec));
}

/** What a route adds to its request's entry (an erasure: the keyed hash of the erased address). */
const notes = new WeakMap<ApiEvent, Pick<AuditEntry, 'emailHash'>>();

/** Keeps the erased address's keyed hash on the request's audit entry (never the address). */
export function auditErasedAddress(event: ApiEvent, emailHash: string): void {
  notes.set(event, { ...notes.get(event), emailHash });
}

/** Audited reads that handed out nothing this time (a background export polled while it still runs). */
const idleReads = new WeakSet<ApiEvent>();

/**
 * Marks an audited read as having handed out no personal data (a print export's state without its
 * download URL yet), so polling it writes no entry. Only reads: a write is always audited.
 */
export function auditNothingHandedOut(event: ApiEvent): void {
  if (event.requestContext.http.method === 'GET') idleReads.add(event);
}

const MAX_FIELDS = 100;
const MAX_ID_LENGTH = 200;

/** The names of the JSON body's top-level keys (never their values); none for other bodies. */
function fieldNames(event: ApiEvent): string[] | undefined {
  const type = event.headers?.['content-type'] ?? '';
  if (!event.body || !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // A body that is no JSON has no fields to name (the route answered 400 for it already).
    logger.debug('audit: body is not JSON', { errorName: (error as Error).name });
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  return Object.keys(parsed)
    .slice(0, MAX_FIELDS)
    .map((name) => name.slice(0, 100));
}

/** The path parameters' values (but addresses) and, for a create, the id its answer names. */
function entityIdsOf(event: ApiEvent, response: ApiResult | undefined): string[] {
  // An address in the path (`DELETE /v1/suppressions/{email}`) is personal data, not an id: never kept.
  const ids = Object.values(event.pathParameters ?? {}).filter((value): value is string => typeof value === 'string' && value !== '' && !/@|%40/i.test(value));
  const status = response?.statusCode ?? 0;
  const type = String(Object.entries(response?.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '');
  if (
    event.requestContext.http.method === 'POST' &&
    status >= 200 &&
    status < 300 &&
    typeof response?.body === 'string' &&
    /^application\/json\b/i.test(type)
  ) {
    const body = JSON.parse(response.body) as { id?: unknown; importId?: unknown };
    const created = typeof body.id === 'string' ? body.id : typeof body.importId === 'string' ? body.importId : undefined;
    if (created) ids.push(created);
  }
  return [...new Set(ids.map((id) => id.slice(0, MAX_ID_LENGTH)))];
}

/**
 * The entry's id: a request its Idempotency-Key governs has the same id on every retry that ends
 * alike (a replay of a lost entry writes it, and never a second one); others get a fresh one.
 */
function entryId(event: ApiEvent, status: number): string {
  const scope = idempotencyScopeOf(event);
  if (scope === undefined) return randomUUID();
  return createHash('sha256').update(`${scope}#${status}`).digest('base64url');
}

let defaultRecorder: AuditRecorder | undefined;
const recorderOfTable = (): AuditRecorder => {
  defaultRecorder ??= new AuditRepository(tableRef());
  return defaultRecorder;
};

/**
 * The audit trail of the API, in one place: every audited request (see {@link isAudited}) records
 * who, what, from where and the outcome once its answer is known, failures (4xx/5xx) included.
 * Registered right after authentication, so its `after` runs last, after the Idempotency-Key
 * middleware stored the answer; a replay (answered by the dispatch, not by an early return) passes
 * here too. A failed write turns the answer into a 500: no write goes unaudited.
 * `AUDIT_DISABLED=1` switches it off for the benchmark's comparison only (bench/audit.ts).
 */
export function auditTrail(
  specs: ReadonlyMap<string, RouteSpec>,
  recorder: () => AuditRecorder = recorderOfTable,
  now: () => Date = () => new Date(),
): ApiMiddleware {
  const record = async (event: ApiEvent, response: ApiResult | undefined): Promise<void> => {
    const spec = specs.get(event.routeKey);
    const claims = event.requestContext.authorizer?.jwt?.claims;
    const actor = claims?.sub;
    if (!spec || !isAudited(spec) || typeof actor !== 'string' || actor === '' || idleReads.has(event) || process.env.AUDIT_DISABLED === '1') return;
    const status = response?.statusCode ?? 500;
    const at = now();
    const fields = fieldNames(event);
    const ip = event.requestContext.http?.sourceIp;
    const userAgent = event.headers?.['user-agent']?.slice(0, 512);
    const entry: AuditEntry = {
      id: entryId(event, status),
      at: at.toISOString(),
      actor,
      roles: rolesOfClaim(claims?.['cognito:groups']),
      action: auditAction(event.routeKey),
      route: event.routeKey,
      entityIds: entityIdsOf(event, response),
      ...(fields ? { fields } : {}),
      ...(ip ? { ip } : {}),
      ...(userAgent ? { userAgent } : {}),
      outcome: auditOutcome(status),
      ...(status < 400 ? notes.get(event) : {}),
    };
    const expiresAt = Math.floor(at.getTime() / 1000) + auditConfig().AUDIT_RETENTION_DAYS * 24 * 3600;
    try {
      await recorder().record(entry, expiresAt);
    } catch (error) {
      throw new AuditWriteError({ cause: error });
    }
  };
  return {
    after: async (request) => {
      await record(request.event, request.response ?? undefined);
    },
    onError: async (request) => {
      // The error mapping ran first (middy runs onError in reverse): the response is the problem answer.
      if (request.error instanceof AuditWriteError) return;
      try {
        await record(request.event, request.response ?? undefined);
      } catch (error) {
        logger.error('audit entry not written', {
          routeKey: request.event.routeKey,
          errorName: (error as Error).cause instanceof Error ? ((error as Error).cause as Error).name : 'unknown',
        });
        request.response = errorToProblem(error).response;
      }
    },
  };
}
