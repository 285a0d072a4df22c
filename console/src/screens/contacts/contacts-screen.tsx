import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { LoadMore } from '../../components/load-more';
import { Card, EmptyState, Page } from '../../components/page';
import { useT } from '../../i18n/locale';
import { contactMessages } from './contact-messages';
import { ContactTable, type ListedContact } from './contact-table';

/** Newest first without a search; `?email=` for an address, else `?q=` (names and companies). */
function listQuery(text: string): Record<string, string> {
  const q = text.trim();
  if (!q) return {};
  return q.includes('@') ? { email: q } : { q };
}

export default function ContactsScreen() {
  const t = useT(contactMessages);
  const c = useT(commonMessages);
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [debounced, setDebounced] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => {
      setDebounced(text);
      setParams(text.trim() ? { q: text.trim() } : {}, { replace: true });
    }, 250);
    return () => clearTimeout(timer);
  }, [text, setParams]);
  const query = listQuery(debounced);
  const searching = Object.keys(query).length > 0;
  const list = usePaged<ListedContact>('/v1/contacts', query);
  return (
    <Page title={t('title')} description={t('description')}>
      <Card>
        <form role="search" onSubmit={(event) => event.preventDefault()} className="row">
          <div className="field" style={{ flex: 1 }}>
            <label htmlFor="contact-search">{t('searchLabel')}</label>
            <input id="contact-search" type="search" value={text} placeholder={t('searchPlaceholder')} onChange={(event) => setText(event.target.value)} autoComplete="off" />
          </div>
        </form>
      </Card>
      <Card title={searching ? t('results') : t('newest')} id="contact-list">
        <div aria-live="polite" aria-busy={list.isFetching}>
          {list.isPending ? (
            <p role="status">{c('loading')}</p>
          ) : list.isError ? (
            <div className="notice error" role="alert">
              <p>{c('errorLoading', { message: list.error.message })}</p>
            </div>
          ) : list.items.length === 0 ? (
            searching ? (
              <EmptyState title={t('noResults', { q: debounced.trim() })}>{t('noResultsHint')}</EmptyState>
            ) : (
              <EmptyState
                title={t('emptyTitle')}
                action={
                  <div className="form-actions" style={{ justifyContent: 'center' }}>
                    <Link to="/forms/new" className="button primary">
                      {t('buildForm')}
                    </Link>
                    <Link to="/imports/new" className="button">
                      {t('startImport')}
                    </Link>
                  </div>
                }
              >
                {t('emptyText')}
              </EmptyState>
            )
          ) : (
            <ContactTable contacts={list.items} />
          )}
        </div>
        <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
      </Card>
    </Page>
  );
}
