import type { Address } from './address';

/**
 * A print mailing's address list (API.md, "Contact data"): the rows a print shop needs, and the counts
 * the console shows. Salutation-free: the name as the person gave it.
 */
export interface PrintRow {
  name: string;
  company: string;
  street: string;
  addressLine2: string;
  postalCode: string;
  city: string;
  country: string;
}

/** The CSV's columns, in order (the header row names them so). */
export const PRINT_COLUMNS = ['name', 'company', 'street', 'addressLine2', 'postalCode', 'city', 'country'] as const satisfies ReadonlyArray<keyof PrintRow>;

/**
 * The delimiter: a semicolon, as German Excel opens without an import dialogue (the list goes to
 * print shops that work in Excel); UTF-8 with a byte-order mark, so umlauts survive.
 */
export const PRINT_CSV_DELIMITER = ';';

/** The response header carrying the counts as JSON: `{ exported, excluded: { postBlocked, noAddress } }`. */
export const PRINT_COUNTS_HEADER = 'x-export-counts';

export interface PrintExportCounts {
  exported: number;
  excluded: { postBlocked: number; noAddress: number };
}

/** The stable id of the export of a segment for a campaign: exporting again reaches nobody twice. */
export const printExportId = (campaignId: string, segmentId: string) => `${campaignId}#${segmentId}`;

/** The row of one person: their name, their company's name, the address the letter goes to. */
export function printRow(person: { firstName?: string; lastName?: string; company?: string }, companyName: string | undefined, address: Address): PrintRow {
  return {
    name: [person.firstName, person.lastName].filter((part) => part && part.trim() !== '').join(' '),
    company: companyName ?? person.company ?? '',
    street: address.street,
    addressLine2: address.addressLine2 ?? '',
    postalCode: address.postalCode,
    city: address.city,
    country: address.country,
  };
}
