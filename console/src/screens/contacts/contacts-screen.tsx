import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { LoadMore } from '../../components/load-more';
import { Card, EmptyState, Page } from '../../components/page';
import { useT } from '../../i18n/locale';
import { contactMessages } from './contact-messages';
import { ContactTable, type ListedContact } from './contact-table';
import { OwnerFilter } from './owner-filter';

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
  const tag = params.get('tag')?.trim() ?? '';
  const ownerId = params.get('ownerId')?.trim() ?? '';
  const [text, setText] = useState(params.get('q') ?? '');
  const [debounced, setDebounced] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => {
      setDebounced(text);
      // Typing searches instead of the tag; an empty box keeps the tag filter (`/contacts?tag=vip`).
      setParams(
        (current): Record<string, string> =>
          text.trim()
            ? { q: text.trim() }
            : current.get('tag')
              ? { tag: current.get('tag') ?? '' }
              : current.get('ownerId')
                ? { ownerId: current.get('ownerId') ?? '' }
                : {},
        {
          replace: true,
        },
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [text, setParams]);
  // Following a tag link (from a row of a search) shows the tagged, not the search.
  useEffect(() => {
    if (!tag) return;
    setText('');
    setDebounced('');
  }, [tag]);
  const byTag = tag !== '' && debounced.trim() === '';
  const byOwner = ownerId !== '' && !byTag && debounced.trim() === '';
  const query = byTag ? { tag } : byOwner ? { ownerId } : listQuery(debounced);
  const searching = Object.keys(query).length > 0;
  const list = usePaged<ListedContact>('/v1/contacts', query);
  return (
    <Page title={t('title')} description={t('description')} actions={<Link to="/contacts/duplicates">{t('duplicates')}</Link>}>
      <Card>
        <form role="search" onSubmit={(event) => event.preventDefault()} className="row">
          <div className="field" style={{ flex: 1 }}>
            <label htmlFor="contact-search">{t('searchLabel')}</label>
            <input
              id="contact-search"
              type="search"
              value={text}
              placeholder={t('searchPlaceholder')}
              onChange={(event) => setText(event.target.value)}
              autoComplete="off"
            />
          </div>
          <OwnerFilter
            value={byOwner ? ownerId : ''}
            onChange={(next) => {
              setText('');
              setDebounced('');
              setParams(next ? { ownerId: next } : {}, { replace: true });
            }}
          />
        </form>
      </Card>
      <Card title={byTag ? t('tagged', { tag }) : searching ? t('results') : t('newest')} id="contact-list">
        {byTag ? (
          <p>
            <Link to="/contacts">{t('allContacts')}</Link>
          </p>
        ) : null}
        <div aria-live="polite" aria-busy={list.isFetching}>
          {list.isPending ? (
            <p role="status">{c('loading')}</p>
          ) : list.isError ? (
            <div className="notice error" role="alert">
              <p>{c('errorLoading', { message: list.error.message })}</p>
            </div>
          ) : list.items.length === 0 ? (
            searching ? (
              byTag ? (
                <EmptyState title={t('noneTagged', { tag })}>{t('noneTaggedHint')}</EmptyState>
              ) : (
                <EmptyState title={t('noResults', { q: debounced.trim() })}>{t('noResultsHint')}</EmptyState>
              )
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
