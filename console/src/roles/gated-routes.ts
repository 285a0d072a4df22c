import type { Role } from '#shared/domain/user';
import { ADMIN_ONLY, EVERYONE, MARKETING, MARKETING_READ, SALES_WORK } from '#shared/http/route-roles';

/**
 * The routes whose roles the console asks before it shows a screen in the menu or an action's button,
 * with the roles the manifest gives them (tests/unit/console-permissions.test.ts keeps the two equal).
 * The API refuses the others anyway (403); the console only spares a person the buttons they may not use.
 */
export const GATED_ROUTES = {
  'GET /v1/tasks': EVERYONE,
  'POST /v1/tasks': SALES_WORK,
  'GET /v1/campaigns': EVERYONE,
  'POST /v1/campaigns': MARKETING,
  'GET /v1/forms': MARKETING_READ,
  'POST /v1/forms': MARKETING,
  'GET /v1/imports': MARKETING_READ,
  'POST /v1/imports': MARKETING,
  'GET /v1/segments': MARKETING_READ,
  'POST /v1/segments': MARKETING,
  'GET /v1/templates': MARKETING_READ,
  'POST /v1/templates': MARKETING,
  'GET /v1/mailings': MARKETING_READ,
  'POST /v1/mailings': MARKETING,
  'GET /v1/journeys': MARKETING_READ,
  'POST /v1/journeys': MARKETING,
  'GET /v1/contacts': EVERYONE,
  'PATCH /v1/contacts/{id}': SALES_WORK,
  'POST /v1/contacts/{id}/activities': SALES_WORK,
  'GET /v1/contacts/{id}/export': ADMIN_ONLY,
  'DELETE /v1/contacts/{id}': ADMIN_ONLY,
  'GET /v1/contacts/duplicates': EVERYONE,
  'GET /v1/companies': EVERYONE,
  'PATCH /v1/companies/{id}': SALES_WORK,
  'POST /v1/topics': MARKETING,
  'GET /v1/suppressions': ADMIN_ONLY,
  'POST /v1/fields': MARKETING,
  'PUT /v1/scoring': MARKETING,
  'GET /v1/audit': ADMIN_ONLY,
} as const satisfies Record<string, readonly Role[]>;
export type GatedRoute = keyof typeof GATED_ROUTES;
