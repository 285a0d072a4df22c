import { stringify } from 'csv-stringify/sync';

/**
 * CSV for spreadsheets: RFC 4180 quoting by csv-stringify, one header row, CRLF, and text cells that
 * a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) defused with a leading apostrophe
 * (OWASP "CSV injection"): names, sources and reasons come from outside.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number | null | undefined): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A table as CSV text (the byte-order mark is the HTTP response's, `csv()` in shared/http/responses). */
export function spreadsheetCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return stringify([[...header], ...rows.map((row) => row.map(cell))], { record_delimiter: '\r\n' });
}
