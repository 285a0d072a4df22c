import * as z from '#shared/zod';
import type { Address } from './address';
import { text } from './common-schemas';
import type { Company } from './company';
import type { Contact } from './contact';

/**
 * Postal addresses (API.md, "Contact data"): validation of German and international formats, reading
 * the one address of a contact (also from the flat `postalCode`/`city`/`country` of contacts stored
 * before addresses existed), and the lines a print shop puts on an envelope.
 */

/** Postal code formats by country; other countries get a loose pattern (letters, digits, space, dash). */
const POSTAL_CODES: Record<string, { pattern: RegExp; message: string }> = {
  DE: { pattern: /^\d{5}$/, message: 'must be 5 digits for DE' },
  AT: { pattern: /^\d{4}$/, message: 'must be 4 digits for AT' },
  CH: { pattern: /^\d{4}$/, message: 'must be 4 digits for CH' },
};
const LOOSE_POSTAL_CODE = /^[A-Za-z0-9][A-Za-z0-9 -]{1,11}$/;

/** Why a postal code does not fit its country, or undefined when it does. */
export function postalCodeProblem(postalCode: string, country: string): string | undefined {
  const rule = POSTAL_CODES[country];
  if (rule) return rule.pattern.test(postalCode) ? undefined : rule.message;
  return LOOSE_POSTAL_CODE.test(postalCode) ? undefined : 'must be a postal code (2-12 letters, digits, spaces or dashes)';
}

/**
 * A postal address; `country` is ISO 3166-1 alpha-2 (upper-cased), the postal code checked for it.
 *
 * @example { "street": "Hauptstraße 5", "postalCode": "30159", "city": "Hannover", "country": "DE" }
 */
export const addressSchema = z
  .strictObject({
    street: text(200).pipe(z.string().min(1, 'must not be empty')),
    addressLine2: text(200).optional(),
    postalCode: text(12),
    city: text(100).pipe(z.string().min(1, 'must not be empty')),
    country: z
      .string()
      .trim()
      .transform((value) => value.toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as DE')),
  })
  .superRefine((address, context) => {
    const problem = postalCodeProblem(address.postalCode, address.country);
    if (problem) context.addIssue({ code: 'custom', path: ['postalCode'], message: problem });
  })
  .transform((address): Address => {
    const { addressLine2, ...rest } = address;
    return addressLine2 ? { ...rest, addressLine2 } : rest;
  });

/** Country names as people type them into forms and imports, to their alpha-2 code. */
const COUNTRY_NAMES: Record<string, string> = {
  deutschland: 'DE',
  germany: 'DE',
  österreich: 'AT',
  oesterreich: 'AT',
  austria: 'AT',
  schweiz: 'CH',
  switzerland: 'CH',
  suisse: 'CH',
  frankreich: 'FR',
  france: 'FR',
  niederlande: 'NL',
  netherlands: 'NL',
  italien: 'IT',
  italy: 'IT',
  spanien: 'ES',
  spain: 'ES',
  polen: 'PL',
  poland: 'PL',
  'vereinigtes königreich': 'GB',
  'united kingdom': 'GB',
  usa: 'US',
  'united states': 'US',
};

/** A country as typed ("Deutschland", "de", "Austria") as its alpha-2 code; the input upper-cased when unknown. */
export function countryCode(value: string): string {
  const folded = value.trim().toLowerCase();
  return COUNTRY_NAMES[folded] ?? folded.toUpperCase();
}

/** The parts of an address that may be partly known (a form asked for the city only). */
export type PartialAddress = Partial<Address>;

/**
 * The contact's own address: `address`, else what a contact stored before addresses existed holds in
 * its flat `postalCode`, `city`, `country` (street unknown). Undefined when none is known.
 */
export function addressOf(contact: Pick<Contact, 'address' | 'postalCode' | 'city' | 'country'>): PartialAddress | undefined {
  if (contact.address) return contact.address;
  const flat: PartialAddress = {
    ...(contact.postalCode ? { postalCode: contact.postalCode } : {}),
    ...(contact.city ? { city: contact.city } : {}),
    ...(contact.country ? { country: countryCode(contact.country) } : {}),
  };
  return Object.keys(flat).length > 0 ? flat : undefined;
}

/** Whether an address has everything a letter needs: street, postal code, city, country. */
export function isCompleteAddress(address: PartialAddress | undefined): address is Address {
  return Boolean(address?.street && address.postalCode && address.city && address.country);
}

/**
 * Where business post to the person goes: their own complete address, else their company's. Says
 * whose it is, or undefined when neither is complete.
 */
export function postalAddressOf(
  contact: Pick<Contact, 'address' | 'postalCode' | 'city' | 'country'>,
  company: Pick<Company, 'address'> | undefined,
): { address: Address; from: 'contact' | 'company' } | undefined {
  const own = addressOf(contact);
  if (isCompleteAddress(own)) return { address: own, from: 'contact' };
  if (isCompleteAddress(company?.address)) return { address: company.address, from: 'company' };
  return undefined;
}

/** The lines of an address as it is written on an envelope, postal code before the city (DIN 5008). */
export function addressLines(address: Address): string[] {
  return [address.street, ...(address.addressLine2 ? [address.addressLine2] : []), `${address.postalCode} ${address.city}`, address.country];
}

/**
 * An address from capture fields (a form's or an import's postalCode, city, country and street):
 * merged onto what the contact had, so a form asking only for the city keeps the street.
 */
export function mergeAddressParts(previous: PartialAddress | undefined, parts: PartialAddress): PartialAddress {
  const next: PartialAddress = { ...previous };
  for (const [field, value] of Object.entries(parts) as Array<[keyof Address, string | undefined]>) {
    if (value) next[field] = field === 'country' ? countryCode(value) : value;
  }
  return next;
}
