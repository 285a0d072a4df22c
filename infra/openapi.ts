/**
 * Builds the OpenAPI 3.1 document from the manifest's routes, the zod schemas the handlers validate
 * with and the response schemas every JSON answer is shaped by (shared/http/response-schemas.ts), so
 * the reference cannot drift from what the code accepts or answers.
 * `npm run openapi` writes docs/openapi.json.
 */
import { createCustomFieldSchema } from '../shared/domain/custom-field';
import { writeFileSync } from 'node:fs';
import { duplicateDismissalSchema, duplicatesQuery, mergeRequestSchema } from '../shared/domain/contact-merge-request';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registry, toJSONSchema, type ZodType } from 'zod';
import { UNDECIDED_ROUTE_ROLES } from '#shared/http/route-roles';
import { activitySchema } from '#shared/domain/activity';
import { analyticsQuery } from '#shared/domain/campaign-analytics';
import { auditQuery } from '#shared/domain/audit-query';
import { dashboardQuery } from '#shared/domain/dashboard';
import { archivableListQuery, pageQuery } from '#shared/domain/common-schemas';
import { contactListQuery } from '#shared/domain/contact-list-query';
import { createCampaignSchema, updateCampaignSchema } from '#shared/domain/campaign';
import { contactPatchSchema } from '#shared/domain/contact-patch';
import { companyPatchSchema } from '#shared/domain/company-patch';
import { printExportQuery } from '#shared/domain/print-export-query';
import { orderSchema } from '#shared/domain/order';
import { createFormSchema, updateFormSchema } from '#shared/domain/form';
import { submissionSchema } from '#shared/domain/submission';
import { createTopicSchema, updateTopicSchema } from '#shared/domain/topic';
import { importQuery, importUploadBody } from '#shared/domain/import-query';
import { createSegmentSchema, previewSegmentSchema, updateSegmentSchema } from '#shared/domain/segment';
import { createMailingSchema } from '#shared/domain/mailing';
import { createJourneySchema, updateJourneySchema } from '#shared/domain/journey';
import { participantListQuery } from '#shared/domain/journey-lifecycle';
import { createTemplateSchema, updateTemplateSchema } from '#shared/domain/template';
import { createSuppressionSchema } from '#shared/use-cases/manage-suppressions';
import { previewTemplateSchema } from '#shared/use-cases/manage-templates';
import { testMailSchema } from '#shared/use-cases/send-test-mail';
import { simulateJourneySchema } from '#shared/use-cases/simulate-journey';
import { settingsSchema } from '#shared/domain/settings';
import { scoringConfigSchema } from '#shared/domain/scoring';
import { NON_JSON_ROUTES, responseSchemas } from '#shared/http/response-schemas';
import * as abcResponses from '#shared/http/responses/abc-responses';
import * as analyticsResponses from '#shared/http/responses/analytics-responses';
import * as campaignResponses from '#shared/http/responses/campaign-responses';
import * as captureResponses from '#shared/http/responses/capture-responses';
import * as companyResponses from '#shared/http/responses/company-responses';
import * as contactResponses from '#shared/http/responses/contact-responses';
import * as dashboardResponses from '#shared/http/responses/dashboard-responses';
import * as formResponses from '#shared/http/responses/form-responses';
import * as journeyResponses from '#shared/http/responses/journey-responses';
import * as settingsResponses from '#shared/http/responses/settings-responses';
import * as scoringResponses from '#shared/http/responses/scoring-responses';
import * as importResponses from '#shared/http/responses/import-responses';
import * as mailingResponses from '#shared/http/responses/mailing-responses';
import * as orderResponses from '#shared/http/responses/order-responses';
import * as segmentResponses from '#shared/http/responses/segment-responses';
import * as suppressionResponses from '#shared/http/responses/suppression-responses';
import * as templateResponses from '#shared/http/responses/template-responses';
import * as topicResponses from '#shared/http/responses/topic-responses';
import * as salesResponses from '#shared/http/responses/sales-responses';
import { taskCreateSchema, taskListQuery, taskPatchSchema } from '#shared/domain/task';
import { userChangeSchema } from '#shared/domain/user-change';
import { allRoutes, routeKey } from './functions';

