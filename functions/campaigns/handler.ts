import { idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { createCampaignSchema, updateCampaignSchema } from '#shared/domain/campaign';
import { pageQuery } from '#shared/domain/common-schemas';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { EVERYONE, MARKETING } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json } from '#shared/http/responses';
import { createCampaign, getCampaign, updateCampaign } from '#shared/use-cases/manage-campaigns';

const { campaigns } = repositoriesFor(tableRef());
const ports = { campaigns, clock: systemClock, newId };

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/campaigns', auth: 'admin', roles: EVERYONE },
  { method: 'POST', path: '/v1/campaigns', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'GET', path: '/v1/campaigns/{id}', auth: 'admin', roles: EVERYONE },
  { method: 'PATCH', path: '/v1/campaigns/{id}', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/campaigns': async (event) => {
      const query = queryParams(event, pageQuery);
      return json(200, await campaigns.list(query.limit, query.cursor));
    },
    'POST /v1/campaigns': async (event) => json(201, await createCampaign(ports, jsonBody(event, createCampaignSchema, 'campaign'))),
    'GET /v1/campaigns/{id}': async (event) => json(200, await getCampaign(ports, pathParam(event, 'id'))),
    'PATCH /v1/campaigns/{id}': async (event) =>
      json(200, await updateCampaign(ports, pathParam(event, 'id'), jsonBody(event, updateCampaignSchema, 'campaign change'))),
  },
  [idempotencyMiddleware()],
);
