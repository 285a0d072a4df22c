import type { Role } from '#shared/domain/user';

/**
 * Who may call an admin route (issue 17, API.md "Roles and audit"): the few role sets every route of
 * the manifest (infra/functions.ts) and of its handler picks one of, so the matrix is decided here and
 * the README's table (infra/roles-matrix.ts) is printed from the manifest. `requireAuth`
 * (shared/http/http-handler.ts) is the one place that refuses a caller outside a route's set with 403.
 *
 * The reasons, by set:
 * - `EVERYONE`: reading what every job needs to see a customer: contacts and companies (an analyst's
 *   are masked, shared/http/contact-masking.ts), their tasks and duplicates, campaigns, topics (the
 *   consents on a contact), custom field definitions (the fields on a contact), analytics, ABC classes,
 *   the dashboard, scoring rules (why a contact has its score), the user directory (owners and
 *   assignees by name), and the caller's own profile and digest preference (`/v1/users/me`).
 * - `MARKETING_READ`: the marketing machinery, readable by analysts (they report on it) but not
 *   needed by sales: forms, imports' history, segments with their members and previews (a preview
 *   changes nothing), templates, mailings, journeys with their participants, the product settings.
 * - `MARKETING`: running it: writes of campaigns, topics, forms, fields, segments (evaluating them
 *   too), templates (previews for a contact and test sends included), mailings, journeys (their
 *   forecast too), scoring rules and their rebuild, imports and their rejected rows (raw rows of
 *   personal data, not masked), the ABC recompute, and print exports of address lists (personal data,
 *   so never an analyst's).
 * - `SALES_WORK`: working the customers: changing contacts and companies, logging activities,
 *   merging and dismissing duplicates, tasks, and orders from the ERP (its integration user is in the
 *   admin or the sales group).
 * - `ADMIN_ONLY`: what the controller answers for: erasure and the GDPR export of a person's data,
 *   the suppression list, and changing the product settings (and every route that names no roles:
 *   a new route fails closed to admins until it is decided).
 *
 * Admins may call every admin route; a token with no known group may call none.
 */

export const EVERYONE = ['admin', 'marketer', 'analyst', 'sales'] as const satisfies readonly Role[];
export const MARKETING_READ = ['admin', 'marketer', 'analyst'] as const satisfies readonly Role[];
export const MARKETING = ['admin', 'marketer'] as const satisfies readonly Role[];
export const SALES_WORK = ['admin', 'sales'] as const satisfies readonly Role[];
export const ADMIN_ONLY = ['admin'] as const satisfies readonly Role[];

/** The roles an admin route that names none is open to: admins only (fails closed). */
export const UNDECIDED_ROUTE_ROLES: readonly Role[] = ADMIN_ONLY;

/** Whether a caller with `roles` may call a route open to `allowed`. */
export function mayCall(roles: readonly Role[], allowed: readonly Role[]): boolean {
  return roles.some((role) => allowed.includes(role));
}

/** The 403's detail: "needs the role admin" / "needs the role admin or marketer" / "admin, marketer or sales". */
export function rolesNeeded(allowed: readonly Role[]): string {
  const names = allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}` : (allowed[0] ?? 'none');
  return `This needs the role ${names}`;
}
