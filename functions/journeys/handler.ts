import { mailConfig, segmentsConfig } from '#shared/config';
import { idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { SesMailer } from '#shared/mail/ses-mailer';
import { simulateJourney, simulateJourneySchema } from '#shared/use-cases/simulate-journey';
import { archivableListQuery } from '#shared/domain/common-schemas';
import { senderDomain } from '#shared/domain/email';
import { createJourneySchema, updateJourneySchema } from '#shared/domain/journey';
import { hasDraft, type Journey, participantListQuery } from '#shared/domain/journey-lifecycle';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { MARKETING, MARKETING_READ } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json } from '#shared/http/responses';
import { changeJourneyStatus, createJourney, journeyParticipants, journeyWithStats, listJourneys, updateJourney } from '#shared/use-cases/manage-journeys';

const table = tableRef();
const { journeys, journeyParticipants: participants, templates, segments, topics, forms, campaigns, contacts } = repositoriesFor(table);
const mail = mailConfig();
const ports = {
  journeys,
  templates,
  segments,
  topics,
  forms,
  campaigns,
  participants,
  contacts,
  clock: systemClock,
  newId,
  senderDomain: senderDomain(mail.MAIL_FROM),
};
// The quota is read only for a forecast (GetAccount); the SES client loads on first use.
const ses = new SesMailer(mail, mail.SES_CONFIGURATION_SET, { maxAttempts: 2 });
const simulatePorts = { journeys, segments, quota: { perDay: () => ses.maxPerDay() }, clock: systemClock };

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/journeys', auth: 'admin', roles: MARKETING_READ },
  { method: 'POST', path: '/v1/journeys', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'GET', path: '/v1/journeys/{id}', auth: 'admin', roles: MARKETING_READ },
  { method: 'PATCH', path: '/v1/journeys/{id}', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'POST', path: '/v1/journeys/{id}/publish', auth: 'admin', roles: MARKETING },
  { method: 'POST', path: '/v1/journeys/{id}/pause', auth: 'admin', roles: MARKETING },
  { method: 'POST', path: '/v1/journeys/{id}/resume', auth: 'admin', roles: MARKETING },
  { method: 'POST', path: '/v1/journeys/{id}/archive', auth: 'admin', roles: MARKETING },
  { method: 'GET', path: '/v1/journeys/{id}/participants', auth: 'admin', roles: MARKETING_READ },
  { method: 'POST', path: '/v1/journeys/{id}/simulate', auth: 'admin', roles: MARKETING, maxBodyBytes: ADMIN_MAX_BYTES },
] as const satisfies readonly RouteSpec[];

/** A journey as the API shows it: the newest version's definition beside its lifecycle. */
function view<T extends Journey>({ definition, ...journey }: T): Omit<T, 'definition'> & Journey['definition'] & { draft: boolean } {
  return { ...journey, ...definition, draft: hasDraft(journey) };
}

export const handler = httpHandler(
  routes,
  {
    'GET /v1/journeys': async (event) => {
      const query = queryParams(event, archivableListQuery);
      const page = await listJourneys(ports, query.limit, query.cursor, query.archived);
      return json(200, { ...page, items: page.items.map(view) });
    },
    'POST /v1/journeys': async (event) => json(201, view(await createJourney(ports, jsonBody(event, createJourneySchema, 'journey')))),
    'GET /v1/journeys/{id}': async (event) => json(200, view(await journeyWithStats(ports, pathParam(event, 'id')))),
    'PATCH /v1/journeys/{id}': async (event) =>
      json(200, view(await updateJourney(ports, pathParam(event, 'id'), jsonBody(event, updateJourneySchema, 'journey change')))),
    'POST /v1/journeys/{id}/publish': async (event) => json(200, view(await changeJourneyStatus(ports, pathParam(event, 'id'), 'publish'))),
    'POST /v1/journeys/{id}/pause': async (event) => json(200, view(await changeJourneyStatus(ports, pathParam(event, 'id'), 'pause'))),
    'POST /v1/journeys/{id}/resume': async (event) => json(200, view(await changeJourneyStatus(ports, pathParam(event, 'id'), 'resume'))),
    'POST /v1/journeys/{id}/archive': async (event) => json(200, view(await changeJourneyStatus(ports, pathParam(event, 'id'), 'archive'))),
    'POST /v1/journeys/{id}/simulate': async (event) => {
      const input = event.body ? jsonBody(event, simulateJourneySchema, 'simulation') : simulateJourneySchema.parse({});
      const config = segmentsConfig();
      return json(
        200,
        await simulateJourney(simulatePorts, pathParam(event, 'id'), input, {
          workers: config.SEGMENT_SCAN_WORKERS,
          budgetMs: config.SEGMENT_PREVIEW_BUDGET_MS,
        }),
      );
    },
    'GET /v1/journeys/{id}/participants': async (event) => {
      const query = queryParams(event, participantListQuery);
      return json(200, await journeyParticipants(ports, pathParam(event, 'id'), query.status, query.limit, query.cursor));
    },
  },
  [idempotencyMiddleware()],
);
