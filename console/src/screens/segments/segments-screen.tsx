import { Link } from 'react-router';
import type { Segment } from '#shared/domain/segment';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { PagedList } from '../../components/paged-list';
import { Card, EmptyState, Page } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { segmentMessages } from './segment-messages';
import './segments.css';
import { Allowed } from '../../roles/permissions';

export default function SegmentsScreen() {
  const t = useT(segmentMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const list = usePaged<Segment>('/v1/segments');
  const newLink = (
    <Allowed route="POST /v1/segments">
      <Link className="button primary" to="/segments/new">
        {t('newSegment')}
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
                  <th scope="col" className="num">
                    {t('members')}
                  </th>
                  <th scope="col">{t('schedule')}</th>
                  <th scope="col">{t('lastEvaluated')}</th>
                  <th scope="col">{t('lastRun')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((segment) => (
                  <tr key={segment.id}>
                    <th scope="row">
                      <Link to={`/segments/${encodeURIComponent(segment.id)}`}>{segment.name}</Link>
                    </th>
                    <td className="num">{segment.evaluatedAt ? format.number(segment.memberCount) : '–'}</td>
                    <td>{t(segment.schedule)}</td>
                    <td>{segment.evaluatedAt ? format.dateTime(segment.evaluatedAt) : t('notYet')}</td>
                    <td>
                      {segment.lastRun ? (
                        <>
                          <span aria-hidden="true">
                            {t('enteredExited', { entered: format.number(segment.lastRun.entered), exited: format.number(segment.lastRun.exited) })}
                          </span>
                          <span className="visually-hidden">
                            {t('enteredExitedLabel', { entered: format.number(segment.lastRun.entered), exited: format.number(segment.lastRun.exited) })}
                          </span>
                        </>
                      ) : (
                        t('notYet')
                      )}
                    </td>
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
