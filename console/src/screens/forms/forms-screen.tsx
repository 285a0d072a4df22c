import type { Form } from '#shared/domain/form';
import { Link, useLocation } from 'react-router';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { PagedList } from '../../components/paged-list';
import { Card, EmptyState, Page } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { formMessages } from './form-messages';
import type { FormNotice } from './form-screen';
import { useCatalog } from './use-catalog';
import { Allowed } from '../../roles/permissions';

export default function FormsScreen() {
  const t = useT(formMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const list = usePaged<Form>('/v1/forms');
  const { campaigns, topics } = useCatalog();
  const archived = (useLocation().state as FormNotice | null)?.notice === 'archived';
  const campaignName = (id: string) => campaigns.data?.items.find((campaign) => campaign.id === id)?.name ?? id;
  const topicName = (id: string) => topics.data?.items.find((topic) => topic.id === id)?.name ?? id;
  const newForm = (
    <Allowed route="POST /v1/forms">
      <Link className="button primary" to="/forms/new">
        {t('newForm')}
      </Link>
    </Allowed>
  );
  return (
    <Page title={t('title')} description={t('description')} actions={list.items.length > 0 ? newForm : undefined}>
      <p role="status" className={archived ? 'notice ok' : 'visually-hidden'}>
        {archived ? t('archived') : ''}
      </p>
      <Card>
        <PagedList
          list={list}
          empty={
            <EmptyState title={t('emptyTitle')} action={newForm}>
              {t('emptyText')}
            </EmptyState>
          }
        >
          {(items) => (
            <table>
              <thead>
                <tr>
                  <th scope="col">{c('name')}</th>
                  <th scope="col">{t('campaign')}</th>
                  <th scope="col">{t('topics')}</th>
                  <th scope="col">{t('doubleOptIn')}</th>
                  <th scope="col">{c('created')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((form) => (
                  <tr key={form.id}>
                    <td>
                      <Link to={`/forms/${encodeURIComponent(form.id)}`}>{form.name}</Link>
                    </td>
                    <td>{form.campaignId ? campaignName(form.campaignId) : <span className="muted">{t('noCampaign')}</span>}</td>
                    <td className="wrap">{form.topics.length > 0 ? form.topics.map(topicName).join(', ') : <span className="muted">{c('none')}</span>}</td>
                    <td>{form.doubleOptIn ? c('yes') : c('no')}</td>
                    <td>{format.date(form.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </PagedList>
      </Card>
    </Page>
  );
}
