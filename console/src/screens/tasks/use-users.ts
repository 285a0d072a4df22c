import { useQuery } from '@tanstack/react-query';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';

export type UserItem = ResponseOf<'GET /v1/users'>['items'][number];
export type Me = ResponseOf<'GET /v1/users/me'>;
export type TaskItem = ResponseOf<'GET /v1/tasks'>['items'][number];

/** The product's users (owners, assignees), read once a minute at most. */
export function useUsers() {
  const api = useApi();
  return useQuery({ queryKey: ['/v1/users'], queryFn: () => api.get<ResponseOf<'GET /v1/users'>>('/v1/users'), staleTime: 60_000 });
}

/** The signed-in user with their roles and digest preference. */
export function useMe() {
  const api = useApi();
  return useQuery({ queryKey: ['/v1/users/me'], queryFn: () => api.get<Me>('/v1/users/me'), staleTime: 60_000 });
}

/** The teams users belong to, alphabetically. */
export const teamsOf = (users: readonly UserItem[]): string[] => [...new Set(users.flatMap((user) => (user.team ? [user.team] : [])))].sort();
