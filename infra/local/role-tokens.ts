import { randomBytes } from 'node:crypto';
import type { Role } from '../../shared/domain/user';

/** The bearer token of each role the local gateway accepts (in AWS: Cognito's ID tokens of users in the role's group). */
export type RoleTokens = Record<Role, string>;

/**
 * Who each local token signs in as: a user of infra/local/users.ts, with the role as their only group, as
 * the JWT authorizer's claims `sub` and `cognito:groups` carry them.
 */
export const LOCAL_PRINCIPALS: Readonly<Record<Role, { sub: string; groups: readonly Role[] }>> = {
  admin: { sub: 'local-admin', groups: ['admin'] },
  marketer: { sub: 'local-marketer', groups: ['marketer'] },
  analyst: { sub: 'local-analyst', groups: ['analyst'] },
  sales: { sub: 'sales-anna', groups: ['sales'] },
};

/** The tokens of a start: the given ones, a random one for each role not given. */
export function roleTokens(given: Partial<RoleTokens>): RoleTokens {
  const random = () => randomBytes(24).toString('base64url');
  return {
    admin: given.admin ?? random(),
    marketer: given.marketer ?? random(),
    analyst: given.analyst ?? random(),
    sales: given.sales ?? random(),
  };
}
