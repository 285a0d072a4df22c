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
import { AbcBadge } from './abc-badge';
import { AbcFilter, useAbcFilter } from './abc-filter';
import { abcMessages } from './abc-messages';
import { companyMessages } from './company-messages';

export default function CompaniesScreen() {
  const t = useT(companyMessages);
  const c = useT(commonMessages);
  const a = useT(abcMessages);
  const format = useFormat();
  const [abc, setAbc] = useAbcFilter();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const list = usePaged<Company>('/v1/companies', { ...(q ? { q } : {}), ...(abc ? { abc } : {}) });
  return (
    <Page title={t('title')} description={t('description')}>
      <Card>
        <form role="search" onSubmit={(event) => event.preventDefault()}>
          <div className="field">
            <label htmlFor="company-search">{t('searchLabel')}</label>
            <input id="company-search" type="search" value={text} onChange={(event) => setText(event.target.value)} autoComplete="off" />
          </div>
          <AbcFilter value={abc} onChange={setAbc} />
        </form>
      </Card>
      <Card title={q ? t('results') : t('all')} id="company-list">
        <div aria-live="polite">
          {list.isPending ? (
            <p role="status">{c('loading')}</p>
          ) : list.items.length === 0 ? (
            <EmptyState
              title={q || abc ? t('noResults', { q: [q, abc ? `${a('column')} ${a(`class_${abc}`)}` : ''].filter(Boolean).join(', ') }) : t('emptyTitle')}
            >
              {q || abc ? null : t('emptyText')}
            </EmptyState>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{a('column')}</th>
                  <th scope="col">{t('createdAt')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((company) => (
                  <tr key={company.id}>
                    <td>
                      <Link to={`/companies/${encodeURIComponent(company.id)}`}>{company.name}</Link>
                    </td>
                    <td>
                      <AbcBadge abc={company.abc} />
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
