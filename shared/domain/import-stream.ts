import { createHash } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { ValidationError } from './errors';
import { type ColumnMap, type CsvDelimiter, type CsvEncoding, detectDelimiter, type ImportableField, resolveColumns } from './import-columns';
import type { ImportDetection, ImportFileRow } from './import-file';
import { type ImportIdentity, importIdQuery } from './import-record';

/**
 * Reading an uploaded file as a stream of bytes, never whole: a survey pass (encoding, delimiter,
 * headers, rows, the file's id) and passes over its data rows from any byte offset, so an import that
 * stopped can continue where it left off. The parser works on bytes (delimiters and quotes are ASCII
 * in UTF-8 and Windows-1252 alike), so every row's byte offset in the file is exact: UTF-8 files are
 * parsed as UTF-8, Windows-1252 ones as Latin-1 and each cell mapped to Windows-1252 afterwards (the
 * two differ only in 0x80-0x9F, none of them a space). The parser's options are the whole-file
 * reader's (import-file.ts).
 */

/** What the survey pass found; stored with the import so later runs need not read the file twice. */
export interface ImportSurvey {
  /** The id the same file imported the same way has (its row claims): the `importIdOf` of its bytes. */
  fileId: string;
  detected: ImportDetection;
  /** Data rows in the file. */
  rows: number;
}

/** Where a pass starts: after `row` (the header is row 1) at byte `byte` of the file. */
export interface StreamPosition {
  row: number;
  byte: number;
}

/** A data row with the byte offset where the next record starts (the position after it). */
export interface StreamedRow extends ImportFileRow {
  nextByte: number;
}

const HEAD_BYTES = 64 * 1024;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The whole-file reader's options, with each record's byte offset (`info`). */
const optionsFor = (delimiter: CsvDelimiter, encoding: 'utf8' | 'latin1') =>
  ({
    delimiter,
    bom: true,
    encoding,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    trim: true,
  }) as const;

type ParsedRecord = { record: string[]; info: { bytes: number } };

/** The records of a byte stream with their offsets; an error of the source (a dropped connection) ends the iteration with it. */
function parsedRecords(source: Readable, delimiter: CsvDelimiter, encoding: 'utf8' | 'latin1'): AsyncIterable<ParsedRecord> {
  const parser = parse({ ...optionsFor(delimiter, encoding), info: true });
  pipeline(source, parser, () => undefined);
  return parser as AsyncIterable<ParsedRecord>;
}

const parserEncoding = (encoding: CsvEncoding): 'utf8' | 'latin1' => (encoding === 'windows-1252' ? 'latin1' : 'utf8');

function csvErrorToValidation(error: unknown): unknown {
  if (!(error instanceof CsvError)) return error;
  const line = typeof error.lines === 'number' ? `line ${error.lines}` : 'a line';
  return new ValidationError('The file is not readable CSV', [{ path: 'body', message: `${line} cannot be read (${error.code}): check its quotes` }]);
}

/**
 * One pass over the whole file: its SHA-256 (for the import's file id), whether it is valid UTF-8 (else
 * Windows-1252, as the whole-file reader decides), the delimiter from its header line, the headers and
 * their fields (as `map` says), and the number of data rows. Throws a {@link ValidationError} for a file
 * that is not readable CSV, is empty or has no email column: before any row is imported.
 */
