import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { CampaignSummary } from '#shared/domain/campaign-analytics';
import { useApi } from '../../api/api-context';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { fieldError } from '../../components/fields';
import { LoadMore } from '../../components/load-more';
import { saveFile } from '../../components/save-file';
import { Card, EmptyState, Page } from '../../components/page';
import { type Formatters, useFormat } from '../../i18n/format';
import { defineMessages, useLocale, useT } from '../../i18n/locale';
import { AttributionSwitch, useAttributionParam } from './attribution-switch';
import { channelLabel, figureMessages } from './campaign-messages';
import { RangePicker, useRangeParams } from './range-picker';
import { Allowed } from '../../roles/permissions';

const messages = defineMessages({
  en: {
    title: 'Campaigns',
    description: 'Every campaign’s leads, opt-ins, customers and revenue side by side. Sort by any column.',
    tableCaption: 'Campaigns compared, {from}',
    sinceEach: 'each from its own start',
    range: '{from} to {to}',
    emptyTitle: 'No campaigns yet',
    emptyText: 'Create a campaign for a fair, an ad or a mailing, then name it in a form or an import: its leads are counted here.',
    createFirst: 'Create the first campaign',
    sortedNote: 'Sorts the campaigns shown; “Show more” adds the next ones.',
  },
  de: {
    title: 'Kampagnen',
    description: 'Leads, Opt-ins, Kunden und Umsatz aller Kampagnen nebeneinander. Nach jeder Spalte sortierbar.',
    tableCaption: 'Kampagnen im Vergleich, {from}',
    sinceEach: 'jede ab ihrem Beginn',
    range: '{from} bis {to}',
    emptyTitle: 'Noch keine Kampagnen',
    emptyText:
      'Legen Sie eine Kampagne für eine Messe, eine Anzeige oder ein Mailing an und nennen Sie sie in einem Formular oder Import: Ihre Leads werden hier gezählt.',
    createFirst: 'Erste Kampagne anlegen',
    sortedNote: 'Sortiert die angezeigten Kampagnen; „Mehr anzeigen“ lädt die nächsten.',
  },
});

type Column = 'name' | 'channel' | 'leads' | 'confirmed' | 'customers' | 'revenueMinor' | 'costMinor' | 'costPerLead' | 'conversionRate';
type Direction = 'ascending' | 'descending';

const COLUMNS: Array<{
  key: Column;
  label: 'channel' | 'leads' | 'confirmed' | 'customers' | 'revenue' | 'cost' | 'costPerLead' | 'conversionRate' | 'name';
  numeric: boolean;
}> = [
  { key: 'name', label: 'name', numeric: false },
  { key: 'channel', label: 'channel', numeric: false },
  { key: 'leads', label: 'leads', numeric: true },
  { key: 'confirmed', label: 'confirmed', numeric: true },
  { key: 'customers', label: 'customers', numeric: true },
  { key: 'revenueMinor', label: 'revenue', numeric: true },
  { key: 'costMinor', label: 'cost', numeric: true },
  { key: 'costPerLead', label: 'costPerLead', numeric: true },
  { key: 'conversionRate', label: 'conversionRate', numeric: true },
];

/** Rows in the chosen order; campaigns without a value (no cost, no leads) always come last. */
export function sortCampaigns(
  items: readonly CampaignSummary[],
  column: Column,
  direction: Direction,
  text: (item: CampaignSummary) => string,
): CampaignSummary[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return [...items].sort((a, b) => {
    if (column === 'name' || column === 'channel')
      return sign * collator.compare(column === 'name' ? a.name : text(a), column === 'name' ? b.name : text(b)) || a.campaignId.localeCompare(b.campaignId);
    const left = a[column];
    const right = b[column];
    if (left === null || right === null) return left === right ? a.name.localeCompare(b.name) : left === null ? 1 : -1;
    return sign * (left - right) || a.name.localeCompare(b.name);
  });
}

function cell(item: CampaignSummary, column: Column, format: Formatters, channel: string) {
  switch (column) {
    case 'name':
      return <Link to={`/campaigns/${encodeURIComponent(item.campaignId)}`}>{item.name}</Link>;
    case 'channel':
      return channel;
    case 'revenueMinor':
      return format.money(item.revenueMinor, item.currency ?? undefined);
    case 'costMinor':
    case 'costPerLead':
      return format.money(item[column], item.currency ?? undefined);
    case 'conversionRate':
      return format.percent(item.conversionRate);
    default:
      return format.number(item[column]);
  }
}

