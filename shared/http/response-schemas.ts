/**
 * THE registry of response shapes: for every JSON route of the manifest (infra/functions.ts), the zod
 * schema of each success status's body. The `shapeResponses` middleware parses every JSON answer with
 * it (so storage internals are dropped by construction and a drifting body is a 500), the OpenAPI
 * document's `responses` are generated from it, and the console types its calls with {@link ResponseOf}.
 *
 * Routes that answer no JSON body (204, HTML pages, redirects) are listed in {@link NON_JSON_ROUTES}
 * with what they answer instead. A unit test checks that every manifest route is in one of the two.
 */
import type * as z from '#shared/zod';
import { printExportJobResponse, printExportQueuedResponse, printExportResponse } from './responses/print-export-responses';
import { abcRecomputeResponse, abcStatusResponse } from './responses/abc-responses';
import { auditEntryResponse } from './responses/audit-responses';
import { campaignReportResponse, campaignSummaryResponse } from './responses/analytics-responses';
import { campaignResponse } from './responses/campaign-responses';
import { captureResponseSchemas } from './responses/capture-responses';
import { pageOf } from './responses/common-responses';
import { companyResponse, companyWithPeopleResponse } from './responses/company-responses';
import { activityResponse, contactExportResponse, contactResponse, contactViewResponse } from './responses/contact-responses';
import { customFieldListResponse, customFieldResponse } from './responses/custom-field-responses';
import { dashboardResponse } from './responses/dashboard-responses';
import { duplicatesResponse } from './responses/duplicate-responses';
import { formResponse, formWithEmbedResponse } from './responses/form-responses';
import { importRecordResponse, importRejectionResponse, importReportResponse, importUploadResponse } from './responses/import-responses';
import { settingsResponse } from './responses/settings-responses';
import { scoringPreviewResponse, scoringRebuildResponse, scoringResponse } from './responses/scoring-responses';
import { journeyResponse, journeySimulationResponse, journeyWithStatsResponse, participantResponse } from './responses/journey-responses';
import { mailingResponse } from './responses/mailing-responses';
import { recordedOrderResponse } from './responses/order-responses';
import { evaluationRequestedResponse, segmentMemberResponse, segmentPreviewResponse, segmentResponse } from './responses/segment-responses';
import { currentUserResponse, taskResponse, userListResponse } from './responses/sales-responses';
import { suppressionResponse } from './responses/suppression-responses';
import { renderedMailResponse, templateResponse, testMailSentResponse } from './responses/template-responses';
import { topicResponse } from './responses/topic-responses';

