import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';
import { ApiProblem } from '../../api/problem';
import { Card, Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { ContactTable } from '../contacts/contact-table';
import { AbcClassCard } from './abc-class-card';
import { CompanyCustomFields } from './company-custom-fields';
import { CompanyDataCards } from './company-data-card';
import { CompanySalesCards } from './company-sales-card';
import { companyMessages } from './company-messages';

export default function CompanyScreen() {
  const t = useT(companyMessages);
  const format = useFormat();
  const api = useApi();
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: ['company', id],
    queryFn: () => api.get<ResponseOf<'GET /v1/companies/{id}'>>(`/v1/companies/${encodeURIComponent(id)}`),
  });
  if (query.error instanceof ApiProblem && query.error.status === 404) {
    return (
      <Page title={t('title')}>
        <p className="notice warn">{t('gone')}</p>
        <Link to="/companies">{t('all')}</Link>
      </Page>
    );
  }
  return (
    <QueryState query={query}>
      {(company) => (
        <Page title={company.name} description={format.date(company.createdAt)}>
          <AbcClassCard abc={company.abc} basis={{ company: true }} />
          <CompanyCustomFields company={company} />
          <CompanyDataCards company={company} />
          <CompanySalesCards company={company} />
          <Card title={t('people')} id="people">
            {company.people.length === 0 ? <p className="muted">{t('peopleEmpty')}</p> : <ContactTable contacts={company.people} />}
          </Card>
        </Page>
      )}
    </QueryState>
  );
}
