import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { ApiClient } from './client';
import { useApi } from './api-context';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

type Query = Record<string, string | number | undefined>;

/**
 * The first page of a cursor-paged list and how to ask for the next: one definition for the screen
 * that shows it and for the menu that starts asking when the pointer presses its link. A page younger
 * than two seconds is not asked for again when the screen mounts.
 */
export function pagedQuery<T>(api: ApiClient, path: string, query: Query = {}, limit = 50) {
  return infiniteQueryOptions({
    queryKey: [path, query],
    queryFn: ({ pageParam }) => api.get<Page<T>>(path, { ...query, limit, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<T>) => last.nextCursor,
    staleTime: 2_000,
  });
}

/**
 * A cursor-paged list (API.md: `items`, `nextCursor`): the first page at once, "show more" for the
 * next. No total count is asked for, so a list of 100,000 contacts opens as fast as one of ten.
 */
export function usePaged<T>(path: string, query: Query = {}, options: { enabled?: boolean; limit?: number } = {}) {
  const api = useApi();
  const result = useInfiniteQuery({ ...pagedQuery<T>(api, path, query, options.limit), enabled: options.enabled ?? true });
  const items = result.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...result, items };
}