const REQUEST_BODIES: Record<string, { schema: ZodType; formEncoded?: boolean }> = {
  'POST /v1/topics': { schema: createTopicSchema },
  'POST /v1/imports/uploads': { schema: importUploadBody },
  'PATCH /v1/topics/{id}': { schema: updateTopicSchema },
  'POST /v1/campaigns': { schema: createCampaignSchema },
  'PATCH /v1/campaigns/{id}': { schema: updateCampaignSchema },
  'POST /v1/forms': { schema: createFormSchema },
  'PATCH /v1/forms/{id}': { schema: updateFormSchema },
  'POST /v1/forms/{formId}/submissions': { schema: submissionSchema, formEncoded: true },
  'PATCH /v1/contacts/{id}': { schema: contactPatchSchema },
  'PATCH /v1/companies/{id}': { schema: companyPatchSchema },
  'POST /v1/tasks': { schema: taskCreateSchema },
  'PATCH /v1/tasks/{id}': { schema: taskPatchSchema },
  'PATCH /v1/users/me': { schema: userChangeSchema },
  'POST /v1/fields': { schema: createCustomFieldSchema },
  'POST /v1/contacts/{id}/activities': { schema: activitySchema },
  'POST /v1/contacts/{id}/merge': { schema: mergeRequestSchema },
  'POST /v1/contacts/duplicates/dismissals': { schema: duplicateDismissalSchema },
  'POST /v1/orders': { schema: orderSchema },
  'POST /v1/segments': { schema: createSegmentSchema },
  'PATCH /v1/segments/{id}': { schema: updateSegmentSchema },
  'POST /v1/segments/preview': { schema: previewSegmentSchema },
  'POST /v1/journeys': { schema: createJourneySchema },
  'PATCH /v1/journeys/{id}': { schema: updateJourneySchema },
  'POST /v1/journeys/{id}/simulate': { schema: simulateJourneySchema },
  'PUT /v1/settings': { schema: settingsSchema },
  'PUT /v1/scoring': { schema: scoringConfigSchema },
  'POST /v1/scoring/preview': { schema: scoringConfigSchema },
  'POST /v1/templates': { schema: createTemplateSchema },
  'PATCH /v1/templates/{id}': { schema: updateTemplateSchema },
  'POST /v1/templates/{id}/preview': { schema: previewTemplateSchema },
  'POST /v1/templates/{id}/test': { schema: testMailSchema },
  'POST /v1/mailings': { schema: createMailingSchema },
  'POST /v1/suppressions': { schema: createSuppressionSchema },
};

/** Query strings worth documenting; each property becomes a query parameter. */
const QUERIES: Record<string, ZodType> = {
  'GET /v1/contacts': contactListQuery,
  'GET /v1/tasks': taskListQuery,
  'GET /v1/contacts/duplicates': duplicatesQuery,
  'GET /v1/forms': archivableListQuery,
  'GET /v1/topics': archivableListQuery,
  'GET /v1/templates': archivableListQuery,
  'GET /v1/segments': archivableListQuery,
  'GET /v1/journeys': archivableListQuery,
  'GET /v1/journeys/{id}/participants': participantListQuery,
  'GET /v1/analytics/campaigns': analyticsQuery.extend(pageQuery.shape),
  'GET /v1/analytics/campaigns/{id}': analyticsQuery,
  'GET /v1/audit': auditQuery,
  'GET /v1/dashboard': dashboardQuery,
  'POST /v1/imports': importQuery,
  'GET /v1/imports': pageQuery,
  'GET /v1/imports/{id}/rejected': pageQuery,
  'POST /v1/segments/{id}/print-export': printExportQuery,
};

/** Routes that answer in more than JSON, chosen by `Accept`. */
const ALSO_CSV = new Set([
  'GET /v1/analytics/campaigns',
  'GET /v1/analytics/campaigns/{id}',
  'GET /v1/imports/{id}/rejected',
  'POST /v1/segments/{id}/print-export',
]);

