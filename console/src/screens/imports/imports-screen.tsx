import { Link } from 'react-router';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { PagedList } from '../../components/paged-list';
import { Card, EmptyState, Page } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { defineMessages, useT } from '../../i18n/locale';
import { CampaignName } from './campaign-name';
import { importMessages, statusLabels } from './import-messages';
import type { ImportRecord } from './import-types';
import './imports.css';
import { Allowed } from '../../roles/permissions';

const messages = defineMessages({
  en: {
    description: 'Every CSV import of fair and portal leads, newest first, with what it created, merged and rejected.',
    emptyTitle: 'No imports yet',
    emptyText: 'Import a fair’s or exhibitor portal’s CSV file: the wizard checks it and shows what it would do before anything is written.',
    report: 'Report',
    caption: 'Imports, newest first',
  },
  de: {
    description: 'Alle CSV-Importe von Messe- und Portal-Leads, die neuesten zuerst, mit dem, was sie angelegt, zusammengeführt und abgelehnt haben.',
    emptyTitle: 'Noch keine Importe',
    emptyText:
      'Importieren Sie die CSV-Datei einer Messe oder eines Ausstellerportals: Der Assistent prüft sie und zeigt, was passieren würde, bevor etwas gespeichert wird.',
    report: 'Bericht',
    caption: 'Importe, die neuesten zuerst',
  },
});

export default function ImportsScreen() {
  const t = useT(messages);
  const m = useT(importMessages);
  const c = useT(commonMessages);
  const status = useT(statusLabels);
  const format = useFormat();
  const list = usePaged<ImportRecord>('/v1/imports');
  const newImport = (
    <Allowed route="POST /v1/imports">
      <Link className="button primary" to="/imports/new">
        {m('newImport')}
      </Link>
    </Allowed>
  );
  return (
    <Page title={m('history')} description={t('description')} actions={newImport}>
      <Card>
        <PagedList
          list={list}
          empty={
            <EmptyState title={t('emptyTitle')} action={newImport}>
              {t('emptyText')}
            </EmptyState>
          }
        >
          {(items) => (
            <table className="imports-table">
              <caption className="visually-hidden">{t('caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{m('fileName')}</th>
                  <th scope="col">{m('campaign')}</th>
                  <th scope="col">{c('status')}</th>
                  <th scope="col" className="num">
                    {m('rows')}
                  </th>
                  <th scope="col" className="num">
                    {m('created')}
                  </th>
                  <th scope="col" className="num">
                    {m('merged')}
                  </th>
                  <th scope="col" className="num">
                    {m('rejected')}
                  </th>
                  <th scope="col">{m('startedAt')}</th>
                  <th scope="col">{m('finishedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.importId}>
                    <th scope="row">
                      <Link
                        to={`/imports/${encodeURIComponent(item.importId)}`}
                        aria-label={`${t('report')}: ${item.fileName ?? m('unnamedFile')}, ${format.dateTime(item.startedAt)}`}
                      >
                        {item.fileName ?? m('unnamedFile')}
                      </Link>
                    </th>
                    <td>
                      <CampaignName id={item.campaignId} />
                    </td>
                    <td>
                      <span className={`badge ${item.status}`}>{status(item.status)}</span>
                    </td>
                    <td className="num">{format.number(item.rows)}</td>
                    <td className="num">{format.number(item.created)}</td>
                    <td className="num">{format.number(item.merged)}</td>
                    <td className="num">{format.number(item.rejectedCount)}</td>
                    <td className="date">{format.dateTime(item.startedAt)}</td>
                    <td className="date">{format.dateTime(item.finishedAt)}</td>
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
