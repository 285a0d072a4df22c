import * as z from '#shared/zod';
import type { PrintExportCounts } from './print-export';

/** A background print export's states: waiting in the queue, being written, the file ready, given up. */
export const PRINT_EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type PrintExportStatus = (typeof PRINT_EXPORT_STATUSES)[number];

/**
 * A print export run in the background (`GET /v1/print-exports/{id}`): the segment and campaign it
 * lists, its state and, once done, its counts (as the synchronous export's `x-export-counts`).
 */
export interface PrintExportJob {
  exportId: string;
  segmentId: string;
  campaignId: string;
  status: PrintExportStatus;
  /** Members the segment had when the export was asked for. */
  memberCount: number;
  counts?: PrintExportCounts;
  fileName: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  error?: string;
}

/** The state as the API answers it: a presigned download URL (15 minutes) once the file is written. */
export type PrintExportView = PrintExportJob & { downloadUrl?: string; downloadExpiresAt?: string };

/** The print export queue's message: the export to run. */
export const printExportRunMessage = z.object({ exportId: z.string().min(1).max(100) });
