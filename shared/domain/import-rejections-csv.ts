import { spreadsheetCsv } from './spreadsheet-csv';

/**
 * An import's rejected rows as CSV: the row number in the file and why it was refused. The row's
 * values are not repeated (they were never stored: a rejected row may be an erased person's).
 */
export function importRejectionsCsv(rejections: ReadonlyArray<{ row: number; reason: string }>): string {
  return spreadsheetCsv(
    ['row', 'reason'],
    rejections.map((rejection) => [rejection.row, rejection.reason]),
  );
}
