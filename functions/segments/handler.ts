import { cachedCustomFields, eventPublisher, idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { segmentsConfig } from '#shared/config';
import { archivableListQuery, pageQuery } from '#shared/domain/common-schemas';
import { createSegmentSchema, previewSegmentSchema, updateSegmentSchema } from '#shared/domain/segment';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { MARKETING, MARKETING_READ } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { csv, json } from '#shared/http/responses';
import { negotiate } from '#shared/http/negotiate';
import { PRINT_COUNTS_HEADER } from '#shared/domain/print-export';
import { printCsvHeader, printCsvLine } from '#shared/domain/print-list-csv';
import { printExportQuery } from '#shared/domain/print-export-query';
import { exportPrintList, SYNC_PRINT_EXPORT_MEMBERS } from '#shared/use-cases/export-print-list';
import { queuePrintExport } from '#shared/use-cases/run-print-export';
import { printExportQueue } from '#shared/queues/sqs-print-export-queue';
import { PrintExportRepository } from '#shared/store/print-export-repository';
import {
  archiveSegment,
  createSegment,
  evaluateSegment,
  getSegment,
  listSegments,
  previewSegment,
  segmentMembers,
  updateSegment,
} from '#shared/use-cases/manage-segments';

const { segments, topics, contacts, suppressions, fields, campaigns, companies, journeys } = repositoriesFor(tableRef());
const ports = { segments, journeys, topics, contacts, suppressions, fields: cachedCustomFields(fields), events: eventPublisher(), clock: systemClock, newId };
// The queue's client is made on the first background export (the config is read then, not at load).
let printQueue: ReturnType<typeof printExportQueue> | undefined;
const printJobs = {
  jobs: new PrintExportRepository(tableRef()),
  queue: {
    enqueue: (exportId: string) => {
      printQueue = printQueue ?? printExportQueue();
      return printQueue.enqueue(exportId);
    },
  },
  segments,
  campaigns,
  clock: systemClock,
  newId,
};
const previewOptions = () => {
  const config = segmentsConfig();
  return { workers: config.SEGMENT_SCAN_WORKERS, budgetMs: config.SEGMENT_PREVIEW_BUDGET_MS, estimateFrom: config.SEGMENT_PREVIEW_ESTIMATE_FROM };
};

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/segments', auth: 'admin', roles: MARKETING_READ },
  { method: 'POST', path: '/v1/segments', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'POST', path: '/v1/segments/preview', auth: 'admin', roles: MARKETING_READ, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'GET', path: '/v1/segments/{id}', auth: 'admin', roles: MARKETING_READ },
  { method: 'PATCH', path: '/v1/segments/{id}', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'DELETE', path: '/v1/segments/{id}', auth: 'admin', roles: MARKETING },
  { method: 'POST', path: '/v1/segments/{id}/evaluate', auth: 'admin', roles: MARKETING },
  { method: 'GET', path: '/v1/segments/{id}/members', auth: 'admin', roles: MARKETING_READ },
  { method: 'POST', path: '/v1/segments/{id}/print-export', auth: 'admin', roles: MARKETING },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/segments': async (event) => {
      const query = queryParams(event, archivableListQuery);
      return json(200, await listSegments(ports, query.limit, query.cursor, query.archived));
    },
    'POST /v1/segments': async (event) => json(201, await createSegment(ports, jsonBody(event, createSegmentSchema, 'segment'))),
    'POST /v1/segments/preview': async (event) => json(200, await previewSegment(ports, jsonBody(event, previewSegmentSchema, 'preview'), previewOptions())),
    'GET /v1/segments/{id}': async (event) => json(200, await getSegment(ports, pathParam(event, 'id'))),
    'PATCH /v1/segments/{id}': async (event) =>
      json(200, await updateSegment(ports, pathParam(event, 'id'), jsonBody(event, updateSegmentSchema, 'segment change'))),
    'DELETE /v1/segments/{id}': async (event) => json(200, await archiveSegment(ports, pathParam(event, 'id'))),
    'POST /v1/segments/{id}/evaluate': async (event) => json(202, await evaluateSegment(ports, pathParam(event, 'id'))),
    'GET /v1/segments/{id}/members': async (event) => {
      const query = queryParams(event, pageQuery);
      return json(200, await segmentMembers(ports, pathParam(event, 'id'), query.limit, query.cursor));
    },
    'POST /v1/segments/{id}/print-export': async (event) => {
      const segmentId = pathParam(event, 'id');
      const { campaignId, async } = queryParams(event, printExportQuery);
      // Above what one HTTP answer carries (or when asked): 202, and print-export-run writes the file.
      const queued = await queuePrintExport(printJobs, { segmentId, campaignId, async: async === 'true' });
      if (queued) return json(202, queued);
      const format = negotiate(event, ['text/csv', 'application/json'] as const);
      const lines = [printCsvHeader()];
      const counts = await exportPrintList(
        { segments, campaigns, contacts, companies, clock: systemClock },
        { segmentId, campaignId, maxMembers: SYNC_PRINT_EXPORT_MEMBERS },
        (row) => {
          lines.push(printCsvLine(row));
        },
      );
      const fileName = `print-${segmentId}-${campaignId}.csv`;
      if (format === 'application/json') return json(200, { ...counts, fileName, csv: lines.join('') });
      const answer = csv(200, lines.join(''), fileName);
      return { ...answer, headers: { ...answer.headers, [PRINT_COUNTS_HEADER]: JSON.stringify(counts) } };
    },
  },
  [idempotencyMiddleware()],
);