const SUMMARIES: Record<string, string> = {
  'GET /v1/users': "The product's users (Cognito; a configured list locally) with team, roles and time zone",
  'GET /v1/users/me': 'The caller (the token’s sub) with their digest preference',
  'PATCH /v1/users/me': 'Turn the caller’s morning task digest on or off',
  'GET /v1/tasks':
    "Tasks by due time, overdue first: by default the caller's open ones and their team's; assigneeId, team, contactId or companyId; status open|done; dueBefore (paged)",
  'POST /v1/tasks': 'Create a task (Wiedervorlage) on a contact or a company for a user or a team (default the caller); Idempotency-Key supported',
  'GET /v1/tasks/{id}': 'A task',
  'PATCH /v1/tasks/{id}': 'Complete or reopen, postpone, reassign (user or team), retitle a task',
  'GET /v1/topics': 'List subscription topics (archived ones with ?archived=true)',
  'GET /v1/topics/{id}': 'Get a subscription topic (archived ones carry archivedAt)',
  'PATCH /v1/topics/{id}': 'Change a topic (a new consentText gets a new textVersion; proofs keep the one agreed to)',
  'DELETE /v1/topics/{id}': 'Archive a topic (200 with it): out of the list, refused by new forms and mailings, consents kept; idempotent',
  'POST /v1/topics': 'Create a subscription topic',
  'GET /v1/campaigns': 'List campaigns',
  'POST /v1/campaigns': 'Create a campaign',
  'GET /v1/campaigns/{id}': 'Get a campaign',
  'PATCH /v1/campaigns/{id}': 'Change a campaign',
  'GET /v1/forms': 'List forms (archived ones with ?archived=true)',
  'POST /v1/forms': 'Create a form and get its embeddable HTML',
  'GET /v1/forms/{id}': 'Get a form with its embeddable HTML (archived ones carry archivedAt)',
  'PATCH /v1/forms/{id}': 'Change a form (checked like create); answers it with its regenerated embedHtml. Capture sees it within 30 s',
  'DELETE /v1/forms/{id}': 'Archive a form (200 with it): out of the list, submissions answer 410, still readable; idempotent',
  'POST /v1/forms/{formId}/submissions':
    'Submit a form (JSON from a backend: 202 { contactId, status, ignoredFields }; urlencoded from a browser); 410 once the form is archived',
  'OPTIONS /v1/forms/{formId}/submissions': 'CORS preflight, answered per form',
  'GET /v1/consent/confirm': 'Confirm a double opt-in (link from the confirmation mail)',
  'GET /v1/contacts': 'Contacts: everybody newest first (paged), or by segmentId (paged), email, name or company (q), or companyId',
  'GET /v1/contacts/{id}': 'The 360° view: profile, company, consents with proof, touchpoints, activities, orders, timeline',
  'PATCH /v1/contacts/{id}':
    'Change profile fields, tags, score, channels (email|post|phone: allowed|blocked, each change with proof), the postal address (null removes it) or custom field values (`fields`; null or "" clears one; 400 naming fields.<key>)',
  'PATCH /v1/companies/{id}':
    "Change a company's channel blocks (copied onto its people, each change with proof), its postal address or its custom field values (`fields`; 400 naming fields.<key>)",
  'GET /v1/fields': 'List the custom field definitions ({ items }, by key)',
  'POST /v1/fields': 'Define a custom field of contacts or companies (409 when the key exists)',
  'DELETE /v1/fields/{key}': 'Delete a custom field definition (204); 409 naming the segments, forms and templates that use it',
  'POST /v1/contacts/{id}/activities': 'Log a call, meeting, visit, note or email',
  'GET /v1/contacts/{id}/export': 'Everything stored about the person (GDPR art. 15)',
  'DELETE /v1/contacts/{id}': 'Erase the person everywhere (GDPR art. 17)',
  'GET /v1/contacts/duplicates':
    'Likely duplicate pairs { items: [{ a, b, reasons }], truncated, checked }: same name at the same company, same phone, same mailbox; dismissed pairs hidden',
  'POST /v1/contacts/duplicates/dismissals': 'Mark a pair as not a duplicate (204); it no longer appears in the duplicates list',
  'POST /v1/contacts/{id}/merge':
    'Merge otherId into this contact (the survivor) and answer its 360° view; the other id then answers 404 with mergedInto. Repeating it changes nothing',
  'GET /v1/companies': 'Search companies by name prefix (q), or list all alphabetically (paged) without q; abc=A|B|C|none keeps one ABC class',
  'GET /v1/companies/{id}': 'A company with its people and the proofs of its channel changes',
  'POST /v1/orders': 'Record an ERP order, idempotent on orderId',
  'POST /v1/imports':
    'Import a CSV (text/csv body; query: campaignId, topics, consentSource, map of header → field or fields.<key>, fileName), or with dryRun=true report what it would do, writing nothing',
  'GET /v1/imports': 'The import history, newest first: status, progress and counts',
  'POST /v1/imports/uploads':
    'An upload URL for a CSV of any size (a presigned S3 PUT, 15 minutes); once the file is PUT there the import runs by itself, followed at GET /v1/imports/{id}',
  'GET /v1/imports/{id}': 'One import: status (waiting_for_upload|queued|running|done|failed), rows, processed, counts',
  'GET /v1/imports/{id}/rejected': "An import's rejected rows with their reasons (JSON pages, or all as CSV with Accept: text/csv)",
  'GET /v1/segments': 'List segments with member counts and last runs (archived ones with ?archived=true)',
  'POST /v1/segments': 'Create a segment (rule tree, schedule hourly|daily|off)',
  'POST /v1/segments/preview':
    'Count and sample the contacts a rule matches now, without saving; with topic, the reach of a mailing on it (matched, suppressed, noConsent, reachable)',
  'GET /v1/segments/{id}': 'A segment with memberCount, evaluatedAt and lastRun',
  'PATCH /v1/segments/{id}': 'Change a segment (a new rule makes it due at once)',
  'DELETE /v1/segments/{id}': 'Archive a segment (200 with it): out of the list, refused by new mailings, still evaluated; idempotent',
  'POST /v1/segments/{id}/evaluate': 'Evaluate a segment now (202 with runId; lastRun.runId shows completion)',
  'GET /v1/segments/{id}/members': "A page of the segment's members",
  'POST /v1/segments/{id}/print-export':
    "A print campaign's address list (text/csv, `;`, UTF-8 with BOM; counts in X-Export-Counts; JSON with the counts and the CSV for Accept: application/json): members whose post is allowed and whose address (own, else the company's) is complete; each listed person gets one print_mailing touch per export. 400 unless the campaign's channel is print. Above 20,000 members, or with async=true: 202 { exportId, status: queued }, written in the background (GET /v1/print-exports/{id})",
  'GET /v1/print-exports/{id}':
    'A background print export: status (queued|running|done|failed), memberCount, counts once done, and then a download URL of the CSV valid 15 minutes (downloadUrl, downloadExpiresAt)',
  'GET /v1/journeys': 'List journeys (draft, published, paused; archived ones with ?archived=true)',
  'POST /v1/journeys':
    'Create a journey as draft version 1: trigger, entry rule and re-entry, goal, holdout, steps (send_email, wait, branch, split, update_contact, exit); every bad part named',
  'GET /v1/journeys/{id}':
    'A journey with its newest version and its figures: entered, active, completed, exited, conversion against the holdout (lift), per step',
  'PATCH /v1/journeys/{id}': 'Change a journey: a draft in place; a published one gains its next version as a draft (people inside stay on theirs)',
  'POST /v1/journeys/{id}/publish': 'Publish the newest version: new participants enter it',
  'POST /v1/journeys/{id}/pause': 'Pause a published journey: nobody enters, nothing runs until resumed',
  'POST /v1/journeys/{id}/resume': 'Resume a paused journey',
  'POST /v1/journeys/{id}/archive': 'Archive a journey: nobody enters, participants leave at their next step (idempotent)',
  'GET /v1/settings':
    'The product settings: the frequency cap (at most n marketing mails per m days per person, across journeys and mailings; off when absent)',
  'PUT /v1/settings':
    'Change the settings: frequencyCap { mails, days }, or null to turn it off; abc { a, b } (0 < a < b ≤ 1, the next ABC run uses them); an absent setting stays as it is',
  'GET /v1/scoring':
    'The lead-scoring rules (events: form_submitted, imported, email_opened, email_clicked, order_placed, activity_logged, consent_granted; or a segment rule on facts), decay per month, qualification threshold, their version and the newest rebuild (status, done, startedAt)',
  'PUT /v1/scoring':
    'Replace the scoring rules (a new version) and start a rebuild of every score; 400 naming the field (unknown event, negative decay, maxTimes without perDays), 409 when changed concurrently',
  'POST /v1/scoring/rebuild': "Recompute every contact's score from its ledger under the current rules, in the background (202; progress in GET /v1/scoring)",
  'POST /v1/scoring/preview':
    'How many contacts a draft of the rules would qualify, and how many qualify now: exact on a small table, else scaled from Scan segments of the facts index with a ±95 % margin',
  'POST /v1/journeys/{id}/simulate':
    "Forecast the newest version over today's contacts: how many enter, reach each step, and mails per day against the SES quota; nothing is sent or written",
  'GET /v1/journeys/{id}/participants': "A page of the journey's participants of one status (active, completed, exited)",
  'GET /v1/templates': 'List mail templates (archived ones with ?archived=true)',
  'POST /v1/templates': 'Create a mail template (merge fields; {{unsubscribeUrl}} required; text part derived when absent)',
  'GET /v1/templates/{id}': 'Get a mail template (archived ones carry archivedAt)',
  'PATCH /v1/templates/{id}': 'Change a template (checked like create: {{unsubscribeUrl}} still required)',
  'DELETE /v1/templates/{id}': 'Archive a template (200 with it): out of the list, refused by new mailings; idempotent',
  'POST /v1/templates/{id}/preview': 'Render a template for a contact (or a sample person), with inert links',
  'POST /v1/templates/{id}/test': 'Send the rendered template to 1-5 addresses, subject prefixed [Test], inert links, nothing recorded (202 { sent })',
  'GET /v1/mailings': 'List mailings, newest first, with their counts',
  'POST /v1/mailings': 'Create a mailing (draft) for a campaign, a segment, a topic and a template',
  'GET /v1/mailings/{id}': 'A mailing with its status and live counts',
  'POST /v1/mailings/{id}/send': 'Send now (202), or schedule when scheduledAt lies ahead; 409 once sending or sent',
  'POST /v1/mailings/{id}/cancel': 'Cancel a scheduled or sending mailing',
  'GET /v1/unsubscribe': "The unsubscribe page of a mail's link: asks first, one button",
  'POST /v1/unsubscribe': 'One-click unsubscribe (RFC 8058, body List-Unsubscribe=One-Click); idempotent',
  'GET /v1/preferences': "The recipient's topics, to change",
  'POST /v1/preferences': "Save the recipient's topics (form field topic, repeated; or JSON { topics })",
  'GET /v1/audit':
    'The audit trail (admins): who changed or exported what, when, from where, with which outcome; newest first, by actor and/or entity id between from and to (ISO dates, default the last 30 days, at most 400); Accept: text/csv for the whole range as CSV (up to 10,000 rows). Entries cannot be changed or deleted; they expire after AUDIT_RETENTION_DAYS (400)',
  'GET /v1/suppressions': 'List suppressed addresses (bounces, complaints, by hand), newest first',
  'POST /v1/suppressions': 'Suppress an address (201; 200 when it was already)',
  'DELETE /v1/suppressions/{email}': 'Remove an address from the suppression list',
  'GET /v1/abc':
    'The ABC classification: the last run (computedAt, thresholds, 12-month period) with accounts and revenue per class A/B/C per currency, accounts without revenue (none), and whether a run is under way',
  'POST /v1/abc/recompute':
    '202 { runId }: the ABC run the daily schedule runs, now (abc.recompute.requested on the bus); 409 while one is under way. GET /v1/abc shows it once done',
  'GET /v1/analytics/campaigns': 'Every campaign with its headline figures over a range (JSON, or CSV with Accept: text/csv)',
  'GET /v1/dashboard':
    "All campaigns' leads, confirmed, customers, revenue and mails sent over a range (default the last 30 days), by day; mailings under way; running imports",
  'GET /v1/analytics/campaigns/{id}': "A campaign's leads, opt-ins, customers, revenue, cost per lead, e-mail funnel, by source and day (JSON or CSV)",
};

