import { stringify } from 'csv-stringify/sync';
import type { CampaignReport, CampaignSummary, EmailFunnel, OutcomeFigures } from './campaign-analytics';

/**
 * Campaign analytics as CSV for spreadsheets: RFC 4180 quoting by csv-stringify, one header row, and
 * text cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) defused with a
 * leading apostrophe (OWASP "CSV injection"): campaign names and UTM sources come from outside.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number | null | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const OUTCOME_COLUMNS = ['leads', 'newContacts', 'confirmed', 'customers', 'revenueMinor'] as const;
const EMAIL_COLUMNS = ['sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed'] as const;
const emailHeader = EMAIL_COLUMNS.map((kind) => `email${kind[0]?.toUpperCase()}${kind.slice(1)}`);

const outcomes = (figures: OutcomeFigures) => OUTCOME_COLUMNS.map((name) => figures[name]);
const funnel = (email: EmailFunnel | undefined) => EMAIL_COLUMNS.map((kind) => (email ? email[kind] : null));

function toCsv(header: string[], rows: Array<Array<string | number | null | undefined>>): string {
  return stringify([header, ...rows.map((row) => row.map(cell))], { record_delimiter: '\r\n' });
}

/**
 * One campaign's report as one table, filterable by its `dimension` column: a `total` row, one `day`
 * row per day of the range, one `source` row per source/medium (attribution figures only).
 */
export function campaignReportCsv(report: CampaignReport): string {
  const header = ['campaignId', 'attribution', 'from', 'to', 'dimension', 'day', 'source', 'medium', ...OUTCOME_COLUMNS, 'currency', 'costMinor', 'costPerLead', 'conversionRate', ...emailHeader];
  const lead = [report.campaignId, report.attribution, report.from, report.to];
  return toCsv(header, [
    [...lead, 'total', '', '', '', ...outcomes(report), report.currency, report.costMinor, report.costPerLead, report.conversionRate, ...funnel(report.email)],
    ...report.byDay.map((day) => [...lead, 'day', day.day, '', '', ...outcomes(day), report.currency, null, null, null, ...funnel(day.email)]),
    ...report.bySource.map((source) => [...lead, 'source', '', source.source, source.medium, ...outcomes(source), report.currency, null, null, null, ...funnel(undefined)]),
  ]);
}

/** The campaign comparison: one row per campaign with its headline figures. */
export function campaignListCsv(items: readonly CampaignSummary[]): string {
  const header = ['campaignId', 'name', 'code', 'channel', 'attribution', 'from', 'to', ...OUTCOME_COLUMNS, 'currency', 'costMinor', 'costPerLead', 'conversionRate', ...emailHeader];
  return toCsv(
    header,
    items.map((item) => [item.campaignId, item.name, item.code, item.channel, item.attribution, item.from, item.to, ...outcomes(item), item.currency, item.costMinor, item.costPerLead, item.conversionRate, ...funnel(item.email)]),
  );
}
