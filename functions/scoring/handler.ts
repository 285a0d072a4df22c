import { idempotencyMiddleware, newId, systemClock, tableRef } from '#shared/container';
import { scoringConfigSchema } from '#shared/domain/scoring';
import { httpHandler, jsonBody } from '#shared/http/http-handler';
import { json } from '#shared/http/responses';
import { EVERYONE, MARKETING } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { ScoringRepository } from '#shared/store/scoring-repository';
import { getScoring, previewScoring, requestScoringRebuild, updateScoring } from '#shared/use-cases/score-contacts';

const ports = { scoring: new ScoringRepository(tableRef()), clock: systemClock, newId };

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/scoring', auth: 'admin', roles: EVERYONE },
  { method: 'PUT', path: '/v1/scoring', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'POST', path: '/v1/scoring/rebuild', auth: 'admin', roles: MARKETING },
  { method: 'POST', path: '/v1/scoring/preview', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/scoring': async () => json(200, await getScoring(ports)),
    'PUT /v1/scoring': async (event) => json(200, await updateScoring(ports, jsonBody(event, scoringConfigSchema, 'scoring rules'))),
    'POST /v1/scoring/rebuild': async () => json(202, await requestScoringRebuild(ports)),
    'POST /v1/scoring/preview': async (event) => json(200, await previewScoring(ports, jsonBody(event, scoringConfigSchema, 'scoring rules'))),
  },
  [idempotencyMiddleware()],
);
