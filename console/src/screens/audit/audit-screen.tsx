import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, SelectField, TextField } from '../../components/fields';
import { PagedList } from '../../components/paged-list';
import { Card, EmptyState, Page } from '../../components/page';
import { saveFile } from '../../components/save-file';
import { useFormat } from '../../i18n/format';
import { defineMessages, useT } from '../../i18n/locale';
import { useUsers } from '../tasks/use-users';
import './audit.css';

type AuditItem = ResponseOf<'GET /v1/audit'>['items'][number];

const messages = defineMessages({
  en: {
    title: 'Audit trail',
    description:
      'Who changed, erased or exported which data, when, from where and with what outcome. Entries cannot be changed or deleted; they expire after the retention period (400 days unless configured).',
    filters: 'Filter',
    actor: 'User',
    anyone: 'Everyone',
    entityId: 'Entity id',
    entityHint: 'A contact, company, campaign … id, as in its address.',
    from: 'From',
    to: 'To',
    datesHint: 'Without dates: the last 30 days.',
    apply: 'Show entries',
    reset: 'Reset',
    download: 'Download CSV',
    downloading: 'Preparing the CSV …',
    downloaded: '{name} was downloaded.',
    caption: 'Audit entries, newest first',
    at: 'When',
    action: 'Action',
    entities: 'Entities',
    fields: 'Fields',
    from_where: 'From',
    outcome: 'Outcome',
    succeeded: 'Succeeded ({status})',
    failed: 'Failed ({status})',
    noRole: 'no role',
    hashed: 'address kept as hash only',
    emptyTitle: 'No entries for these filters',
    emptyText: 'Every change, erasure and export through the API is recorded here. Widen the dates or choose everyone to see more.',
  },
  de: {
    title: 'Audit-Protokoll',
    description:
      'Wer welche Daten wann, von wo und mit welchem Ergebnis geändert, gelöscht oder exportiert hat. Einträge lassen sich weder ändern noch löschen; sie verfallen nach der Aufbewahrungsfrist (400 Tage, sofern nicht anders eingestellt).',
    filters: 'Filter',
    actor: 'Benutzer',
    anyone: 'Alle',
    entityId: 'Objekt-ID',
    entityHint: 'Die ID eines Kontakts, einer Firma, Kampagne … wie in ihrer Adresse.',
    from: 'Von',
    to: 'Bis',
    datesHint: 'Ohne Datum: die letzten 30 Tage.',
    apply: 'Einträge zeigen',
    reset: 'Zurücksetzen',
    download: 'CSV herunterladen',
    downloading: 'CSV wird erstellt …',
    downloaded: '{name} wurde heruntergeladen.',
    caption: 'Audit-Einträge, neueste zuerst',
    at: 'Wann',
    action: 'Aktion',
    entities: 'Objekte',
    fields: 'Felder',
    from_where: 'Von wo',
    outcome: 'Ergebnis',
    succeeded: 'Erfolgreich ({status})',
    failed: 'Fehlgeschlagen ({status})',
    noRole: 'keine Rolle',
    hashed: 'Adresse nur als Hash',
    emptyTitle: 'Keine Einträge für diese Filter',
    emptyText:
      'Jede Änderung, Löschung und jeder Export über die API wird hier festgehalten. Erweitern Sie den Zeitraum oder wählen Sie „Alle“, um mehr zu sehen.',
  },
});

interface Filters {
  actor: string;
  entityId: string;
  from: string;
  to: string;
}
const NO_FILTERS: Filters = { actor: '', entityId: '', from: '', to: '' };

/** The filters as the API's query: empty ones left out. */
const queryOf = (filters: Filters): Record<string, string> =>
  Object.fromEntries(Object.entries({ ...filters, entityId: filters.entityId.trim() }).filter(([, value]) => value !== ''));

