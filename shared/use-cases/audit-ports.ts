import type { AuditEntry } from '#shared/domain/audit';
import type { Page } from '#shared/domain/page';

/** The audit trail as its listing reads it (shared/store/audit-repository.ts). */
export interface AuditEntries {
  list(filter: { actor?: string; entityId?: string; from: string; to: string }, limit: number, cursor?: string): Promise<Page<AuditEntry>>;
}
