import type { CampaignReport, CampaignSummary, EmailFunnel, OutcomeFigures } from './campaign-analytics';
import { spreadsheetCsv } from './spreadsheet-csv';

/** Campaign analytics as CSV for spreadsheets (formula cells defused, see spreadsheet-csv.ts). */

const OUTCOME_COLUMNS = ['leads', 'newContacts', 'confirmed', 'customers', 'revenueMinor'] as const;
const EMAIL_COLUMNS = ['sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed'] as const;
const emailHeader = EMAIL_COLUMNS.map((kind) => `email${kind[0]?.toUpperCase()}${kind.slice(1)}`);

const outcomes = (figures: OutcomeFigures) => OUTCOME_COLUMNS.map((name) => figures[name]);
const funnel = (email: EmailFunnel | undefined) => EMAIL_COLUMNS.map((kind) => (email ? email[kind] : null));

/**
 * One campaign's report as one table, filterable by its `dimension` column: a `total` row, one `day`
 * row per day of the range, one `source` row per source/medium (attribution figures only).
 */
export function campaignReportCsv(report: CampaignReport): string {
  const header = [
    'campaignId',
    'attribution',
    'from',
    'to',
    'dimension',
    'day',
    'source',
    'medium',
    ...OUTCOME_COLUMNS,
    'currency',
    'costMinor',
    'costPerLead',
    'conversionRate',
    ...emailHeader,
  ];
  const lead = [report.campaignId, report.attribution, report.from, report.to];
  return spreadsheetCsv(header, [
    [...lead, 'total', '', '', '', ...outcomes(report), report.currency, report.costMinor, report.costPerLead, report.conversionRate, ...funnel(report.email)],
    ...report.byDay.map((day) => [...lead, 'day', day.day, '', '', ...outcomes(day), report.currency, null, null, null, ...funnel(day.email)]),
    ...report.bySource.map((source) => [
      ...lead,
      'source',
      '',
      source.source,
      source.medium,
      ...outcomes(source),
      report.currency,
      null,
      null,
      null,
      ...funnel(undefined),
    ]),
  ]);
}

/** The campaign comparison: one row per campaign with its headline figures. */
export function campaignListCsv(items: readonly CampaignSummary[]): string {
  const header = [
    'campaignId',
    'name',
    'code',
    'channel',
    'attribution',
    'from',
    'to',
    ...OUTCOME_COLUMNS,
    'currency',
    'costMinor',
    'costPerLead',
    'conversionRate',
    ...emailHeader,
  ];
  return spreadsheetCsv(
    header,
    items.map((item) => [
      item.campaignId,
      item.name,
      item.code,
      item.channel,
      item.attribution,
      item.from,
      item.to,
      ...outcomes(item),
      item.currency,
      item.costMinor,
      item.costPerLead,
      item.conversionRate,
      ...funnel(item.email),
    ]),
  );
}
