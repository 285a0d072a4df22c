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

/** A chosen file: its name and raw bytes (sent as they are; the server detects the encoding). */
export interface ChosenFile {
  name: string;
  bytes: ArrayBuffer;
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
