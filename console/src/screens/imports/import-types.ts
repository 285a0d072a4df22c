/**
 * The import API's shapes as the console reads them. They mirror the server's ImportReport,
 * ImportRecord and ImportRejection (branch api-imports); once that lands in main these become
 * `import type` re-exports of the server's own types, so a drift breaks `tsc -p console`.
 */
export const IMPORT_FIELDS = ['email', 'firstName', 'lastName', 'company', 'jobTitle', 'phone', 'postalCode', 'city', 'country', 'date'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const IGNORE_COLUMN = 'ignore';
export type ColumnMap = Record<string, ImportField | typeof IGNORE_COLUMN>;

export interface ImportDetection {
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252';
  delimiter: ',' | ';' | '\t';
  headers: string[];
  mapping: Record<string, ImportField | null>;
  ignoredColumns: string[];
}

export interface ImportRejection {
  row: number;
  reason: string;
}

export interface ImportReport {
  importId: string;
  dryRun: boolean;
  rows: number;
  created: number;
  merged: number;
  skipped: number;
  rejectedCount: number;
  rejected: ImportRejection[];
  detected: ImportDetection;
  preview: Array<{ row: number; values: Partial<Record<ImportField, string>> }>;
}

export type ImportStatus = 'running' | 'done' | 'failed';

export interface ImportRecord {
  importId: string;
  fileName?: string;
  campaignId: string | null;
  topics: string[];
  consentSource?: string;
  status: ImportStatus;
  rows: number;
  processed: number;
  created: number;
  merged: number;
  skipped: number;
  rejectedCount: number;
  startedAt: string;
  finishedAt?: string;
}
