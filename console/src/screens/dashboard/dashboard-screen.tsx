import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Campaign } from '#shared/domain/campaign';
import type { Dashboard } from '#shared/use-cases/view-dashboard';
import { useApi } from '../../api/api-context';
import type { Page as ListPage } from '../../api/use-paged';
import { fieldError } from '../../components/fields';
import { Card, EmptyState, Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { CHART_COLOURS, TimeChart } from '../../components/time-chart';
import { useFormat } from '../../i18n/format';
import { defineMessages, useT } from '../../i18n/locale';
import { figureMessages } from '../campaigns/campaign-messages';
import { RangePicker, type RangePreset, useRangeParams } from '../campaigns/range-picker';
import { AbcCard } from './abc-card';

const messages = defineMessages({
  en: {
    title: 'Dashboard',
    description: 'Leads, opt-ins, customers and revenue of all campaigns, and what is sending or importing right now.',
    figures: 'Figures',
    perDayTitle: 'Leads, confirmed opt-ins and customers per day, all campaigns',
    sending: 'Sending now',
    sendingEmpty: 'No mailing is sending right now or starts within a day.',
    startsAt: 'starts {at}',
    sendingLink: 'Go to the mailings',
    sentOf: '{sent} of {recipients} sent',
    sendingProgress: 'Progress of {name}',
    delivered: '{delivered} delivered, {opened} opened, {failed} failed',
    importing: 'Imports running',
    importingEmpty: 'No import is running right now.',
    importingLink: 'Start an import',
    processedOf: '{processed} of {rows} rows',
    importProgress: 'Progress of the import {name}',
    startedAt: 'started {at}',
    emptyTitle: 'No campaign yet',
    emptyText: 'Everything here is counted per campaign. Create the first one — a fair, an ad, a newsletter — and name it in a form or an import.',
    createCampaign: 'Create a campaign',
    live: 'Updates every 3 seconds while something is sending or importing.',
    status_draft: 'Draft',
    status_scheduled: 'Scheduled',
    status_sending: 'Sending',
    status_sent: 'Sent',
    status_cancelled: 'Cancelled',
  },
  de: {
    title: 'Übersicht',
    description: 'Leads, Opt-ins, Kunden und Umsatz aller Kampagnen und was gerade gesendet oder importiert wird.',
    figures: 'Kennzahlen',
    perDayTitle: 'Leads, bestätigte Opt-ins und Kunden pro Tag, alle Kampagnen',
    sending: 'Wird gerade gesendet',
    sendingEmpty: 'Gerade wird kein Mailing gesendet, und keines beginnt binnen eines Tages.',
    startsAt: 'beginnt {at}',
    sendingLink: 'Zu den Mailings',
    sentOf: '{sent} von {recipients} gesendet',
    sendingProgress: 'Fortschritt von {name}',
    delivered: '{delivered} zugestellt, {opened} geöffnet, {failed} fehlgeschlagen',
    importing: 'Laufende Importe',
    importingEmpty: 'Gerade läuft kein Import.',
    importingLink: 'Import starten',
    processedOf: '{processed} von {rows} Zeilen',
    importProgress: 'Fortschritt des Imports {name}',
    startedAt: 'begonnen {at}',
    emptyTitle: 'Noch keine Kampagne',
    emptyText:
      'Alles hier wird pro Kampagne gezählt. Legen Sie die erste an – eine Messe, eine Anzeige, einen Newsletter – und nennen Sie sie in einem Formular oder Import.',
    createCampaign: 'Kampagne anlegen',
    live: 'Aktualisiert sich alle 3 Sekunden, solange etwas gesendet oder importiert wird.',
    status_draft: 'Entwurf',
    status_scheduled: 'Geplant',
    status_sending: 'Wird gesendet',
    status_sent: 'Gesendet',
    status_cancelled: 'Abgebrochen',
  },
});

const PRESETS: readonly RangePreset[] = ['last7', 'last30', 'last90', 'year'];
const LIVE_MS = 3_000;

const isLive = (data: Dashboard | undefined) => Boolean(data && (data.sending.some((mailing) => mailing.status === 'sending') || data.importing.length > 0));

function Figures({ data }: { data: Dashboard }) {
  const f = useT(figureMessages);
  const format = useFormat();
  const other = (data.otherRevenue ?? []).map((entry) => format.money(entry.revenueMinor, entry.currency)).join(', ');
  const figures: Array<[string, string, string?]> = [
    [f('leads'), format.number(data.leads)],
    [f('confirmed'), format.number(data.confirmed)],
    [f('customers'), format.number(data.customers)],
    [f('revenue'), format.money(data.revenueMinor, data.currency ?? undefined), other ? f('otherRevenue', { amounts: other }) : undefined],
    [f('mailsSent'), format.number(data.mailsSent)],
  ];
  return (
    <dl className="kpis">
      {figures.map(([term, value, note]) => (
        <div className="kpi" key={term}>
          <dt>{term}</dt>
          <dd>
            <span className="kpi-value">{value}</span>
            {note ? <small>{note}</small> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Sending({ data }: { data: Dashboard }) {
  const t = useT(messages);
  const format = useFormat();
  if (data.sending.length === 0) {
    return <EmptyState title={t('sendingEmpty')} action={<Link to="/mailings">{t('sendingLink')}</Link>} />;
  }
  return (
    <ul className="live-list">
      {data.sending.map((mailing) => (
        <li key={mailing.id}>
          <Link to={`/mailings/${encodeURIComponent(mailing.id)}`}>{mailing.name}</Link>
          <span className={`badge ${mailing.status}`}>{t(`status_${mailing.status}`)}</span>
          <progress
            className="progress"
            max={Math.max(1, mailing.counts.recipients)}
            value={mailing.counts.sent}
            aria-label={t('sendingProgress', { name: mailing.name })}
          />
          <span className="muted">{t('sentOf', { sent: format.number(mailing.counts.sent), recipients: format.number(mailing.counts.recipients) })}</span>
          {mailing.status === 'scheduled' && mailing.scheduledAt ? (
            <span className="muted">{t('startsAt', { at: format.dateTime(mailing.scheduledAt) })}</span>
          ) : null}
          <span className="muted">
            {t('delivered', {
              delivered: format.number(mailing.counts.delivered),
              opened: format.number(mailing.counts.opened),
              failed: format.number(mailing.counts.failed),
            })}
          </span>
        </li>
      ))}
    </ul>
  );
}

function Importing({ data }: { data: Dashboard }) {
  const t = useT(messages);
  const format = useFormat();
  if (data.importing.length === 0) {
    return <EmptyState title={t('importingEmpty')} action={<Link to="/imports/new">{t('importingLink')}</Link>} />;
  }
  return (
    <ul className="live-list">
      {data.importing.map((run) => {
        const name = run.fileName ?? run.importId;
        return (
          <li key={run.importId}>
            <Link to={`/imports/${encodeURIComponent(run.importId)}`}>{name}</Link>
            <span className="muted">{t('startedAt', { at: format.dateTime(run.startedAt) })}</span>
            <progress className="progress" max={Math.max(1, run.rows)} value={run.processed} aria-label={t('importProgress', { name })} />
            <span className="muted">{t('processedOf', { processed: format.number(run.processed), rows: format.number(run.rows) })}</span>
          </li>
        );
      })}
    </ul>
  );
}

function Overview({ data }: { data: Dashboard }) {
  const t = useT(messages);
  const f = useT(figureMessages);
  return (
    <>
      <h2 className="visually-hidden">{t('figures')}</h2>
      <Figures data={data} />
      <Card title={f('perDay')} id="dashboard-per-day">
        <TimeChart
          title={t('perDayTitle')}
          days={data.byDay.map((day) => day.day)}
          series={[
            { label: f('leads'), values: data.byDay.map((day) => day.leads), colour: CHART_COLOURS.blue },
            { label: f('confirmed'), values: data.byDay.map((day) => day.confirmed), colour: CHART_COLOURS.green, line: 'dashed' },
            { label: f('customers'), values: data.byDay.map((day) => day.customers), colour: CHART_COLOURS.orange, line: 'dotted' },
          ]}
        />
      </Card>
      <div className="grid-2 split">
        <Card title={t('sending')} id="dashboard-sending">
          <Sending data={data} />
        </Card>
        <Card title={t('importing')} id="dashboard-importing">
          <Importing data={data} />
        </Card>
      </div>
      {isLive(data) ? <p className="hint">{t('live')}</p> : null}
    </>
  );
}

export default function DashboardScreen() {
  const t = useT(messages);
  const f = useT(figureMessages);
  const api = useApi();
  const range = useRangeParams(PRESETS, 'last30');
  const campaigns = useQuery({ queryKey: ['/v1/campaigns', { limit: 1 }], queryFn: () => api.get<ListPage<Campaign>>('/v1/campaigns', { limit: 1 }) });
  const hasCampaigns = (campaigns.data?.items.length ?? 0) > 0;
  const dashboard = useQuery({
    queryKey: ['/v1/dashboard', range.query],
    queryFn: () => api.get<Dashboard>('/v1/dashboard', { ...range.query }),
    enabled: hasCampaigns,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (isLive(query.state.data) ? LIVE_MS : false),
  });
  const updating = dashboard.isFetching && !dashboard.isPending && !isLive(dashboard.data);
  return (
    <Page title={t('title')} description={t('description')}>
      <QueryState query={campaigns}>
        {() =>
          hasCampaigns ? (
            <>
              <div className="filters">
                <RangePicker
                  range={range}
                  presets={PRESETS}
                  shown={dashboard.data ? { from: dashboard.data.from, to: dashboard.data.to } : undefined}
                  errors={{ from: fieldError(dashboard.error, 'query.from'), to: fieldError(dashboard.error, 'query.to') }}
                />
              </div>
              <p className="muted" role="status">
                {updating ? f('updating') : ''}
              </p>
              <QueryState query={dashboard}>{(data) => <Overview data={data} />}</QueryState>
            </>
          ) : (
            <Card>
              <EmptyState
                title={t('emptyTitle')}
                action={
                  <Link className="button primary" to="/campaigns/new">
                    {t('createCampaign')}
                  </Link>
                }
              >
                {t('emptyText')}
              </EmptyState>
            </Card>
          )
        }
      </QueryState>
      <AbcCard />
    </Page>
  );
}
