import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ValidationError } from './errors';
import {
  type ColumnMap,
  type CsvDelimiter,
  type CsvEncoding,
  decodeCsv,
  detectDelimiter,
  type ImportableField,
  type ImportTarget,
  resolveColumns,
} from './import-columns';

/** Data rows shown in an import's `preview`. */
export const PREVIEW_ROWS = 10;

/** What the importer found in a file, for the wizard to show before (and after) importing. */
export interface ImportDetection {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  headers: string[];
  /** Each header with the field it is read into, or null when ignored. */
  mapping: Record<string, ImportTarget | null>;
  ignoredColumns: string[];
}

/** A data row by its number in the file (the header is row 1, empty lines are not counted), with its mapped values. */
export interface ImportFileRow {
  row: number;
  values: Partial<Record<ImportTarget, string>>;
}

export interface ImportFile {
  detected: ImportDetection;
  /** Data rows in the file. */
  rows: number;
  /** The first {@link PREVIEW_ROWS} data rows after mapping. */
  preview: ImportFileRow[];
  /** The data rows after mapping, streamed from the text again (memory stays flat). */
  records(): AsyncIterable<ImportFileRow>;
  /** The same rows in batches of `size` (the last may be smaller), for reads of many keys at once. */
  batches(size: number): AsyncIterable<ImportFileRow[]>;
}

/**
 * Reads a CSV file far enough to know it: encoding, delimiter, headers and their fields (auto-matched,
 * or as `map` says), the number of data rows and a preview. One streaming pass; {@link ImportFile.records}
 * makes a second one. `customFields` are the custom fields a column may be read into. Throws a {@link ValidationError} for a file without a header line or an email
 * column, and for a map that does not fit the headers.
 */
export async function readImportFile(bytes: Uint8Array, map?: ColumnMap, customFields: readonly ImportableField[] = []): Promise<ImportFile> {
  const { text, encoding } = decodeCsv(bytes);
  const delimiter = detectDelimiter(text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '');
  let headers: string[] | undefined;
  const raw: Array<{ row: number; record: string[] }> = [];
  let rows = 0;
  try {
    for await (const { row, record } of parseRecords(text, delimiter)) {
      if (!headers) headers = record;
      else {
        rows += 1;
        if (raw.length < PREVIEW_ROWS) raw.push({ row, record });
      }
    }
  } catch (error) {
    // Before any row is imported: a file the parser cannot read is refused whole, never half-imported.
    if (error instanceof CsvError) {
      const line = typeof error.lines === 'number' ? `line ${error.lines}` : 'a line';
      throw new ValidationError('The file is not readable CSV', [{ path: 'body', message: `${line} cannot be read (${error.code}): check its quotes` }]);
    }
    throw error;
  }
  if (!headers) throw new ValidationError('The file is empty', [{ path: 'body', message: 'needs a header line and rows' }]);
  const columns = resolveColumns(headers, map, customFields);
  const toRow = ({ row, record }: { row: number; record: string[] }): ImportFileRow => {
    const values: Partial<Record<ImportTarget, string>> = {};
    columns.fields.forEach((field, index) => {
      const value = record[index];
      if (field && value !== undefined && value !== '') values[field] = value;
    });
    return { row, values };
  };
  return {
    detected: { encoding, delimiter, headers, mapping: columns.mapping, ignoredColumns: columns.ignored },
    rows,
    preview: raw.map(toRow),
    records: async function* () {
      for await (const record of parseRecords(text, delimiter)) if (record.row > 1) yield toRow(record);
    },
    batches: async function* (size: number) {
      let batch: ImportFileRow[] = [];
      for await (const record of parseRecords(text, delimiter)) {
        if (record.row === 1) continue;
        batch.push(toRow(record));
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}

async function* parseRecords(text: string, delimiter: CsvDelimiter): AsyncGenerator<{ row: number; record: string[] }> {
  const parser = Readable.from(chunks(text)).pipe(
    // relax_quotes: a quote inside an unquoted cell (`=HYPERLINK("…")`) is read as written, as spreadsheets do.
    parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_empty_values: true, trim: true }),
  );
  let row = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    row += 1;
    yield { row, record };
  }
}

/** The text in 64 KiB pieces, so the parser streams instead of holding every record at once. */
function* chunks(content: string): Generator<string> {
  for (let start = 0; start < content.length; start += 65_536) yield content.slice(start, start + 65_536);
}
