import type { ProfileField } from './contact';

export type ImportField = 'email' | 'date' | Exclude<ProfileField, 'locale'>;

/** Header spellings seen in badge-scanner and exhibitor-portal exports, English and German, compared folded. */
const ALIASES: Record<ImportField, string[]> = {
  email: ['email', 'e-mail', 'emailaddress', 'e-mail-adresse', 'emailadresse', 'mail', 'mailadresse'],
  firstName: ['firstname', 'first name', 'vorname', 'givenname', 'given name'],
  lastName: ['lastname', 'last name', 'nachname', 'surname', 'familienname', 'name'],
  company: ['company', 'firma', 'unternehmen', 'organisation', 'organization', 'firmenname', 'company name'],
  jobTitle: ['jobtitle', 'job title', 'position', 'funktion', 'title', 'role'],
  phone: ['phone', 'telefon', 'tel', 'telephone', 'telefonnummer', 'mobile', 'mobil', 'phone number'],
  postalCode: ['plz', 'postalcode', 'postal code', 'zip', 'zipcode', 'postleitzahl', 'postcode'],
  city: ['ort', 'city', 'stadt', 'town'],
  country: ['land', 'country'],
  date: ['date', 'datum', 'scanned at', 'scan date', 'erfasst am', 'created'],
};

const fold = (header: string) => header.normalize('NFC').toLowerCase().replace(/[\s_]+/g, ' ').replace(/[^a-z0-9äöüß -]/g, '').trim();
const BY_ALIAS = new Map(Object.entries(ALIASES).flatMap(([field, aliases]) => aliases.map((alias) => [fold(alias), field as ImportField] as const)));

/** Which field each column holds (undefined for columns the product does not store), and the ignored headers. */
export function mapColumns(headers: string[]): { fields: Array<ImportField | undefined>; ignored: string[] } {
  const used = new Set<ImportField>();
  const fields = headers.map((header) => {
    const field = BY_ALIAS.get(fold(header)) ?? BY_ALIAS.get(fold(header).replace(/[ -]/g, ''));
    if (!field || used.has(field)) return undefined;
    used.add(field);
    return field;
  });
  return { fields, ignored: headers.filter((header, index) => fields[index] === undefined && header.trim() !== '') };
}

/** The delimiter of a CSV file from its header line: semicolon (German Excel), tab, or comma. */
export function detectDelimiter(headerLine: string): ',' | ';' | '\t' {
  const count = (ch: string) => headerLine.split(ch).length - 1;
  const [best] = ([';', '\t', ','] as const).map((ch) => ({ ch, n: count(ch) })).sort((a, b) => b.n - a.n);
  return best && best.n > 0 ? best.ch : ',';
}

/**
 * The file's text: UTF-8 (with or without BOM) when it is valid UTF-8, else Windows-1252, the
 * encoding German Excel writes. Decoded by the WHATWG TextDecoder built into Node.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** `2026-04-21`, `2026-04-21T10:00:00Z` or German `21.04.2026` → ISO time; undefined when unreadable. */
export function parseImportDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(value.trim());
  const iso = german ? `${german[3]}-${german[2]?.padStart(2, '0')}-${german[1]?.padStart(2, '0')}T${(german[4] ?? '12').padStart(2, '0')}:${german[5] ?? '00'}:00Z` : value.trim();
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