const problem = {
  description: 'Problem details (RFC 9457)',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['type', 'status', 'title'],
        properties: {
          type: { type: 'string' },
          status: { type: 'integer' },
          title: { type: 'string' },
          detail: { type: 'string' },
          errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
        },
      },
    },
  },
};

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted' };

const operationId = (route: { functionName: string; method: string; path: string }) =>
  `${route.functionName}_${route.method.toLowerCase()}_${route.path.replace(/[^a-zA-Z]+/g, '_')}`;

const RESPONSE_MODULES = [
  abcResponses,
  analyticsResponses,
  campaignResponses,
  captureResponses,
  companyResponses,
  contactResponses,
  dashboardResponses,
  formResponses,
  importResponses,
  journeyResponses,
  settingsResponses,
  scoringResponses,
  mailingResponses,
  orderResponses,
  segmentResponses,
  suppressionResponses,
  templateResponses,
  topicResponses,
  salesResponses,
];

/**
 * The response schemas as `components.schemas`: each exported entity schema under its name
 * (`contactResponse` → `Contact`), each route's answer that is not one of them under
 * `<operationId>_<status>`; answers and entities refer to each other by `$ref`.
 */
function responseComponents(): { schemas: Record<string, unknown>; refOf: (schema: ZodType) => { $ref: string } } {
  const components = registry<{ id: string }>();
  for (const module of RESPONSE_MODULES) {
    for (const [name, schema] of Object.entries(module)) {
      if (typeof schema === 'object' && schema !== null && '_zod' in schema)
        components.add(schema as ZodType, { id: name.replace(/Response$/, '').replace(/^./, (first) => first.toUpperCase()) });
    }
  }
  for (const route of allRoutes()) {
    const statuses: Partial<Record<number, ZodType>> = (responseSchemas as Record<string, Partial<Record<number, ZodType>>>)[routeKey(route)] ?? {};
    for (const [status, schema] of Object.entries(statuses))
      if (schema && !components.has(schema)) components.add(schema, { id: `${operationId(route)}_${status}` });
  }
  const uri = (id: string) => `#/components/schemas/${id}`;
  const { schemas } = toJSONSchema(components, { io: 'output', unrepresentable: 'any', uri });
  const clean = Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]));
  return {
    schemas: clean,
    refOf: (schema) => {
      const id = components.get(schema)?.id;
      if (!id) throw new Error('A response schema is not among the components');
      return { $ref: uri(id) };
    },
  };
}

