import { ValidationError } from '#shared/domain/errors';
import { type ColumnMap, unknownCustomFields } from '#shared/domain/import-columns';
import { type ImportRecord, newImportRecord } from '#shared/domain/import-record';
import type { UploadSigner } from '#shared/files/s3-uploads';
import { uploadObjectKey } from '#shared/files/upload-keys';
import { importableFields, type ImportPorts, loadImportRequest } from './import-contacts';
import type { Clock } from './ports';
import type { UploadCreator } from './import-ports';

/** How long an upload URL takes the file: long enough for a slow fair Wi-Fi, short enough to leak little. */
export const UPLOAD_URL_SECONDS = 15 * 60;

/** `POST /v1/imports/uploads`: how the file is to be imported once it is uploaded. */
export interface ImportUploadRequest {
  fileName: string;
  campaignId?: string;
  topics: string[];
  consentSource?: string;
  map?: ColumnMap;
}

/** Where to PUT the file, and until when. */
export interface ImportUpload {
  importId: string;
  uploadUrl: string;
  expiresAt: string;
}

export type UploadImportPorts = Pick<ImportPorts, 'campaigns' | 'topics' | 'newId' | 'customFields'> & {
  imports: UploadCreator;
  uploads: UploadSigner;
  clock: Clock;
};

/**
 * Hands out an upload for a file of any size: checks the campaign and topics as an import does, writes
 * the import's record (`waiting_for_upload`, in the history at once) and signs a PUT of its object.
 * When the file arrives, the bucket's notification queues the import (run-uploaded-import.ts).
 */
export async function requestImportUpload(ports: UploadImportPorts, request: ImportUploadRequest): Promise<ImportUpload> {
  await loadImportRequest(ports, request, 'body');
  const unknown = unknownCustomFields(request.map, await importableFields(ports), 'map');
  if (unknown.length > 0) throw new ValidationError('The column map names unknown custom fields', unknown);
  const importId = ports.newId();
  const now = ports.clock.now();
  const expiresAt = new Date(now.getTime() + UPLOAD_URL_SECONDS * 1000).toISOString();
  const uploadUrl = await ports.uploads.uploadUrl(uploadObjectKey(importId), UPLOAD_URL_SECONDS);
  const record: ImportRecord = { ...newImportRecord({ ...request, importId }, 'waiting_for_upload', 0, now), uploadExpiresAt: expiresAt };
  await ports.imports.createUpload(record, request.map);
  return { importId, uploadUrl, expiresAt };
}
