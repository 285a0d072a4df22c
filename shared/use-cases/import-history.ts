import { NotFoundError } from '#shared/domain/errors';
import type { ImportRecord } from '#shared/domain/import-record';
import type { Page } from '#shared/domain/page';
import type { ImportHistoryStore, ImportRejection } from './import-ports';

export interface ImportHistoryPorts {
  imports: ImportHistoryStore;
}

/** The imports, newest first. */
export function listImports(ports: ImportHistoryPorts, limit: number, cursor?: string): Promise<Page<ImportRecord>> {
  return ports.imports.list(limit, cursor);
}

/** One import's record: status, progress and counts. Throws {@link NotFoundError}. */
export async function getImport(ports: ImportHistoryPorts, importId: string): Promise<ImportRecord> {
  const record = await ports.imports.get(importId);
  if (!record) throw new NotFoundError('Import', importId);
  return record;
}

/** A page of an import's rejected rows, by row number. */
export async function listImportRejections(ports: ImportHistoryPorts, importId: string, limit: number, cursor?: string): Promise<Page<ImportRejection>> {
  await getImport(ports, importId);
  return ports.imports.rejections(importId, limit, cursor);
}

/** Every rejected row of an import, by row number (the CSV download). */
export async function allImportRejections(ports: ImportHistoryPorts, importId: string): Promise<ImportRejection[]> {
  await getImport(ports, importId);
  return ports.imports.allRejections(importId);
}