export default function AuditScreen() {
  const t = useT(messages);
  const c = useT(commonMessages);
  const format = useFormat();
  const api = useApi();
  const users = useUsers();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [notice, setNotice] = useState('');
  const query = queryOf(applied);
  const list = usePaged<AuditItem>('/v1/audit', query);
  const download = useMutation({
    mutationFn: async () => {
      const file = await api.download('/v1/audit', 'text/csv', query);
      const name = file.fileName ?? 'audit.csv';
      saveFile(file.blob, name);
      return name;
    },
    onSuccess: (name) => setNotice(t('downloaded', { name })),
  });
  const nameOf = (userId: string) => users.data?.items.find((user) => user.id === userId)?.name ?? userId;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    setApplied(draft);
  };
  const problem = list.error ?? download.error;
  return (
    <Page
      title={t('title')}
      description={t('description')}
      actions={
        <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
          {download.isPending ? t('downloading') : t('download')}
        </button>
      }
    >
      <div role="status" aria-live="polite">
        {notice ? <p className="notice ok">{notice}</p> : null}
      </div>
      <Card title={t('filters')}>
        <form className="form-grid audit-filters" onSubmit={submit} noValidate>
          <FormProblem problem={problem} fallback={c('fixFields')} />
          <SelectField
            label={t('actor')}
            value={draft.actor}
            onChange={(event) => setDraft({ ...draft, actor: event.target.value })}
            error={fieldError(problem, 'query.actor')}
          >
            <option value="">{t('anyone')}</option>
            {(users.data?.items ?? []).map((user) => (
              <option key={user.id} value={user.id}>
                {user.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('entityId')}
            hint={t('entityHint')}
            value={draft.entityId}
            onChange={(event) => setDraft({ ...draft, entityId: event.target.value })}
            error={fieldError(problem, 'query.entityId')}
          />
          <TextField
            label={t('from')}
            type="date"
            hint={t('datesHint')}
            value={draft.from}
            onChange={(event) => setDraft({ ...draft, from: event.target.value })}
            error={fieldError(problem, 'query.from')}
          />
          <TextField
            label={t('to')}
            type="date"
            value={draft.to}
            onChange={(event) => setDraft({ ...draft, to: event.target.value })}
            error={fieldError(problem, 'query.to')}
          />
          <div className="form-actions">
            <button type="submit" className="primary">
              {t('apply')}
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft(NO_FILTERS);
                setApplied(NO_FILTERS);
              }}
            >
              {t('reset')}
            </button>
          </div>
        </form>
      </Card>
      <Card>
        <PagedList list={list} empty={<EmptyState title={t('emptyTitle')}>{t('emptyText')}</EmptyState>}>
          {(items) => (
            <div className="audit-table">
              <table>
                <caption className="visually-hidden">{t('caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('at')}</th>
                    <th scope="col">{t('actor')}</th>
                    <th scope="col">{t('action')}</th>
                    <th scope="col">{t('entities')}</th>
                    <th scope="col">{t('fields')}</th>
                    <th scope="col">{t('from_where')}</th>
                    <th scope="col">{t('outcome')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={`${item.at}-${item.route}-${item.entityIds.join()}-${item.status}`}>
                      <th scope="row">{format.dateTime(item.at)}</th>
                      <td>
                        {nameOf(item.actor)}
                        <br />
                        <span className="muted">{item.role || t('noRole')}</span>
                      </td>
                      <td>
                        <code>{item.action}</code>
                        <br />
                        <span className="muted">{item.route}</span>
                      </td>
                      <td>
                        {item.entityIds.map((id) => (
                          <code key={id} className="audit-id">
                            {id}
                          </code>
                        ))}
                        {item.emailHash ? <span className="muted">{t('hashed')}</span> : null}
                      </td>
                      <td>{item.fields?.join(', ')}</td>
                      <td>
                        {item.ip}
                        {item.userAgent ? (
                          <>
                            <br />
                            <span className="muted audit-agent">{item.userAgent}</span>
                          </>
                        ) : null}
                      </td>
                      <td>
                        <span className={`badge ${item.outcome === 'succeeded' ? 'done' : 'failed'}`}>{t(item.outcome, { status: String(item.status) })}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </PagedList>
      </Card>
    </Page>
  );
}
