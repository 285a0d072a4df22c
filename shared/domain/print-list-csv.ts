import { stringify } from 'csv-stringify/sync';
import { PRINT_COLUMNS, PRINT_CSV_DELIMITER, type PrintRow } from './print-export';

/**
 * The print list as CSV, a line at a time (so an export of any size is written as it is read):
 * csv-stringify's RFC 4180 quoting with `;` and CRLF, the header row first, and cells a spreadsheet
 * would run as a formula defused with a leading apostrophe (names come from outside).
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const options = { delimiter: PRINT_CSV_DELIMITER, record_delimiter: '\r\n' } as const;

/** The header row (the byte-order mark is written before it by whoever starts the file). */
export const printCsvHeader = (): string => stringify([[...PRINT_COLUMNS]], options);

/** One person's line. */
export const printCsvLine = (row: PrintRow): string =>
  stringify([PRINT_COLUMNS.map((column) => (FORMULA_START.test(row[column]) ? `'${row[column]}` : row[column]))], options);
