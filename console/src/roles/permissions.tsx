import type { ReactNode } from 'react';
import type { Role } from '#shared/domain/user';
import { useMe } from '../screens/tasks/use-users';
import { GATED_ROUTES, type GatedRoute } from './gated-routes';

export type { GatedRoute } from './gated-routes';

/** Whether the signed-in user may call a route: `ready` once their roles are known (GET /v1/users/me); nothing is allowed before. */
export function useCan(): { ready: boolean; can: (route: GatedRoute) => boolean } {
  const me = useMe();
  const roles: readonly Role[] = me.data?.roles ?? [];
  return { ready: me.isSuccess, can: (route) => roles.some((role) => (GATED_ROUTES[route] as readonly Role[]).includes(role)) };
}

/** Its children only for a user who may call `route`. */
export function Allowed({ route, children }: { route: GatedRoute; children: ReactNode }) {
  const { can } = useCan();
  return can(route) ? children : null;
}
