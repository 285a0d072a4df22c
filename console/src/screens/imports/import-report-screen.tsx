import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useApi } from '../../api/api-context';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { LoadMore } from '../../components/load-more';
import { Card, Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useFormat } from '../../i18n/format';
import { defineMessages, useT } from '../../i18n/locale';
import { CampaignName } from './campaign-name';
import { ImportCounts } from './import-counts';
import { importMessages, statusLabels } from './import-messages';
import type { ImportRecord, ImportRejection } from './import-types';
import { RejectedRowsTable } from './rejected-rows-table';
import './imports.css';
import { Allowed } from '../../roles/permissions';

const messages = defineMessages({
  en: {
    title: 'Import report',
    counts: 'Outcome of the import',
    details: 'Details',
    consentSource: 'Consent source',
    downloadRejected: 'Download rejected rows (CSV)',
    downloading: 'Preparing the file…',
    downloaded: 'The rejected rows were downloaded as {file}.',
    downloadFailed: 'The download failed: {message}',
    running: '{processed} of {rows} rows processed so far; this page updates itself.',
    backToHistory: 'All imports',
    rejectedHint: 'Each row by its line number in the file (the header is line 1), with why it was not imported. Correct the rows and import them again.',
  },
  de: {
    title: 'Importbericht',
    counts: 'Ergebnis des Imports',
    details: 'Angaben',
    consentSource: 'Herkunft der Einwilligung',
    downloadRejected: 'Abgelehnte Zeilen herunterladen (CSV)',
    downloading: 'Datei wird erstellt …',
    downloaded: 'Die abgelehnten Zeilen wurden als {file} heruntergeladen.',
    downloadFailed: 'Der Download ist fehlgeschlagen: {message}',
    running: 'Bisher {processed} von {rows} Zeilen verarbeitet; diese Seite aktualisiert sich selbst.',
    backToHistory: 'Alle Importe',
    rejectedHint:
      'Jede Zeile mit ihrer Zeilennummer in der Datei (die Kopfzeile ist Zeile 1) und dem Grund, warum sie nicht importiert wurde. Korrigieren Sie die Zeilen und importieren Sie sie erneut.',
  },
});

/** Saves a blob under a file name through a temporary link (the browser's own download). */
function save(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function RejectedRows({ record }: { record: ImportRecord }) {
  const t = useT(messages);
  const m = useT(importMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const path = `/v1/imports/${encodeURIComponent(record.importId)}/rejected`;
  const list = usePaged<ImportRejection>(path, {}, { limit: 100 });
  const download = useMutation({
    mutationFn: async () => {
      const { blob, fileName } = await api.download(path, 'text/csv');
      const name = fileName ?? `import-${record.importId}-rejected.csv`;
      save(blob, name);
      return name;
    },
  });
  const action = (
    <button type="button" onClick={() => download.mutate()} disabled={download.isPending || record.rejectedCount === 0}>
      {download.isPending ? t('downloading') : t('downloadRejected')}
    </button>
  );
  return (
    <Card title={m('rejectedRows')} id="rejected-rows" actions={action}>
      <p className="hint">{t('rejectedHint')}</p>
      <div role="status" aria-live="polite">
        {download.isSuccess ? <p className="notice ok">{t('downloaded', { file: download.data })}</p> : null}
      </div>
      {download.isError ? (
        <div className="notice error" role="alert">
          <p>{t('downloadFailed', { message: download.error.message })}</p>
        </div>
      ) : null}
      {list.isPending ? <p role="status">{c('loading')}</p> : <RejectedRowsTable rows={list.items} caption={m('rejectedRows')} />}
      <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
    </Card>
  );
}

function Report({ record }: { record: ImportRecord }) {
  const t = useT(messages);
  const m = useT(importMessages);
  const c = useT(commonMessages);
  const status = useT(statusLabels);
  const format = useFormat();
  return (
    <>
      {record.status === 'running' || record.status === 'queued' ? (
        <div className="import-progress" role="status">
          <progress max={Math.max(record.rows, 1)} value={record.processed} aria-label={t('counts')} />
          <p>{t('running', { processed: format.number(record.processed), rows: format.number(record.rows) })}</p>
        </div>
      ) : null}
      <ImportCounts counts={record} label={t('counts')} />
      <Card title={t('details')} id="import-details">
        <dl className="facts">
          <dt>{m('fileName')}</dt>
          <dd>{record.fileName ?? m('unnamedFile')}</dd>
          <dt>{m('campaign')}</dt>
          <dd>
            <CampaignName id={record.campaignId} />
          </dd>
          <dt>{m('topics')}</dt>
          <dd>{record.topics.length > 0 ? record.topics.join(', ') : '–'}</dd>
          {record.consentSource ? (
            <>
              <dt>{t('consentSource')}</dt>
              <dd>{record.consentSource}</dd>
            </>
          ) : null}
          <dt>{c('status')}</dt>
          <dd>
            <span className={`badge ${record.status}`}>{status(record.status)}</span>
          </dd>
          <dt>{m('processed')}</dt>
          <dd>
            {format.number(record.processed)} / {format.number(record.rows)}
          </dd>
          <dt>{m('startedAt')}</dt>
          <dd>{format.dateTime(record.startedAt)}</dd>
          <dt>{m('finishedAt')}</dt>
          <dd>{format.dateTime(record.finishedAt)}</dd>
        </dl>
      </Card>
      {/* The rejected rows are raw rows of personal data: marketing's, never an analyst's (who sees the counts above). */}
      <Allowed route="GET /v1/imports/{id}/rejected">
        <RejectedRows record={record} />
      </Allowed>
    </>
  );
}

export default function ImportReportScreen() {
  const t = useT(messages);
  const { id = '' } = useParams();
  const api = useApi();
  const record = useQuery({
    queryKey: [`/v1/imports/${id}`],
    queryFn: () => api.get<ImportRecord>(`/v1/imports/${encodeURIComponent(id)}`),
    // A running import's progress, refreshed until it is done.
    refetchInterval: (query) => (query.state.data && ['waiting_for_upload', 'queued', 'running'].includes(query.state.data.status) ? 1000 : false),
  });
  const title = record.data?.fileName ? `${t('title')}: ${record.data.fileName}` : t('title');
  return (
    <Page
      title={title}
      actions={
        <Link className="button" to="/imports">
          {t('backToHistory')}
        </Link>
      }
    >
      <QueryState query={record}>{(data) => <Report record={data} />}</QueryState>
    </Page>
  );
}
