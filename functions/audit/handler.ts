import { systemClock, tableRef } from '#shared/container';
import { auditCsv } from '#shared/domain/audit-csv';
import { auditQuery } from '#shared/domain/audit-query';
import { httpHandler, queryParams } from '#shared/http/http-handler';
import { negotiate } from '#shared/http/negotiate';
import { ADMIN_ONLY } from '#shared/http/route-roles';
import type { RouteSpec } from '#shared/http/route-spec';
import { csv, json } from '#shared/http/responses';
import { AuditRepository } from '#shared/store/audit-repository';
import { readAuditTrail, readWholeAuditTrail } from '#shared/use-cases/read-audit-trail';

const ports = { audit: new AuditRepository(tableRef()), clock: systemClock };
const OFFERS = ['application/json', 'text/csv'] as const;

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [{ method: 'GET', path: '/v1/audit', auth: 'admin', roles: ADMIN_ONLY }] as const satisfies readonly RouteSpec[];

/** The audit trail (admins only): newest first, filtered by actor, entity and dates; JSON pages or, with `Accept: text/csv`, one CSV. */
export const handler = httpHandler(routes, {
  'GET /v1/audit': async (event) => {
    const format = negotiate(event, OFFERS);
    const query = queryParams(event, auditQuery);
    if (format === 'text/csv') return csv(200, auditCsv(await readWholeAuditTrail(ports, query)), 'audit.csv');
    return json(200, await readAuditTrail(ports, query));
  },
});
