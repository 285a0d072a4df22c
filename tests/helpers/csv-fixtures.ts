/** CSV files as badge scanners and exhibitor portals write them, built in code. */
export const csv = {
  /** German Excel: semicolons, CRLF, Windows-1252 umlauts. */
  germanExcel(rows: Array<Record<string, string>>): Buffer {
    const header = 'E-Mail;Vorname;Nachname;Firma;Telefon;Position;PLZ;Ort;Land';
    const lines = rows.map((row) =>
      ['email', 'firstName', 'lastName', 'company', 'phone', 'jobTitle', 'postalCode', 'city', 'country'].map((field) => row[field] ?? '').join(';'),
    );
    return Buffer.from(new Uint8Array([...[header, ...lines].join('\r\n')].map((ch) => WINDOWS_1252[ch] ?? ch.charCodeAt(0))));
  },
  /** UTF-8 with BOM, commas, quoted fields holding separators and line breaks. */
  utf8WithBom(lines: string[]): Buffer {
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\n'), 'utf8')]);
  },
  /** A large plain file of distinct people. */
  large(rows: number, prefix: string): Buffer {
    const lines = ['Email,First name,Last name,Company'];
    for (let index = 0; index < rows; index += 1) lines.push(`${prefix}-${index}@fair.example,Vor${index},Nach${index},Firma ${index % 50}`);
    return Buffer.from(lines.join('\n'), 'utf8');
  },
};

const WINDOWS_1252: Record<string, number> = { ä: 0xe4, ö: 0xf6, ü: 0xfc, Ä: 0xc4, Ö: 0xd6, Ü: 0xdc, ß: 0xdf, é: 0xe9, '€': 0x80 };
