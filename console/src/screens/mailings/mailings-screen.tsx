import { Link } from 'react-router';
import type { Mailing } from '#shared/domain/mailing';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { PagedList } from '../../components/paged-list';
import { Card, EmptyState, Page } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { mailingMessages } from './mailing-messages';
import { StatusBadge } from './status-badge';
import './mailing.css';
import { Allowed } from '../../roles/permissions';

export default function MailingsScreen() {
  const t = useT(mailingMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const list = usePaged<Mailing>('/v1/mailings');
  const newLink = (
    <Allowed route="POST /v1/mailings">
      <Link className="button primary" to="/mailings/new">
        {t('newMailing')}
      </Link>
    </Allowed>
  );
  return (
    <Page title={t('listTitle')} description={t('listDescription')} actions={newLink}>
      <Card>
        <PagedList
          list={list}
          empty={
            <EmptyState title={t('emptyTitle')} action={newLink}>
              {t('emptyText')}
            </EmptyState>
          }
        >
          {(items) => (
            <table>
              <thead>
                <tr>
                  <th scope="col">{c('name')}</th>
                  <th scope="col">{c('status')}</th>
                  <th scope="col" className="num">
                    {t('recipients')}
                  </th>
                  <th scope="col" className="num">
                    {t('sent')}
                  </th>
                  <th scope="col" className="num">
                    {t('opened')}
                  </th>
                  <th scope="col" className="num">
                    {t('clicked')}
                  </th>
                  <th scope="col">{t('scheduledFor')}</th>
                  <th scope="col">{t('createdAt')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((mailing) => (
                  <tr key={mailing.id}>
                    <th scope="row">
                      <Link to={`/mailings/${encodeURIComponent(mailing.id)}`}>{mailing.name}</Link>
                    </th>
                    <td>
                      <StatusBadge status={mailing.status} />
                    </td>
                    <td className="num">{format.number(mailing.counts.recipients)}</td>
                    <td className="num">{format.number(mailing.counts.sent)}</td>
                    <td className="num">{format.number(mailing.counts.opened)}</td>
                    <td className="num">{format.number(mailing.counts.clicked)}</td>
                    <td>{mailing.scheduledAt ? format.dateTime(mailing.scheduledAt) : '–'}</td>
                    <td>{format.date(mailing.createdAt)}</td>
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
