import type { Role } from './user';

/**
 * One entry of the audit trail (API.md, "Roles and audit"): who (user id and roles) did what (the
 * route, an action named after it, the ids of the entities it touched, the names of the top-level
 * body fields it sent — never their values), from where (IP, user agent), when and with what outcome.
 * Entries are append-only: no route changes or deletes one; the table's TTL removes them after the
 * retention period. An erasure's entry carries the erased address only as its keyed hash.
 */
export interface AuditEntry {
  id: string;
  /** ISO time the request's outcome was known. */
  at: string;
  /** The caller's user id (the JWT's `sub`). */
  actor: string;
  roles: Role[];
  /** E.g. `contact.updated`, derived from the route (see {@link auditAction}). */
  action: string;
  /** The API Gateway route key, e.g. `PATCH /v1/contacts/{id}`. */
  route: string;
  /** The path parameters' values and the id a create answered with. */
  entityIds: string[];
  /** The top-level keys of the JSON body, names only. */
  fields?: string[];
  ip?: string;
  userAgent?: string;
  outcome: AuditOutcome;
  /** An erasure's erased address as the suppression list keeps it: the keyed hash, never the address. */
  emailHash?: string;
}

export type AuditOutcome = { result: 'succeeded'; status: number } | { result: 'failed'; status: number };

/** An entry as `GET /v1/audit` answers it (CSV has the same columns). */
export interface AuditItem {
  at: string;
  actor: string;
  /** The caller's roles, space-separated (`admin`, `marketer sales`); empty for a caller without a role. */
  role: string;
  action: string;
  route: string;
  entityIds: string[];
  fields?: string[];
  ip?: string;
  userAgent?: string;
  outcome: 'succeeded' | 'failed';
  status: number;
  emailHash?: string;
}

export function auditItem(entry: AuditEntry): AuditItem {
  return {
    at: entry.at,
    actor: entry.actor,
    role: entry.roles.join(' '),
    action: entry.action,
    route: entry.route,
    entityIds: entry.entityIds,
    ...(entry.fields?.length ? { fields: entry.fields } : {}),
    ...(entry.ip ? { ip: entry.ip } : {}),
    ...(entry.userAgent ? { userAgent: entry.userAgent } : {}),
    outcome: entry.outcome.result,
    status: entry.outcome.status,
    ...(entry.emailHash ? { emailHash: entry.emailHash } : {}),
  };
}

/** The outcome of an answer with this status: 2xx/3xx succeeded, 4xx/5xx failed. */
export function auditOutcome(status: number): AuditOutcome {
  return status >= 400 ? { result: 'failed', status } : { result: 'succeeded', status };
}

/** Default retention of an entry (days), `AUDIT_RETENTION_DAYS` overrides it. */
export const AUDIT_RETENTION_DAYS_DEFAULT = 400;

/**
 * GET routes that hand out personal data and are audited like writes: the GDPR export, the download
 * of a print-mailing list and the rejected rows of an import (they carry addresses and names).
 */
export const AUDITED_READS: ReadonlySet<string> = new Set(['GET /v1/contacts/{id}/export', 'GET /v1/print-exports/{id}', 'GET /v1/imports/{id}/rejected']);

/**
 * An erasure's action: its entries keep the erased address's hash, which a restore's re-apply finds
 * (not `contact.erased`, the event's name: an entry is also written for a failed erasure).
 */
export const ERASURE_ACTION = 'contact.erasure';

/** Actions whose name the route alone does not say well. */
const NAMED_ACTIONS: Readonly<Record<string, string>> = {
  'DELETE /v1/contacts/{id}': ERASURE_ACTION,
  'GET /v1/contacts/{id}/export': 'contact.exported',
  'GET /v1/print-exports/{id}': 'print-export.downloaded',
  'GET /v1/imports/{id}/rejected': 'import.rejected-rows.read',
};

const VERBS: Readonly<Record<string, string>> = { POST: 'created', PATCH: 'updated', PUT: 'updated', DELETE: 'deleted', GET: 'read' };

function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * The action of a route key: `PATCH /v1/contacts/{id}` → `contact.updated`, `POST /v1/topics` →
 * `topic.created`; a sub-resource or command names itself after its resource
 * (`POST /v1/segments/{id}/evaluate` → `segment.evaluate`, `POST /v1/contacts/{id}/activities` →
 * `contact.activities`).
 */
export function auditAction(routeKey: string): string {
  const named = NAMED_ACTIONS[routeKey];
  if (named) return named;
  const [method = '', path = ''] = routeKey.split(' ');
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== 'v1');
  const [resource = 'api', ...rest] = segments;
  const tail = rest.filter((segment) => !segment.startsWith('{'));
  if (tail.length === 0) return `${singular(resource)}.${VERBS[method] ?? method.toLowerCase()}`;
  return `${singular(resource)}.${tail.join('.')}`;
}
