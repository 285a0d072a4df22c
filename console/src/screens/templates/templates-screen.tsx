import type { Template } from '#shared/domain/template';
import { Link, useLocation } from 'react-router';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { PagedList } from '../../components/paged-list';
import { Card, EmptyState, Page } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { templateMessages } from './template-messages';
import { Allowed } from '../../roles/permissions';

export default function TemplatesScreen() {
  const t = useT(templateMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const list = usePaged<Template>('/v1/templates');
  const archived = (useLocation().state as { notice?: string } | null)?.notice === 'archived';
  const newTemplate = (
    <Allowed route="POST /v1/templates">
      <Link className="button primary" to="/templates/new">
        {t('newTemplate')}
      </Link>
    </Allowed>
  );
  return (
    <Page title={t('title')} description={t('description')} actions={list.items.length > 0 ? newTemplate : undefined}>
      <p role="status" className={archived ? 'notice ok' : 'visually-hidden'}>
        {archived ? t('archived') : ''}
      </p>
      <Card>
        <PagedList
          list={list}
          empty={
            <EmptyState title={t('emptyTitle')} action={newTemplate}>
              {t('emptyText')}
            </EmptyState>
          }
        >
          {(items) => (
            <table>
              <thead>
                <tr>
                  <th scope="col">{c('name')}</th>
                  <th scope="col">{t('subject')}</th>
                  <th scope="col">{t('updated')}</th>
                  <th scope="col">{c('created')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((template) => (
                  <tr key={template.id}>
                    <td>
                      <Link to={`/templates/${encodeURIComponent(template.id)}`}>{template.name}</Link>
                    </td>
                    <td className="wrap">{template.subject}</td>
                    <td>{format.dateTime(template.updatedAt)}</td>
                    <td>{format.date(template.createdAt)}</td>
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
