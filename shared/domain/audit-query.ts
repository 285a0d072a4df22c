import * as z from '#shared/zod';
import { ValidationError } from './errors';
import { pageQuery } from './common-schemas';

/** How far back `GET /v1/audit` looks when `from` is not given. */
export const AUDIT_DEFAULT_DAYS = 30;
/** The longest range one listing covers (a page reads one day partition after the other). */
export const AUDIT_MAX_RANGE_DAYS = 400;

const DAY_MS = 24 * 3600 * 1000;

/** `2026-05-01` (the whole day, UTC) or a full ISO date-time. */
const isoDateOrTime = (end: 'start' | 'end') =>
  z
    .string()
    .max(40)
    .refine(
      (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) || z.iso.datetime({ offset: true }).safeParse(value).success,
      'must be an ISO date (2026-05-01) or date-time',
    )
    .transform((value) => (value.length === 10 ? `${value}T${end === 'start' ? '00:00:00.000' : '23:59:59.999'}Z` : value))
    .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a real date')
    .transform((value) => new Date(value).toISOString());

/**
 * `GET /v1/audit?actor=&entityId=&from=&to=&limit=&cursor=`: entries of one user and/or one entity,
 * newest first, between two ISO dates (a date alone is its whole day; default the last 30 days).
 * @example { "actor": "local-admin", "entityId": "c-42", "from": "2026-05-01", "to": "2026-05-31" }
 */
export const auditQuery = pageQuery.extend({
  actor: z.string().min(1).max(200).optional(),
  entityId: z.string().min(1).max(200).optional(),
  from: isoDateOrTime('start').optional(),
  to: isoDateOrTime('end').optional(),
});

export type AuditQuery = z.output<typeof auditQuery>;

/** The listing's resolved range: defaults filled in, `to` not before `from`, at most 400 days. */
export function auditRange(query: Pick<AuditQuery, 'from' | 'to'>, now: Date): { from: string; to: string } {
  const to = query.to ?? now.toISOString();
  const from = query.from ?? new Date(Date.parse(to) - AUDIT_DEFAULT_DAYS * DAY_MS).toISOString();
  if (from > to) throw new ValidationError('The range is empty', [{ path: 'query.to', message: 'must not be before from' }]);
  if (Date.parse(to) - Date.parse(from) > AUDIT_MAX_RANGE_DAYS * DAY_MS)
    throw new ValidationError('The range is too long', [{ path: 'query.from', message: `must be at most ${AUDIT_MAX_RANGE_DAYS} days before to` }]);
  return { from, to };
}
