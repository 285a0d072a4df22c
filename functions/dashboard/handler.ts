import { repositoriesFor, systemClock, tableRef } from '#shared/container';
import { dashboardQuery } from '#shared/domain/dashboard';
import { httpHandler, queryParams } from '#shared/http/http-handler';
import { EVERYONE } from '#shared/http/route-roles';
import type { RouteSpec } from '#shared/http/route-spec';
import { json } from '#shared/http/responses';
import { ImportRepository } from '#shared/store/import-repository';
import { viewDashboard } from '#shared/use-cases/view-dashboard';

const { campaigns, stats, mailings } = repositoriesFor(tableRef());
const imports = new ImportRepository(tableRef());
const ports = {
  campaigns,
  stats,
  mailings,
  runningImports: async () =>
    (await imports.running(systemClock.now())).map(({ importId, fileName, rows, processed, startedAt }) => ({
      importId,
      ...(fileName ? { fileName } : {}),
      rows,
      processed,
      startedAt,
    })),
  clock: systemClock,
};

/** The console's dashboard: all campaigns' figures from their day counters, mailings under way, running imports. */
/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [{ method: 'GET', path: '/v1/dashboard', auth: 'admin', roles: EVERYONE }] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(routes, {
  'GET /v1/dashboard': async (event) => json(200, await viewDashboard(ports, queryParams(event, dashboardQuery))),
});
