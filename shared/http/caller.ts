import { UnauthorizedError } from '#shared/domain/errors';
import type { ApiEvent } from './http-handler';

/** The signed-in user of an admin route: the JWT's `sub` (the id the user directory knows them by). */
export function callerId(event: ApiEvent): string {
  const sub = event.requestContext.authorizer?.jwt?.claims?.sub;
  if (typeof sub !== 'string' || sub === '') throw new UnauthorizedError('A valid bearer token is required');
  return sub;
}