export default function CampaignsScreen() {
  const t = useT(messages);
  const c = useT(commonMessages);
  const f = useT(figureMessages);
  const format = useFormat();
  const { locale } = useLocale();
  const api = useApi();
  const range = useRangeParams(['sinceStart', 'last7', 'last30', 'last90', 'year'], 'sinceStart');
  const [attribution, setAttribution] = useAttributionParam();
  const [sort, setSort] = useState<{ column: Column; direction: Direction }>({ column: 'leads', direction: 'descending' });
  const query = { ...range.query, attribution };
  const list = usePaged<CampaignSummary>('/v1/analytics/campaigns', query, { limit: 100 });
  const download = useMutation({
    mutationFn: async () => {
      const file = await api.download('/v1/analytics/campaigns', 'text/csv', { ...query, limit: '500' });
      const name = file.fileName ?? 'campaigns.csv';
      saveFile(file.blob, name);
      return name;
    },
  });
  const channelOf = (item: CampaignSummary) => channelLabel(locale, item.channel);
  const rows = sortCampaigns(list.items, sort.column, sort.direction, channelOf);
  const toggle = (column: Column, numeric: boolean) =>
    setSort((current) =>
      current.column === column
        ? { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column, direction: numeric ? 'descending' : 'ascending' },
    );
  const caption = t('tableCaption', {
    from: range.query.from && range.query.to ? t('range', { from: format.date(range.query.from), to: format.date(range.query.to) }) : t('sinceEach'),
  });
  return (
    <Page
      title={t('title')}
      description={t('description')}
      actions={
        <>
          <button type="button" onClick={() => download.mutate()} disabled={download.isPending || list.items.length === 0}>
            {download.isPending ? f('downloading') : f('downloadCsv')}
          </button>
          <Allowed route="POST /v1/campaigns">
            <Link className="button primary" to="/campaigns/new">
              {f('newCampaign')}
            </Link>
          </Allowed>
        </>
      }
    >
      <div className="filters">
        <RangePicker
          range={range}
          presets={['sinceStart', 'last7', 'last30', 'last90', 'year']}
          errors={{ from: fieldError(list.error, 'query.from'), to: fieldError(list.error, 'query.to') }}
        />
        <AttributionSwitch model={attribution} onChange={setAttribution} />
      </div>
      <p className="visually-hidden" role="status">
        {download.isSuccess ? f('downloaded', { name: download.data }) : ''}
      </p>
      {download.error ? (
        <div className="notice error" role="alert">
          <p>{c('errorLoading', { message: download.error.message })}</p>
        </div>
      ) : null}
      <Card>
        {list.isPending ? (
          <p role="status">{c('loading')}</p>
        ) : list.isError ? (
          <div className="notice error" role="alert">
            <p>{c('errorLoading', { message: list.error.message })}</p>
          </div>
        ) : rows.length === 0 ? (
          <EmptyState
            title={t('emptyTitle')}
            action={
              <Allowed route="POST /v1/campaigns">
                <Link className="button primary" to="/campaigns/new">
                  {t('createFirst')}
                </Link>
              </Allowed>
            }
          >
            {t('emptyText')}
          </EmptyState>
        ) : (
          <table className="comparison" aria-describedby={list.hasNextPage ? 'sort-note' : undefined}>
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                {COLUMNS.map((column) => {
                  const sorted = sort.column === column.key ? sort.direction : undefined;
                  const label = column.label === 'name' ? c('name') : f(column.label);
                  return (
                    <th key={column.key} scope="col" className={column.numeric ? 'num' : undefined} aria-sort={sorted}>
                      <button type="button" className="sort" onClick={() => toggle(column.key, column.numeric)}>
                        {label}
                        <span className="sort-mark" aria-hidden="true">
                          {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : '↕'}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((item) => (
                <tr key={item.campaignId}>
                  {COLUMNS.map((column) =>
                    column.key === 'name' ? (
                      <th key={column.key} scope="row">
                        {cell(item, column.key, format, channelOf(item))}
                      </th>
                    ) : (
                      <td key={column.key} className={column.numeric ? 'num' : undefined}>
                        {cell(item, column.key, format, channelOf(item))}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.hasNextPage ? (
          <p id="sort-note" className="hint">
            {t('sortedNote')}
          </p>
        ) : null}
        <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
      </Card>
    </Page>
  );
}
