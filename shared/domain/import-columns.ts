import { type FieldIssue, ValidationError } from './errors';
import type { Channel } from './channel';
import type { ProfileField } from './contact';
import type { CustomFieldDefinition } from './custom-field';

/**
 * Every field a CSV column can be mapped to, in the order the console offers them: the address, the
 * profile fields the importer stores, and `date` (when the lead was collected). A column map may also
 * say {@link IGNORE_COLUMN}. Later fields (`fields.<key>`, channel columns) join this list.
 */
export const IMPORT_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'company',
  'jobTitle',
  'phone',
  'street',
  'postalCode',
  'city',
  'country',
  'channel.email',
  'channel.post',
  'channel.phone',
  'date',
] as const satisfies ReadonlyArray<'email' | 'date' | 'street' | `channel.${Channel}` | Exclude<ProfileField, 'locale'>>;

export type ImportField = (typeof IMPORT_FIELDS)[number];

/** A custom field of contacts a column is read into (`fields.branche`), in the field's type. */
export type CustomImportField = `fields.${string}`;
/** What a column is read into: a built-in field or a custom field of contacts. */
export type ImportTarget = ImportField | CustomImportField;
/** The prefix of custom field targets (as shared/domain/custom-field.ts; kept here so the console bundles no schemas). */
const CUSTOM_FIELD_PREFIX = 'fields.';
/** `fields.<key>` with a key a custom field may have. */
export const CUSTOM_IMPORT_FIELD = /^fields\.[a-z][a-z0-9_-]{0,39}$/;
export const isCustomImportField = (target: string): target is CustomImportField => CUSTOM_IMPORT_FIELD.test(target);

/** The column-map value that drops a column the importer would otherwise read. */
export const IGNORE_COLUMN = 'ignore';

/** A column map as the query's `map` holds it: header → field, `fields.<key>` or `ignore`. */
export type ColumnMap = Record<string, ImportTarget | typeof IGNORE_COLUMN>;

/** What the importer needs of a custom field definition: its key and labels (matched to headers), and whom it applies to. */
export type ImportableField = Pick<CustomFieldDefinition, 'key' | 'label' | 'appliesTo'>;

/** Header spellings seen in badge-scanner and exhibitor-portal exports, English and German, compared folded. */
const ALIASES: Record<ImportField, string[]> = {
  email: ['email', 'e-mail', 'emailaddress', 'e-mail-adresse', 'emailadresse', 'mail', 'mailadresse'],
  firstName: ['firstname', 'first name', 'vorname', 'givenname', 'given name'],
  lastName: ['lastname', 'last name', 'nachname', 'surname', 'familienname', 'name'],
  company: ['company', 'firma', 'unternehmen', 'organisation', 'organization', 'firmenname', 'company name'],
  jobTitle: ['jobtitle', 'job title', 'position', 'funktion', 'title', 'role'],
  phone: ['phone', 'telefon', 'tel', 'telephone', 'telefonnummer', 'mobile', 'mobil', 'phone number'],
  street: ['straße', 'strasse', 'str', 'street', 'address', 'adresse', 'anschrift', 'straße und hausnummer', 'address line 1', 'address1'],
  'channel.email': ['e-mail-werbung', 'emailwerbung', 'werbung per e-mail', 'werbung per mail', 'email marketing', 'e-mail marketing', 'email opt-in'],
  'channel.post': ['werbung per post', 'postwerbung', 'briefwerbung', 'direct mail', 'postal marketing', 'post marketing', 'mail marketing'],
  'channel.phone': ['telefonwerbung', 'werbung per telefon', 'telefonmarketing', 'phone marketing', 'telemarketing', 'phone opt-in'],
  postalCode: ['plz', 'postalcode', 'postal code', 'zip', 'zipcode', 'postleitzahl', 'postcode'],
  city: ['ort', 'city', 'stadt', 'town'],
  country: ['land', 'country'],
  date: ['date', 'datum', 'scanned at', 'scan date', 'erfasst am', 'created'],
};

const fold = (header: string) =>
  header
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .replace(/[^a-z0-9äöüß -]/g, '')
    .trim();
const BY_ALIAS = new Map(Object.entries(ALIASES).flatMap(([field, aliases]) => aliases.map((alias) => [fold(alias), field as ImportField] as const)));

const autoField = (header: string): ImportField | undefined => BY_ALIAS.get(fold(header)) ?? BY_ALIAS.get(fold(header).replace(/[ -]/g, ''));

/** The custom field of contacts whose key or German or English label the header is (compared folded). */
function autoCustomField(header: string, customFields: readonly ImportableField[]): CustomImportField | undefined {
  const folded = fold(header);
  const match = customFields.find(
    (field) => field.appliesTo === 'contact' && [field.key, field.label.de, field.label.en].some((name) => fold(name) === folded),
  );
  return match ? `${CUSTOM_FIELD_PREFIX}${match.key}` : undefined;
}

