import { useInfiniteQuery } from '@tanstack/react-query';
import { useApi } from './api-context';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * A cursor-paged list (API.md: `items`, `nextCursor`): the first page at once, "show more" for the
 * next. No total count is asked for, so a list of 100,000 contacts opens as fast as one of ten.
 */
export function usePaged<T>(path: string, query: Record<string, string | number | undefined> = {}, options: { enabled?: boolean; limit?: number } = {}) {
  const api = useApi();
  const result = useInfiniteQuery({
    queryKey: [path, query],
    queryFn: ({ pageParam }) => api.get<Page<T>>(path, { ...query, limit: options.limit ?? 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    enabled: options.enabled ?? true,
  });
  const items = result.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...result, items };
}
