import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { Campaign } from '#shared/domain/campaign';
import type { CampaignReport, EmailFunnel } from '#shared/domain/campaign-analytics';
import { useApi } from '../../api/api-context';
import { commonMessages } from '../../components/common-messages';
import { fieldError } from '../../components/fields';
import { saveFile } from '../../components/save-file';
import { Card, Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { CHART_COLOURS, TimeChart } from '../../components/time-chart';
import { type Formatters, useFormat } from '../../i18n/format';
import { defineMessages, type Translate as TranslateOf, useLocale, useT } from '../../i18n/locale';
import { Allowed } from '../../roles/permissions';
import { AttributionSwitch, useAttributionParam } from './attribution-switch';
import { channelLabel, figureMessages } from './campaign-messages';
import { RangePicker, useRangeParams } from './range-picker';

const messages = defineMessages({
  en: {
    figures: 'Figures',
    perDayTitle: 'Leads, confirmed opt-ins and customers per day',
    funnel: 'E-mail funnel',
    funnelHint: 'Share of the mails sent.',
    funnelEmpty: 'No mails of this campaign were sent in this period. Mailings that name the campaign are counted here.',
    sent: 'Sent',
    delivered: 'Delivered',
    opened: 'Opened',
    clicked: 'Clicked',
    bounced: 'Bounced',
    complained: 'Complaints',
    unsubscribed: 'Unsubscribed',
    bySource: 'By source and medium',
    bySourceChart: 'Leads by source / medium',
    source: 'Source',
    medium: 'Medium',
    sourcesEmpty: 'No leads in this period yet. Submissions of the campaign’s forms and its imports appear here, split by utm_source and utm_medium.',
    code: 'Code {code}',
    runs: '{from} to {to}',
    startsOn: 'from {from}',
    ofSent: '{rate} of sent',
    noMedium: '(none)',
  },
  de: {
    figures: 'Kennzahlen',
    perDayTitle: 'Leads, bestätigte Opt-ins und Kunden pro Tag',
    funnel: 'E-Mail-Trichter',
    funnelHint: 'Anteil an den gesendeten Mails.',
    funnelEmpty: 'In diesem Zeitraum wurden keine Mails dieser Kampagne gesendet. Mailings, die die Kampagne nennen, werden hier gezählt.',
    sent: 'Gesendet',
    delivered: 'Zugestellt',
    opened: 'Geöffnet',
    clicked: 'Geklickt',
    bounced: 'Unzustellbar',
    complained: 'Beschwerden',
    unsubscribed: 'Abgemeldet',
    bySource: 'Nach Quelle und Medium',
    bySourceChart: 'Leads nach Quelle / Medium',
    source: 'Quelle',
    medium: 'Medium',
    sourcesEmpty:
      'In diesem Zeitraum noch keine Leads. Eingänge der Formulare und Importe der Kampagne erscheinen hier, aufgeteilt nach utm_source und utm_medium.',
    code: 'Code {code}',
    runs: '{from} bis {to}',
    startsOn: 'ab {from}',
    ofSent: '{rate} der gesendeten',
    noMedium: '(ohne)',
  },
});

type Translate = TranslateOf<keyof (typeof messages)['en']>;

/** What the counters write for a lead without utm_medium (NO_MEDIUM in shared/domain/campaign-analytics.ts). */
const NO_MEDIUM = '(none)';

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function money(format: Formatters, minor: number | null, currency: string | null) {
  return format.money(minor, currency ?? undefined);
}

/** The headline figures as a description list: term, value. */
function Figures({ report }: { report: CampaignReport }) {
  const f = useT(figureMessages);
  const format = useFormat();
  const other = report.otherRevenue.map((entry) => format.money(entry.revenueMinor, entry.currency)).join(', ');
  const figures: Array<[string, string, string?]> = [
    [f('leads'), format.number(report.leads)],
    [f('newContacts'), format.number(report.newContacts)],
    [f('confirmed'), format.number(report.confirmed)],
    [f('customers'), format.number(report.customers)],
    [f('revenue'), money(format, report.revenueMinor, report.currency), other ? f('otherRevenue', { amounts: other }) : undefined],
    [f('cost'), money(format, report.costMinor, report.currency)],
    [f('costPerLead'), money(format, report.costPerLead, report.currency)],
    [f('conversionRate'), format.percent(report.conversionRate), f('conversionHint')],
  ];
  return (
    <dl className="kpis wide">
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

function Funnel({ email, t }: { email: EmailFunnel; t: Translate }) {
  const format = useFormat();
  const steps = ['sent', 'delivered', 'opened', 'clicked'] as const;
  const fills = ['', 'green', 'orange', 'purple'];
  const sideEffects = ['bounced', 'complained', 'unsubscribed'] as const;
  if (email.sent === 0) return <p className="muted">{t('funnelEmpty')}</p>;
  return (
    <>
      <p className="hint">{t('funnelHint')}</p>
      <ol className="funnel">
        {steps.map((step, index) => {
          const rate = share(email[step], email.sent);
          return (
            <li className="bar-row" key={step}>
              <span className="bar-label">{t(step)}</span>
              <span className="bar-track" aria-hidden="true">
                <span className={`bar-fill ${fills[index] ?? ''}`} style={{ width: `${Math.min(100, (rate ?? 0) * 100)}%`, display: 'block' }} />
              </span>
              <span className="bar-value">
                {format.number(email[step])}
                {step === 'sent' ? null : <span className="rate">{t('ofSent', { rate: format.percent(rate) })}</span>}
              </span>
            </li>
          );
        })}
      </ol>
      <dl className="facts side-facts">
        {sideEffects.map((kind) => (
          <div key={kind} style={{ display: 'contents' }}>
            <dt>{t(kind)}</dt>
            <dd>
              {format.number(email[kind])} <span className="muted">({t('ofSent', { rate: format.percent(share(email[kind], email.sent)) })})</span>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** Leads per source/medium as bars: the value is written beside each bar, the bar itself is decoration. */
function SourceBars({ report, t }: { report: CampaignReport; t: Translate }) {
  const format = useFormat();
  if (report.bySource.length === 0) return <p className="muted">{t('sourcesEmpty')}</p>;
  const most = Math.max(1, ...report.bySource.map((entry) => entry.leads));
  return (
    <ul className="bars" aria-labelledby="source-bars">
      {report.bySource.map((entry) => (
        <li className="bar-row" key={`${entry.source}\u0000${entry.medium}`}>
          <span className="bar-label" title={`${entry.source} / ${entry.medium}`}>
            {entry.source} / {entry.medium === NO_MEDIUM ? t('noMedium') : entry.medium}
          </span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${(entry.leads / most) * 100}%`, display: 'block' }} />
          </span>
          <span className="bar-value">{format.number(entry.leads)}</span>
        </li>
      ))}
    </ul>
  );
}

function SourceTable({ report, t }: { report: CampaignReport; t: Translate }) {
  const f = useT(figureMessages);
  const format = useFormat();
  if (report.bySource.length === 0) return <p className="muted">{t('sourcesEmpty')}</p>;
  return (
    <table>
      <caption className="visually-hidden">{t('bySource')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('source')}</th>
          <th scope="col">{t('medium')}</th>
          <th scope="col" className="num">
            {f('leads')}
          </th>
          <th scope="col" className="num">
            {f('newContacts')}
          </th>
          <th scope="col" className="num">
            {f('confirmed')}
          </th>
          <th scope="col" className="num">
            {f('customers')}
          </th>
          <th scope="col" className="num">
            {f('revenue')}
          </th>
        </tr>
      </thead>
      <tbody>
        {report.bySource.map((entry) => (
          <tr key={`${entry.source}\u0000${entry.medium}`}>
            <th scope="row">{entry.source}</th>
            <td>{entry.medium === NO_MEDIUM ? t('noMedium') : entry.medium}</td>
            <td className="num">{format.number(entry.leads)}</td>
            <td className="num">{format.number(entry.newContacts)}</td>
            <td className="num">{format.number(entry.confirmed)}</td>
            <td className="num">{format.number(entry.customers)}</td>
            <td className="num">{money(format, entry.revenueMinor, report.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Report({ report, t }: { report: CampaignReport; t: Translate }) {
  const f = useT(figureMessages);
  const days = report.byDay.map((day) => day.day);
  return (
    <>
      <h2 className="visually-hidden">{t('figures')}</h2>
      <Figures report={report} />
      <Card title={f('perDay')} id="per-day">
        <TimeChart
          title={t('perDayTitle')}
          days={days}
          series={[
            { label: f('leads'), values: report.byDay.map((day) => day.leads), colour: CHART_COLOURS.blue },
            { label: f('confirmed'), values: report.byDay.map((day) => day.confirmed), colour: CHART_COLOURS.green, line: 'dashed' },
            { label: f('customers'), values: report.byDay.map((day) => day.customers), colour: CHART_COLOURS.orange, line: 'dotted' },
          ]}
        />
      </Card>
      <div className="grid-2 split">
        <Card title={t('funnel')} id="funnel">
          <Funnel email={report.email} t={t} />
        </Card>
        <Card title={t('bySourceChart')} id="source-bars">
          <SourceBars report={report} t={t} />
        </Card>
      </div>
      <Card title={t('bySource')} id="by-source">
        <SourceTable report={report} t={t} />
      </Card>
    </>
  );
}

export default function CampaignScreen() {
  const { id = '' } = useParams();
  const t = useT(messages);
  const c = useT(commonMessages);
  const f = useT(figureMessages);
  const format = useFormat();
  const { locale } = useLocale();
  const api = useApi();
  const range = useRangeParams(['sinceStart', 'last7', 'last30', 'last90', 'year'], 'sinceStart');
  const [attribution, setAttribution] = useAttributionParam();
  const path = `/v1/analytics/campaigns/${encodeURIComponent(id)}`;
  const query = { ...range.query, attribution };
  const campaign = useQuery({ queryKey: ['/v1/campaigns', id], queryFn: () => api.get<Campaign>(`/v1/campaigns/${encodeURIComponent(id)}`) });
  const report = useQuery({
    queryKey: ['/v1/analytics/campaigns', id, query],
    queryFn: () => api.get<CampaignReport>(path, query),
    placeholderData: keepPreviousData,
  });
  const download = useMutation({
    mutationFn: async () => {
      const file = await api.download(path, 'text/csv', query);
      const name = file.fileName ?? `campaign-${id}.csv`;
      saveFile(file.blob, name);
      return name;
    },
  });
  const data = campaign.data;
  const facts = data
    ? [
        channelLabel(locale, data.channel),
        t('code', { code: data.code }),
        data.startsAt && data.endsAt
          ? t('runs', { from: format.date(data.startsAt), to: format.date(data.endsAt) })
          : data.startsAt
            ? t('startsOn', { from: format.date(data.startsAt) })
            : '',
      ]
        .filter(Boolean)
        .join(' · ')
    : undefined;
  const updating = report.isFetching && !report.isPending;
  return (
    <Page
      title={data?.name ?? report.data?.name ?? c('loading')}
      description={facts}
      actions={
        <>
          <button type="button" onClick={() => download.mutate()} disabled={download.isPending || !report.data}>
            {download.isPending ? f('downloading') : f('downloadCsv')}
          </button>
          <Allowed route="PATCH /v1/campaigns/{id}">
            <Link className="button" to={`/campaigns/${encodeURIComponent(id)}/edit`}>
              {c('edit')}
            </Link>
          </Allowed>
        </>
      }
    >
      <div className="filters">
        <RangePicker
          range={range}
          presets={['sinceStart', 'last7', 'last30', 'last90', 'year']}
          shown={report.data ? { from: report.data.from, to: report.data.to } : undefined}
          errors={{ from: fieldError(report.error, 'query.from'), to: fieldError(report.error, 'query.to') }}
        />
        <AttributionSwitch model={attribution} onChange={setAttribution} />
      </div>
      <p className="muted" role="status">
        {updating ? f('updating') : download.isSuccess ? f('downloaded', { name: download.data }) : ''}
      </p>
      {download.error ? (
        <div className="notice error" role="alert">
          <p>{c('errorLoading', { message: download.error.message })}</p>
        </div>
      ) : null}
      <div aria-busy={updating} data-attribution={report.data?.attribution}>
        <QueryState query={report}>{(body) => <Report report={body} t={t} />}</QueryState>
      </div>
    </Page>
  );
}
