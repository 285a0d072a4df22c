import { eventPublisher, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { campaignListCsv, campaignReportCsv } from '#shared/domain/analytics-csv';
import { analyticsQuery } from '#shared/domain/campaign-analytics';
import { pageQuery } from '#shared/domain/common-schemas';
import { httpHandler, pathParam, queryParams } from '#shared/http/http-handler';
import { EVERYONE, MARKETING } from '#shared/http/route-roles';
import type { RouteSpec } from '#shared/http/route-spec';
import { negotiate } from '#shared/http/negotiate';
import { csv, json } from '#shared/http/responses';
import { campaignAnalytics, listCampaignAnalytics } from '#shared/use-cases/campaign-analytics';
import { abcOverview, requestAbcRecompute } from '#shared/use-cases/recompute-abc';

const { campaigns, stats, abc, settings } = repositoriesFor(tableRef());
const ports = { campaigns, stats, clock: systemClock };
const abcPorts = { abc, settings, clock: systemClock };
const OFFERS = ['application/json', 'text/csv'] as const;

/** Campaign analytics read from the day counters (no scan): JSON, or CSV with `Accept: text/csv`. */
/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/analytics/campaigns', auth: 'admin', roles: EVERYONE },
  { method: 'GET', path: '/v1/analytics/campaigns/{id}', auth: 'admin', roles: EVERYONE },
  { method: 'GET', path: '/v1/abc', auth: 'admin', roles: EVERYONE },
  { method: 'POST', path: '/v1/abc/recompute', auth: 'admin', roles: MARKETING },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(routes, {
  'GET /v1/analytics/campaigns': async (event) => {
    const format = negotiate(event, OFFERS);
    const query = queryParams(event, analyticsQuery.extend(pageQuery.shape));
    const page = await listCampaignAnalytics(ports, query);
    if (format === 'text/csv') return csv(200, campaignListCsv(page.items), 'campaigns.csv');
    return json(200, page);
  },
  'GET /v1/analytics/campaigns/{id}': async (event) => {
    const format = negotiate(event, OFFERS);
    const report = await campaignAnalytics(ports, pathParam(event, 'id'), queryParams(event, analyticsQuery));
    if (format === 'text/csv')
      return csv(200, campaignReportCsv(report), `campaign-${report.campaignId}-${report.from}-${report.to}-${report.attribution}.csv`);
    return json(200, report);
  },
  'GET /v1/abc': async () => json(200, await abcOverview(abcPorts)),
  'POST /v1/abc/recompute': async () => json(202, await requestAbcRecompute({ abc, events: eventPublisher(), clock: systemClock, newId })),
});