/** The success answers of a route: each status's JSON schema from the registry, or what a non-JSON route answers. */
function successResponses(key: string, refOf: (schema: ZodType) => { $ref: string }): Record<string, unknown> {
  const statuses: Partial<Record<number, ZodType>> | undefined = (responseSchemas as Record<string, Partial<Record<number, ZodType>>>)[key];
  if (!statuses) return { '2XX': { description: (NON_JSON_ROUTES as Record<string, string>)[key] ?? 'Success' } };
  return Object.fromEntries(
    Object.entries(statuses).flatMap(([status, schema]) =>
      schema
        ? [
            [
              status,
              {
                description: STATUS_TEXT[Number(status)] ?? 'Success',
                content: { 'application/json': { schema: refOf(schema) }, ...(ALSO_CSV.has(key) ? { 'text/csv': { schema: { type: 'string' } } } : {}) },
              },
            ],
          ]
        : [],
    ),
  );
}

export function buildOpenApi(): Record<string, unknown> {
  const { schemas, refOf } = responseComponents();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of allRoutes()) {
    const key = routeKey(route);
    const body = REQUEST_BODIES[key];
    const query = QUERIES[key] ? (toJSONSchema(QUERIES[key], { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> }) : undefined;
    const parameters = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.entries(query?.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
    ];
    const jsonSchema = body ? toJSONSchema(body.schema, { io: 'input', unrepresentable: 'any' }) : undefined;
    const operations = paths[route.path] ?? {};
    paths[route.path] = operations;
    operations[route.method.toLowerCase()] = {
      summary: SUMMARIES[key] ?? key,
      operationId: operationId(route),
      tags: [route.functionName],
      security: route.auth === 'admin' ? [{ bearer: [] }] : [],
      // The roles that may call an admin route (shared/http/route-roles.ts); any other caller gets 403.
      ...(route.auth === 'admin'
        ? { 'x-roles': route.roles ?? UNDECIDED_ROUTE_ROLES, description: `Roles: ${(route.roles ?? UNDECIDED_ROUTE_ROLES).join(', ')} (others get 403).` }
        : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(jsonSchema
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: jsonSchema },
                ...(body?.formEncoded ? { 'application/x-www-form-urlencoded': { schema: jsonSchema } } : {}),
              },
            },
          }
        : {}),
      responses: {
        ...successResponses(key, refOf),
        '4XX': problem,
        '5XX': problem,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'leadflow',
      version: '1',
      description: 'Lead capture, consent and marketing automation. Conventions (errors, pagination, Idempotency-Key) are in the README.',
    },
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT (Cognito, its cognito:groups are the roles); locally the token of a role that npm start prints',
        },
      },
    },
    paths,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'openapi.json');
  writeFileSync(out, `${JSON.stringify(buildOpenApi(), null, 2)}\n`);
  console.log(`written ${out}`);
}