export const responseSchemas = {
  'GET /v1/topics': { 200: pageOf(topicResponse) },
  'POST /v1/topics': { 201: topicResponse },
  'GET /v1/topics/{id}': { 200: topicResponse },
  'PATCH /v1/topics/{id}': { 200: topicResponse },
  'DELETE /v1/topics/{id}': { 200: topicResponse },

  'GET /v1/campaigns': { 200: pageOf(campaignResponse) },
  'POST /v1/campaigns': { 201: campaignResponse },
  'GET /v1/campaigns/{id}': { 200: campaignResponse },
  'PATCH /v1/campaigns/{id}': { 200: campaignResponse },

  'GET /v1/forms': { 200: pageOf(formResponse) },
  'POST /v1/forms': { 201: formWithEmbedResponse },
  'GET /v1/forms/{id}': { 200: formWithEmbedResponse },
  'PATCH /v1/forms/{id}': { 200: formWithEmbedResponse },
  'DELETE /v1/forms/{id}': { 200: formWithEmbedResponse },
  ...captureResponseSchemas,

  'GET /v1/contacts': { 200: pageOf(contactResponse) },
  'GET /v1/contacts/{id}': { 200: contactViewResponse },
  'PATCH /v1/contacts/{id}': { 200: contactResponse },
  'POST /v1/contacts/{id}/activities': { 201: activityResponse },
  'GET /v1/contacts/{id}/export': { 200: contactExportResponse },
  'GET /v1/contacts/duplicates': { 200: duplicatesResponse },
  'POST /v1/contacts/{id}/merge': { 200: contactViewResponse },

  // With `q`, the matches on one page (no nextCursor).
  'GET /v1/companies': { 200: pageOf(companyResponse) },
  'GET /v1/companies/{id}': { 200: companyWithPeopleResponse },
  'PATCH /v1/companies/{id}': { 200: companyResponse },

  'GET /v1/fields': { 200: customFieldListResponse },
  'POST /v1/fields': { 201: customFieldResponse },

  'POST /v1/orders': { 200: recordedOrderResponse, 201: recordedOrderResponse },
  'POST /v1/imports': { 200: importReportResponse },
  'POST /v1/imports/uploads': { 201: importUploadResponse },
  'GET /v1/imports': { 200: pageOf(importRecordResponse) },
  'GET /v1/imports/{id}': { 200: importRecordResponse },
  // JSON, or CSV with `Accept: text/csv` (every rejected row; not shaped here).
  'GET /v1/imports/{id}/rejected': { 200: pageOf(importRejectionResponse) },

  'GET /v1/segments': { 200: pageOf(segmentResponse) },
  'POST /v1/segments': { 201: segmentResponse },
  'POST /v1/segments/preview': { 200: segmentPreviewResponse },
  'GET /v1/segments/{id}': { 200: segmentResponse },
  // CSV (not shaped here) with the counts in `X-Export-Counts`, or with `Accept: application/json` the counts and the CSV text.
  'POST /v1/segments/{id}/print-export': { 200: printExportResponse, 202: printExportQueuedResponse },
  'GET /v1/print-exports/{id}': { 200: printExportJobResponse },
  'PATCH /v1/segments/{id}': { 200: segmentResponse },
  'DELETE /v1/segments/{id}': { 200: segmentResponse },
  'POST /v1/segments/{id}/evaluate': { 202: evaluationRequestedResponse },
  'GET /v1/segments/{id}/members': { 200: pageOf(segmentMemberResponse) },

  'GET /v1/journeys': { 200: pageOf(journeyResponse) },
  'POST /v1/journeys': { 201: journeyResponse },
  'GET /v1/journeys/{id}': { 200: journeyWithStatsResponse },
  'PATCH /v1/journeys/{id}': { 200: journeyResponse },
  'POST /v1/journeys/{id}/publish': { 200: journeyResponse },
  'POST /v1/journeys/{id}/pause': { 200: journeyResponse },
  'POST /v1/journeys/{id}/resume': { 200: journeyResponse },
  'POST /v1/journeys/{id}/archive': { 200: journeyResponse },
  'GET /v1/journeys/{id}/participants': { 200: pageOf(participantResponse) },
  'POST /v1/journeys/{id}/simulate': { 200: journeySimulationResponse },

  'GET /v1/abc': { 200: abcStatusResponse },
  'POST /v1/abc/recompute': { 202: abcRecomputeResponse },

  'GET /v1/settings': { 200: settingsResponse },
  'PUT /v1/settings': { 200: settingsResponse },
  'GET /v1/scoring': { 200: scoringResponse },
  'PUT /v1/scoring': { 200: scoringResponse },
  'POST /v1/scoring/rebuild': { 202: scoringRebuildResponse },
  'POST /v1/scoring/preview': { 200: scoringPreviewResponse },

  'GET /v1/templates': { 200: pageOf(templateResponse) },
  'POST /v1/templates': { 201: templateResponse },
  'GET /v1/templates/{id}': { 200: templateResponse },
  'PATCH /v1/templates/{id}': { 200: templateResponse },
  'DELETE /v1/templates/{id}': { 200: templateResponse },
  'POST /v1/templates/{id}/preview': { 200: renderedMailResponse },
  'POST /v1/templates/{id}/test': { 202: testMailSentResponse },

  'GET /v1/mailings': { 200: pageOf(mailingResponse) },
  'POST /v1/mailings': { 201: mailingResponse },
  'GET /v1/mailings/{id}': { 200: mailingResponse },
  'POST /v1/mailings/{id}/send': { 202: mailingResponse },
  'POST /v1/mailings/{id}/cancel': { 200: mailingResponse },

  // JSON, or CSV with `Accept: text/csv` (the CSV is not shaped here).
  'GET /v1/audit': { 200: pageOf(auditEntryResponse) },
  'GET /v1/suppressions': { 200: pageOf(suppressionResponse) },
  'POST /v1/suppressions': { 200: suppressionResponse, 201: suppressionResponse },

  // JSON, or CSV with `Accept: text/csv` (the CSV is not shaped here).
  'GET /v1/analytics/campaigns': { 200: pageOf(campaignSummaryResponse) },
  'GET /v1/analytics/campaigns/{id}': { 200: campaignReportResponse },
  'GET /v1/dashboard': { 200: dashboardResponse },

  'GET /v1/users': { 200: userListResponse },
  'GET /v1/users/me': { 200: currentUserResponse },
  'PATCH /v1/users/me': { 200: currentUserResponse },
  'GET /v1/tasks': { 200: pageOf(taskResponse) },
  'POST /v1/tasks': { 201: taskResponse },
  'GET /v1/tasks/{id}': { 200: taskResponse },
  'PATCH /v1/tasks/{id}': { 200: taskResponse },
} as const satisfies Record<string, Partial<Record<number, z.ZodType>>>;

/** Routes without a JSON answer, and what they answer instead. */
export const NON_JSON_ROUTES = {
  'OPTIONS /v1/forms/{formId}/submissions': '204, the CORS preflight',
  'GET /v1/consent/confirm': "an HTML page, or 303 to the form's confirmation page",
  'DELETE /v1/contacts/{id}': '204',
  'POST /v1/contacts/duplicates/dismissals': '204',
  'DELETE /v1/suppressions/{email}': '204',
  'DELETE /v1/fields/{key}': '204',
  'GET /v1/unsubscribe': 'an HTML page',
  'POST /v1/unsubscribe': 'an HTML page',
  'GET /v1/preferences': 'an HTML page',
  'POST /v1/preferences': 'an HTML page',
} as const satisfies Record<string, string>;

export type ResponseRouteKey = keyof typeof responseSchemas;

/**
 * The body a route answers with a status, as the console reads it:
 * `ResponseOf<'GET /v1/contacts/{id}'>` is the 360° view, `ResponseOf<'POST /v1/orders', 201>` a new order.
 */
export type ResponseOf<
  K extends ResponseRouteKey,
  S extends keyof (typeof responseSchemas)[K] = 200 extends keyof (typeof responseSchemas)[K] ? 200 : keyof (typeof responseSchemas)[K],
> = (typeof responseSchemas)[K][S] extends z.ZodType ? z.output<(typeof responseSchemas)[K][S]> : never;
