import { useState } from 'react';
import { Link } from 'react-router';
import type { JourneyTrigger } from '#shared/domain/journey';
import type { ResponseOf } from '#shared/http/response-schemas';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { CheckboxField } from '../../components/fields';
import { PagedList } from '../../components/paged-list';
import { Card, EmptyState, Page } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { journeyMessages } from './journey-messages';
import { JourneyStatusBadge } from './journey-status-badge';
import './journeys.css';
import { Allowed } from '../../roles/permissions';

type Journey = ResponseOf<'GET /v1/journeys'>['items'][number];

export default function JourneysScreen() {
  const t = useT(journeyMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const [archived, setArchived] = useState(false);
  const list = usePaged<Journey>('/v1/journeys', archived ? { archived: 'true' } : {});
  const newLink = (
    <Allowed route="POST /v1/journeys">
      <Link className="button primary" to="/journeys/new">
        {t('newJourney')}
      </Link>
    </Allowed>
  );
  return (
    <Page title={t('listTitle')} description={t('listDescription')} actions={newLink}>
      <Card>
        <div className="journey-list-filter">
          <CheckboxField label={t('showArchived')} checked={archived} onChange={(event) => setArchived(event.target.checked)} />
        </div>
        <PagedList
          list={list}
          empty={
            archived ? (
              <EmptyState title={t('emptyArchived')} />
            ) : (
              <EmptyState title={t('emptyTitle')} action={newLink}>
                {t('emptyText')}
              </EmptyState>
            )
          }
        >
          {(items) => (
            <table>
              <thead>
                <tr>
                  <th scope="col">{c('name')}</th>
                  <th scope="col">{c('status')}</th>
                  <th scope="col">{t('trigger')}</th>
                  <th scope="col" className="num">
                    {t('version')}
                  </th>
                  <th scope="col">{t('updatedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((journey) => (
                  <tr key={journey.id}>
                    <th scope="row">
                      <Link to={`/journeys/${encodeURIComponent(journey.id)}`}>{journey.name}</Link>
                    </th>
                    <td>
                      <JourneyStatusBadge status={journey.status} />
                      {journey.draft && journey.publishedVersion ? <span className="badge journey-draft">{t('status_draft')}</span> : null}
                    </td>
                    <td>{t(`trigger_${(journey.trigger as JourneyTrigger).type}`)}</td>
                    <td className="num">{format.number(journey.version)}</td>
                    <td>{format.dateTime(journey.updatedAt)}</td>
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
