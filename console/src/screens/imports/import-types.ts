/**
 * The import API's shapes, from the server's own code (`import type` only: nothing of the server is
 * bundled), so a change there breaks `tsc -p console` instead of the screens. The field list is pure
 * data and is imported at runtime.
 */
export { IGNORE_COLUMN, IMPORT_FIELDS, isCustomImportField } from '#shared/domain/import-columns';
export type { ColumnMap, ImportField, ImportTarget } from '#shared/domain/import-columns';
export type { ImportDetection } from '#shared/domain/import-file';
export type { ImportRecord, ImportStatus } from '#shared/domain/import-record';
export type { ImportRejection } from '#shared/store/import-repository';
export type { ImportReport } from '#shared/use-cases/import-contacts';
