import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/domain/errors';
import { readImportFile } from '#shared/domain/import-file';
import { importIdOf } from '#shared/domain/import-record';
import { streamImportRows, surveyImportStream } from '#shared/domain/import-stream';
import { csv } from '#tests/helpers/csv-fixtures';

/** The file in pieces of `size` bytes, as a network stream delivers it (cut inside characters and lines). */
async function* pieces(bytes: Buffer, size: number, from = 0): AsyncGenerator<Uint8Array> {
  for (let start = from; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const found: T[] = [];
  for await (const item of items) found.push(item);
  return found;
}

const files: Record<string, Buffer> = {
  'German Excel (Windows-1252, semicolons, CRLF)': csv.germanExcel([
    { email: 'weiss@example.de', firstName: 'Jürgen', lastName: 'Weiß', company: 'Müller & Söhne GmbH', city: 'Köln' },
    { email: 'euro@example.de', firstName: 'Zoë', company: 'Preis 5 €' },
    { email: 'kaputt', firstName: 'Ä' },
  ]),
  'UTF-8 with BOM, quoted separators and line breaks, empty lines and empty records': csv.utf8WithBom([
    'Email,First name,Last name,Company',
    'anna@example.de,Anna,"Alt, Älter","ACME ""Deutschland"""',
    '',
    ',,,',
    'bert@example.de,Bert,"Zeile',
    'Umbruch",Voilà',
    '  cleo@example.de  ,  Cleo  ,Š,=HYPERLINK("x")',
  ]),
  'tabs without a final line break': Buffer.from('E-Mail\tVorname\nanna@example.de\tAnna\nbert@example.de\tBert', 'utf8'),
};

describe('reading an uploaded file as a stream', () => {
  for (const [name, bytes] of Object.entries(files)) {
    it(`finds in ${name} what the whole-file reader finds, and the same file id`, async () => {
      const whole = await readImportFile(bytes);
      const survey = await surveyImportStream(pieces(bytes, 7), { topics: [] });
      expect(survey.detected).toEqual(whole.detected);
      expect(survey.rows).toBe(whole.rows);
      expect(survey.fileId).toBe(importIdOf(bytes, { topics: [] }));
      const streamed = await all(streamImportRows(pieces(bytes, 5), survey, undefined, { row: 1, byte: 0 }));
      expect(streamed.map(({ row, values }) => ({ row, values }))).toEqual(await all(whole.records()));
    });

    it(`continues ${name} from after any row with exactly the rows that follow`, async () => {
      const survey = await surveyImportStream(pieces(bytes, 64), { topics: [] });
      const streamed = await all(streamImportRows(pieces(bytes, 64), survey, undefined, { row: 1, byte: 0 }));
      for (const [index, after] of streamed.entries()) {
        const rest = await all(streamImportRows(pieces(bytes, 3, after.nextByte), survey, undefined, { row: after.row, byte: after.nextByte }));
        expect(rest).toEqual(streamed.slice(index + 1));
      }
    });
  }

  it('applies a column map as the whole-file reader does', async () => {
    const bytes = Buffer.from('Mail;Notiz;Vorname\nanna@example.de;hallo;Anna\n');
    const map = { Mail: 'email', Notiz: 'ignore' } as const;
    const survey = await surveyImportStream(pieces(bytes, 4), { topics: [], map });
    expect(survey.detected).toEqual((await readImportFile(bytes, map)).detected);
    expect(survey.fileId).toBe(importIdOf(bytes, { topics: [], map }));
    expect((await all(streamImportRows(pieces(bytes, 4), survey, map, { row: 1, byte: 0 })))[0]?.values).toEqual({
      email: 'anna@example.de',
      firstName: 'Anna',
    });
  });

  it.each([
    ['an unclosed quote', 'E-Mail;Name\nanna@example.de;"Anna\nbert@example.de;Bert\n', 'body'],
    ['no email column', 'Name;Firma\nAnna;ACME\n', 'header'],
    ['nothing at all', '', 'body'],
  ])('refuses a file with %s before any row, naming %s', async (_what, text, path) => {
    const error = await surveyImportStream(pieces(Buffer.from(text), 8), { topics: [] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe(path);
  });
});
