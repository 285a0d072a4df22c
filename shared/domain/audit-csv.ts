import type { AuditItem } from './audit';
import { spreadsheetCsv } from './spreadsheet-csv';

const HEADER = ['at', 'actor', 'role', 'action', 'route', 'entityIds', 'fields', 'ip', 'userAgent', 'outcome', 'status', 'emailHash'] as const;

/** Audit entries as CSV for spreadsheets, one row each (lists space-separated; formula cells defused, see spreadsheet-csv.ts). */
export function auditCsv(items: readonly AuditItem[]): string {
  return spreadsheetCsv(
    HEADER,
    items.map((item) => [
      item.at,
      item.actor,
      item.role,
      item.action,
      item.route,
      item.entityIds.join(' '),
      (item.fields ?? []).join(' '),
      item.ip,
      item.userAgent,
      item.outcome,
      item.status,
      item.emailHash,
    ]),
  );
}
