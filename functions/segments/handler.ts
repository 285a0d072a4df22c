import { cachedCustomFields, eventPublisher, idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { segmentsConfig } from '#shared/config';
import { archivableListQuery, pageQuery } from '#shared/domain/common-schemas';
import { createSegmentSchema, previewSegmentSchema, updateSegmentSchema } from '#shared/domain/segment';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json } from '#shared/http/responses';
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

const { segments, topics, contacts, suppressions, fields } = repositoriesFor(tableRef());
const ports = { segments, topics, contacts, suppressions, fields: cachedCustomFields(fields), events: eventPublisher(), clock: systemClock, newId };
const previewOptions = () => {
  const config = segmentsConfig();
  return { workers: config.SEGMENT_SCAN_WORKERS, budgetMs: config.SEGMENT_PREVIEW_BUDGET_MS, estimateFrom: config.SEGMENT_PREVIEW_ESTIMATE_FROM };
};

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/segments', auth: 'admin' },
  { method: 'POST', path: '/v1/segments', auth: 'admin', maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'POST', path: '/v1/segments/preview', auth: 'admin', maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'GET', path: '/v1/segments/{id}', auth: 'admin' },
  { method: 'PATCH', path: '/v1/segments/{id}', auth: 'admin', maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'DELETE', path: '/v1/segments/{id}', auth: 'admin' },
  { method: 'POST', path: '/v1/segments/{id}/evaluate', auth: 'admin' },
  { method: 'GET', path: '/v1/segments/{id}/members', auth: 'admin' },
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
  },
  [idempotencyMiddleware()],
);
