import { useMutation } from '@tanstack/react-query';
import { useApi } from '../../api/api-context';
import type { ImportIdentity } from './import-id';
import type { ColumnMap, ImportReport } from './import-types';

/** What the options step collects; empty strings for "not given". */
export interface ImportSettings {
  campaignId: string;
  topics: string[];
  consentSource: string;
  fileName: string;
}

export const NO_SETTINGS: ImportSettings = { campaignId: '', topics: [], consentSource: '', fileName: '' };

/**
 * Files above this size are uploaded to the bucket and imported in the background (POST /v1/imports
 * takes up to 10 MB and must finish within API Gateway's 30 s, about 5,000-10,000 rows in AWS).
 */
export const UPLOAD_ABOVE_BYTES = 5 * 1024 * 1024;
/** The head of a large file the checks and the dry run read: its first whole lines within 1 MB. */
const HEAD_BYTES = 1024 * 1024;

/**
 * A chosen file: its name and the bytes the checks read (sent as they are; the server detects the
 * encoding). For a large file those are its head; `whole` is then the file itself, uploaded at the end.
 */
export interface ChosenFile {
  name: string;
  bytes: ArrayBuffer;
  /** Set for a file above {@link UPLOAD_ABOVE_BYTES}: the checks saw its first lines only. */
  whole?: Blob;
}

/** Reads a chosen file: whole when small, else its head cut after the last line break within 1 MB. */
export async function readChosenFile(file: File): Promise<ChosenFile> {
  if (file.size <= UPLOAD_ABOVE_BYTES) return { name: file.name, bytes: await file.arrayBuffer() };
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  const lastBreak = head.lastIndexOf(0x0a);
  return { name: file.name, bytes: head.slice(0, lastBreak > 0 ? lastBreak + 1 : head.length).buffer, whole: file };
}

/**
 * The query of `POST /v1/imports` and the identity its id is derived from, built in one place so the
 * id the wizard polls is the id the server computes (trimmed like the server's schema trims, the map
 * only when it names a column).
 */
export function importRequest(settings: ImportSettings, overrides: ColumnMap): { query: Record<string, string | undefined>; identity: ImportIdentity } {
  const campaignId = settings.campaignId.trim() || undefined;
  const consentSource = settings.consentSource.trim() || undefined;
  const map = Object.keys(overrides).length > 0 ? overrides : undefined;
  return {
    query: {
      campaignId,
      topics: settings.topics.length > 0 ? settings.topics.join(',') : undefined,
      consentSource,
      map: map ? JSON.stringify(map) : undefined,
      fileName: settings.fileName.trim() || undefined,
    },
    identity: { topics: settings.topics, ...(campaignId ? { campaignId } : {}), ...(consentSource ? { consentSource } : {}), ...(map ? { map } : {}) },
  };
}

export interface ImportInput {
  file: ChosenFile;
  settings: ImportSettings;
  overrides: ColumnMap;
}

/** Where the upload of a large file goes: `POST /v1/imports/uploads`. */
export interface ImportUpload {
  importId: string;
  uploadUrl: string;
  expiresAt: string;
}

/**
 * Imports a large file: asks for an upload URL with the same settings, PUTs the whole file there (to
 * S3, not through the API) and answers the import's id; the import then runs by itself.
 */
export function useImportUpload() {
  const api = useApi();
  return useMutation({
    mutationFn: async ({ file, settings, overrides }: ImportInput): Promise<string> => {
      const { identity } = importRequest(settings, overrides);
      const upload = await api.send<ImportUpload>('POST', '/v1/imports/uploads', {
        fileName: settings.fileName.trim() || file.name,
        topics: identity.topics,
        ...(identity.campaignId ? { campaignId: identity.campaignId } : {}),
        ...(identity.consentSource ? { consentSource: identity.consentSource } : {}),
        ...(identity.map ? { map: identity.map } : {}),
      });
      const put = await fetch(upload.uploadUrl, { method: 'PUT', body: file.whole ?? new Blob([file.bytes]), headers: { 'content-type': 'text/csv' } });
      if (!put.ok) throw new Error(`the upload was refused (${put.status})`);
      return upload.importId;
    },
  });
}

/** Posts the file: `dryRun` for the report without writing anything, else the import itself. */
export function useImportPost(dryRun: boolean) {
  const api = useApi();
  return useMutation({
    mutationFn: ({ file, settings, overrides }: ImportInput) =>
      api.send<ImportReport>('POST', '/v1/imports', undefined, {
        query: { ...importRequest(settings, overrides).query, ...(dryRun ? { dryRun: 'true' } : {}) },
        headers: { 'content-type': 'text/csv' },
        rawBody: file.bytes,
      }),
  });
}
