import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { ResponseOf } from '#shared/http/response-schemas';

type Company = ResponseOf<'GET /v1/companies/{id}'>;
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { LoadMore } from '../../components/load-more';
import { Card, EmptyState, Page } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { companyMessages } from './company-messages';

export default function CompaniesScreen() {
  const t = useT(companyMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const list = usePaged<Company>('/v1/companies', q ? { q } : {});
  return (
    <Page title={t('title')} description={t('description')}>
      <Card>
        <form role="search" onSubmit={(event) => event.preventDefault()}>
          <div className="field">
            <label htmlFor="company-search">{t('searchLabel')}</label>
            <input id="company-search" type="search" value={text} onChange={(event) => setText(event.target.value)} autoComplete="off" />
          </div>
        </form>
      </Card>
      <Card title={q ? t('results') : t('all')} id="company-list">
        <div aria-live="polite">
          {list.isPending ? (
            <p role="status">{c('loading')}</p>
          ) : list.items.length === 0 ? (
            <EmptyState title={q ? t('noResults', { q }) : t('emptyTitle')}>{q ? null : t('emptyText')}</EmptyState>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('createdAt')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((company) => (
                  <tr key={company.id}>
                    <td>
                      <Link to={`/companies/${encodeURIComponent(company.id)}`}>{company.name}</Link>
                    </td>
                    <td>{format.date(company.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
      </Card>
    </Page>
  );
}
