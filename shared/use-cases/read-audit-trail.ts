import { type AuditItem, auditItem } from '#shared/domain/audit';
import { type AuditQuery, auditRange } from '#shared/domain/audit-query';
import type { Page } from '#shared/domain/page';
import type { AuditEntries } from './audit-ports';
import type { Clock } from './ports';

/** The most rows one CSV download carries (narrow the range or filter for more). */
export const AUDIT_CSV_MAX_ROWS = 10_000;

/** One page of the audit trail, newest first: an actor's, an entity's, or everyone's between two dates (default the last 30 days). */
export async function readAuditTrail(ports: { audit: AuditEntries; clock: Clock }, query: AuditQuery): Promise<Page<AuditItem>> {
  const range = auditRange(query, ports.clock.now());
  const page = await ports.audit.list({ ...filterOf(query), ...range }, query.limit, query.cursor);
  return { items: page.items.map(auditItem), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** Every entry the query matches from its cursor on (at most {@link AUDIT_CSV_MAX_ROWS}), for the CSV download. */
export async function readWholeAuditTrail(ports: { audit: AuditEntries; clock: Clock }, query: AuditQuery): Promise<AuditItem[]> {
  const range = auditRange(query, ports.clock.now());
  const items: AuditItem[] = [];
  let cursor = query.cursor;
  do {
    const page = await ports.audit.list({ ...filterOf(query), ...range }, Math.min(500, AUDIT_CSV_MAX_ROWS - items.length), cursor);
    items.push(...page.items.map(auditItem));
    cursor = page.nextCursor;
  } while (cursor && items.length < AUDIT_CSV_MAX_ROWS);
  return items;
}

function filterOf(query: AuditQuery): { actor?: string; entityId?: string } {
  return { ...(query.actor ? { actor: query.actor } : {}), ...(query.entityId ? { entityId: query.entityId } : {}) };
}
