import type { Role } from '#shared/domain/user';
import * as z from '#shared/zod';

/**
 * Analysts see contacts masked (issue 17): a contact's email, phone, postal address and the IP
 * addresses of their consent and channel proofs. The response schemas mark these fields with the
 * masked schemas below; response shaping (./response-shaping.ts) parses every JSON answer by its
 * schema inside {@link shapedMasked} when the caller's roles ask for masking, so no handler masks
 * by itself and a new route that reuses the contact schemas masks too.
 *
 * Masked, the fields keep their type (the schema still holds): an email keeps its first character and
 * its domain (`a•••@example.de`: a company domain is what an analysis groups by), a phone its last two
 * digits (`•••89`), an address its city and country (a regional analysis) but not its street, second
 * line or postal code (`•••`), an IP address nothing (`•••`).
 */

export const MASK = '•••';

let masking = false;

/** Whether the caller sees contacts masked: an analyst with no other role (sales, marketers and admins see them). */
export function seesContactsMasked(roles: readonly Role[]): boolean {
  return roles.includes('analyst') && roles.every((role) => role === 'analyst');
}

/** Runs a synchronous parse with the masked fields masked (or not): the flag holds only while `parse` runs. */
export function shapedMasked<T>(mask: boolean, parse: () => T): T {
  const before = masking;
  masking = mask;
  try {
    return parse();
  } finally {
    masking = before;
  }
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return MASK;
  return `${email.slice(0, 1)}${MASK}${email.slice(at)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length > 4 ? `${MASK}${digits.slice(-2)}` : MASK;
}

/** A contact's email address, masked for analysts. */
export const maskedEmail = z.string().overwrite((value) => (masking ? maskEmail(value) : value));
/** A contact's phone number, masked for analysts. */
export const maskedPhone = z.string().overwrite((value) => (masking ? maskPhone(value) : value));
/** A street, address line or postal code, masked for analysts. */
export const maskedAddressPart = z.string().overwrite((value) => (masking ? MASK : value));
/** The IP address a contact's consent or channel change came from, masked for analysts. */
export const maskedIp = z.string().overwrite((value) => (masking ? MASK : value));
