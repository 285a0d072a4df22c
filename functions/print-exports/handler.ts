import { systemClock, tableRef } from '#shared/container';
import { exportFiles } from '#shared/files/s3-exports';
import { auditNothingHandedOut } from '#shared/http/audit-trail';
import { httpHandler, pathParam } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import { MARKETING } from '#shared/http/route-roles';
import type { RouteSpec } from '#shared/http/route-spec';
import { PrintExportRepository } from '#shared/store/print-export-repository';
import { viewPrintExport } from '#shared/use-cases/run-print-export';

const ports = { jobs: new PrintExportRepository(tableRef()), files: exportFiles(), clock: systemClock };

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [{ method: 'GET', path: '/v1/print-exports/{id}', auth: 'admin', roles: MARKETING }] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(routes, {
  'GET /v1/print-exports/{id}': async (event) => {
    const view = await viewPrintExport(ports, pathParam(event, 'id'));
    // Audited once it hands out the list's download URL; polling a running export is not.
    if (!('downloadUrl' in view)) auditNothingHandedOut(event);
    return json(200, view);
  },
});
