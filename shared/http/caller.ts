import { UnauthorizedError } from '#shared/domain/errors';
import { ROLES, type Role } from '#shared/domain/user';
import type { ApiEvent } from './http-handler';

/** Who called an admin route: the JWT's `sub` and the roles its `cognito:groups` claim names. */
export interface Caller {
  userId: string;
  roles: Role[];
}

/** The signed-in user of an admin route: the JWT's `sub` (the id the user directory knows them by). */
export function callerId(event: ApiEvent): string {
  const sub = event.requestContext.authorizer?.jwt?.claims?.sub;
  if (typeof sub !== 'string' || sub === '') throw new UnauthorizedError('A valid bearer token is required');
  return sub;
}

/** The caller of an admin route with their roles; a token without a known group has no roles (and so no rights). */
export function caller(event: ApiEvent): Caller {
  return { userId: callerId(event), roles: rolesOfClaim(event.requestContext.authorizer?.jwt?.claims?.['cognito:groups']) };
}

/**
 * The roles in a `cognito:groups` claim. API Gateway's JWT authorizer hands an array claim to the
 * function flattened into one string, `[admin sales]`; the local gateway passes an array. Groups that
 * are not roles are ignored.
 */
export function rolesOfClaim(claim: unknown): Role[] {
  const names = Array.isArray(claim)
    ? claim.map(String)
    : typeof claim === 'string'
      ? claim
          .replace(/^\[|\]$/g, '')
          .split(/[\s,]+/)
          .filter(Boolean)
      : [];
  return ROLES.filter((role) => names.includes(role));
}