/** Which field each column holds (undefined for columns the product does not store), and the ignored headers. */
export function mapColumns(headers: string[], customFields: readonly ImportableField[] = []): { fields: Array<ImportTarget | undefined>; ignored: string[] } {
  const { fields, ignored } = resolveColumns(headers, undefined, customFields);
  return { fields, ignored };
}

export interface ResolvedColumns {
  /** The field of each column, by position; undefined for a column nothing is read from. */
  fields: Array<ImportTarget | undefined>;
  /** Each header with the field it was matched to, or null when it is ignored. */
  mapping: Record<string, ImportTarget | null>;
  /** Headers of columns nothing is read from (blank headers left out). */
  ignored: string[];
}

/**
 * The columns' fields: the ones `map` names as it says, the others matched by their header (German and
 * English spellings, or a custom field's key or label). A field mapped explicitly is taken from an
 * auto-matched column; of two columns with the same header only the first is read. Throws a
 * {@link ValidationError} naming `query.map.<header>` for a header the file lacks, a field two headers
 * claim or a `fields.<key>` that is no custom field of contacts, and `query.map` (or `header` without a
 * map) when no column holds the address.
 */
export function resolveColumns(headers: string[], map?: ColumnMap, customFields: readonly ImportableField[] = []): ResolvedColumns {
  const issues: FieldIssue[] = [...unknownCustomFields(map, customFields, 'query.map')];
  const explicit = new Map<ImportTarget, string>();
  for (const [header, target] of Object.entries(map ?? {})) {
    if (!headers.includes(header)) issues.push({ path: `query.map.${header}`, message: `"${header}" is not a column header of the file` });
    else if (target !== IGNORE_COLUMN) {
      const first = explicit.get(target);
      if (first !== undefined) issues.push({ path: `query.map.${header}`, message: `maps to ${target} like "${first}"; a field takes one column` });
      else explicit.set(target, header);
    }
  }
  const used = new Set<ImportTarget>(explicit.keys());
  const seen = new Set<string>();
  const fields = headers.map((header): ImportTarget | undefined => {
    if (seen.has(header)) return undefined;
    seen.add(header);
    const target = map && Object.hasOwn(map, header) ? map[header] : undefined;
    if (target !== undefined) return target === IGNORE_COLUMN ? undefined : target;
    const field = autoField(header) ?? autoCustomField(header, customFields);
    if (!field || used.has(field)) return undefined;
    used.add(field);
    return field;
  });
  if (issues.length === 0 && !fields.includes('email')) {
    issues.push(
      map ? { path: 'query.map', message: 'no column is mapped to email' } : { path: 'header', message: 'needs an email column (Email, E-Mail, Mail)' },
    );
  }
  if (issues.length > 0) throw new ValidationError(map ? 'The column map does not fit the file' : 'The file has no email column', issues);
  const mapping = new Map<string, ImportTarget | null>();
  headers.forEach((header, index) => {
    if (!mapping.has(header)) mapping.set(header, fields[index] ?? null);
  });
  return { fields, mapping: Object.fromEntries(mapping), ignored: headers.filter((header, index) => fields[index] === undefined && header.trim() !== '') };
}

/**
 * The map's `fields.<key>` targets that are no custom field of contacts, each naming `<root>.<header>`
 * (checked before any file is read: an upload's map when the upload is requested).
 */
export function unknownCustomFields(map: ColumnMap | undefined, customFields: readonly ImportableField[], root: string): FieldIssue[] {
  const known = customFields.filter((field) => field.appliesTo === 'contact').map((field) => field.key);
  return Object.entries(map ?? {}).flatMap(([header, target]) =>
    isCustomImportField(target) && !known.includes(target.slice(CUSTOM_FIELD_PREFIX.length))
      ? [{ path: `${root}.${header}`, message: `${target} is not a custom field of contacts (known: ${known.join(', ') || 'none'})` }]
      : [],
  );
}

export type CsvDelimiter = ',' | ';' | '\t';

/** The delimiter of a CSV file from its header line: semicolon (German Excel), tab, or comma. */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const count = (ch: string) => headerLine.split(ch).length - 1;
  const [best] = ([';', '\t', ','] as const).map((ch) => ({ ch, n: count(ch) })).sort((a, b) => b.n - a.n);
  return best && best.n > 0 ? best.ch : ',';
}

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The file's text (without a byte-order mark): UTF-8 (with or without BOM) when it is valid UTF-8,
 * else Windows-1252, the encoding German Excel writes. Decoded by the WHATWG TextDecoder built into Node.
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: UTF8_BOM.every((byte, index) => bytes[index] === byte) ? 'utf-8-bom' : 'utf-8' };
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** `2026-04-21`, `2026-04-21T10:00:00Z` or German `21.04.2026` → ISO time; undefined when unreadable. */
export function parseImportDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(value.trim());
  const iso = german
    ? `${german[3]}-${german[2]?.padStart(2, '0')}-${german[1]?.padStart(2, '0')}T${(german[4] ?? '12').padStart(2, '0')}:${german[5] ?? '00'}:00Z`
    : value.trim();
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
