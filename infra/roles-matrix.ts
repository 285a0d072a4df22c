/**
 * The roles matrix of the README: every admin route of the manifest and whether each role may call it,
 * as a Markdown table. `npx tsx infra/roles-matrix.ts` prints it; the reasons are in
 * shared/http/route-roles.ts.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES } from '../shared/domain/user';
import { UNDECIDED_ROUTE_ROLES } from '../shared/http/route-roles';
import { allRoutes, routeKey } from './functions';

/** The table: one row per admin route in the manifest's order, one column per role, ✓ where it may call the route. */
export function rolesMatrix(): string {
  const header = `| Route | ${ROLES.join(' | ')} |`;
  const rule = `|${' --- |'.repeat(ROLES.length + 1)}`;
  const rows = allRoutes()
    .filter((route) => route.auth === 'admin')
    .map((route) => {
      const allowed = route.roles ?? UNDECIDED_ROUTE_ROLES;
      return `| \`${routeKey(route)}\` | ${ROLES.map((role) => (allowed.includes(role) ? '✓' : '–')).join(' | ')} |`;
    });
  return [header, rule, ...rows].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(rolesMatrix());
}
