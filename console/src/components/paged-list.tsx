import type { ReactNode } from 'react';
import type { usePaged } from '../api/use-paged';
import { useT } from '../i18n/locale';
import { commonMessages } from './common-messages';
import { LoadMore } from './load-more';

/**
 * A cursor-paged list's states in one place: loading, a failure with the API's message, the list's
 * own empty state (what to do to fill it), or its items, with "show more" while pages remain.
 */
export function PagedList<T>({ list, empty, children }: { list: ReturnType<typeof usePaged<T>>; empty: ReactNode; children: (items: T[]) => ReactNode }) {
  const c = useT(commonMessages);
  return (
    <>
      {list.isPending ? (
        <p role="status">{c('loading')}</p>
      ) : list.isError ? (
        <div className="notice error" role="alert">
          <p>{c('errorLoading', { message: list.error.message })}</p>
        </div>
      ) : list.items.length === 0 ? (
        empty
      ) : (
        children(list.items)
      )}
      <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
    </>
  );
}
