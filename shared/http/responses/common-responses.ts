import * as z from '#shared/zod';

/**
 * Building blocks of the response schemas. Every object is a `z.object`, which drops keys it does not
 * list: whatever the store keeps beside an entity (keys, versions, leases) cannot reach a caller.
 */

/** An ISO 8601 time: UTC (`2026-03-10T09:30:00.000Z`) or with the offset it was given. */
export const isoTime = z.iso.datetime({ offset: true });

/** A calendar day, `2026-03-10`. */
export const isoDay = z.iso.date();

/** Money in integer minor units (cents). */
export const minorUnits = z.number().int();

/** A count: a non-negative integer. */
export const tally = z.number().int().min(0);

/** An ISO 4217 code such as `EUR`. */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/);

/**
 * A page of a list (API.md, Conventions): `items` and, unless it is the last page, `nextCursor`.
 *
 * @example { "items": [{ "id": "newsletter" }], "nextCursor": "eyJwayI6..." }
 */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() });
}