export async function surveyImportStream(
  bytes: AsyncIterable<Uint8Array>,
  identity: ImportIdentity,
  customFields: readonly ImportableField[] = [],
): Promise<ImportSurvey> {
  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let validUtf8 = true;
  let firstBytes: Buffer | undefined;
  const seen = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of bytes) {
      const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      hash.update(buffer);
      if (validUtf8) {
        try {
          utf8.decode(buffer, { stream: true });
        } catch (error) {
          if (!(error instanceof TypeError)) throw error;
          validUtf8 = false;
        }
      }
      firstBytes ??= buffer.subarray(0, 3);
      yield buffer;
    }
    if (validUtf8) {
      try {
        utf8.decode();
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
        validUtf8 = false;
      }
    }
  };
  const { delimiter, head, stream } = await withDelimiter(seen());
  let headerEnd: number | undefined;
  let rows = 0;
  try {
    // Counted as Latin-1, which reads any bytes; the records are the same in either encoding.
    for await (const { info } of parsedRecords(stream, delimiter, 'latin1')) {
      if (headerEnd === undefined) headerEnd = info.bytes;
      else rows += 1;
    }
  } catch (error) {
    throw csvErrorToValidation(error);
  }
  if (headerEnd === undefined) throw new ValidationError('The file is empty', [{ path: 'body', message: 'needs a header line and rows' }]);
  const encoding: CsvEncoding = !validUtf8 ? 'windows-1252' : UTF8_BOM.every((byte, index) => firstBytes?.[index] === byte) ? 'utf-8-bom' : 'utf-8';
  // The header again, in the file's encoding (it lies in the head unless a header line is longer than 64 KiB).
  const headerRecord = (parseSync(head.subarray(0, headerEnd), optionsFor(delimiter, parserEncoding(encoding))) as string[][])[0] ?? [];
  const headers = headerRecord.map(cellDecoder(encoding));
  const columns = resolveColumns(headers, identity.map, customFields);
  const fileId = hash
    .update(JSON.stringify(importIdQuery(identity)))
    .digest('base64url')
    .slice(0, 24);
  return { fileId, rows, detected: { encoding, delimiter, headers, mapping: columns.mapping, ignoredColumns: columns.ignored } };
}

/**
 * The data rows from `from` on (the header skipped when reading from the start), each mapped to its
 * fields as the survey found them and numbered on from `from.row`, with the byte offset after it.
 */
export async function* streamImportRows(
  bytes: AsyncIterable<Uint8Array>,
  survey: Pick<ImportSurvey, 'detected'>,
  map: ColumnMap | undefined,
  from: StreamPosition,
  customFields: readonly ImportableField[] = [],
): AsyncGenerator<StreamedRow> {
  const { detected } = survey;
  const columns = resolveColumns(detected.headers, map, customFields);
  const decode = cellDecoder(detected.encoding);
  let row = from.row;
  let skipHeader = from.byte === 0;
  try {
    for await (const { record, info } of parsedRecords(Readable.from(bytes), detected.delimiter, parserEncoding(detected.encoding))) {
      if (skipHeader) {
        skipHeader = false;
        continue;
      }
      row += 1;
      const values: ImportFileRow['values'] = {};
      columns.fields.forEach((field, index) => {
        const cell = record[index];
        const value = cell ? decode(cell) : '';
        if (field && value !== '') values[field] = value;
      });
      yield { row, values, nextByte: from.byte + info.bytes };
    }
  } catch (error) {
    throw csvErrorToValidation(error);
  }
}

/** The stream with its delimiter, read from the first line of its head; nothing of it is lost. */
async function withDelimiter(chunks: AsyncGenerator<Buffer>): Promise<{ delimiter: CsvDelimiter; head: Buffer; stream: Readable }> {
  const head: Buffer[] = [];
  let size = 0;
  let next = await chunks.next();
  while (!next.done) {
    head.push(next.value);
    size += next.value.length;
    if (next.value.includes(0x0a) || size >= HEAD_BYTES) break;
    next = await chunks.next();
  }
  const start = Buffer.concat(head);
  const firstLine =
    start
      .toString('latin1')
      .replace(/^\u00ef\u00bb\u00bf/, '')
      .split(/\r?\n/, 1)[0] ?? '';
  const rest = async function* (): AsyncGenerator<Buffer> {
    if (start.length > 0) yield start;
    if (next.done) return;
    for await (const chunk of chunks) yield chunk;
  };
  return { delimiter: detectDelimiter(firstLine), head: start, stream: Readable.from(rest()) };
}

/** A parsed cell as text: as it is for UTF-8; a Latin-1 reading of Windows-1252 bytes mapped to what they mean there (€, „, …). */
function cellDecoder(encoding: CsvEncoding): (cell: string) => string {
  if (encoding !== 'windows-1252') return (cell) => cell;
  const decoder = new TextDecoder('windows-1252');
  return (cell) => (/[\u0080-\u009f]/.test(cell) ? decoder.decode(Buffer.from(cell, 'latin1')) : cell);
}
