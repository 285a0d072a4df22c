import * as z from '#shared/zod';
import { currency, isoDateTime, requiredText } from './common-schemas';
import type { Contact } from './contact';
import { ConflictError } from './errors';

/**
 * An order from the ERP (`POST /v1/orders` or the `order.placed` event). Idempotent on `orderId`.
 *
 * @example { "orderId": "SO-2026-0042", "email": "anna@example.de", "amountMinor": 129900,
 *            "currency": "EUR", "orderedAt": "2026-03-10T09:30:00Z" }
 */
export const orderSchema = z
  .strictObject({
    orderId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[\x21-\x7e]+$/, 'must be visible ASCII without spaces'),
    contactId: z.string().min(1).max(100).optional(),
    email: z
      .string()
      .trim()
      .max(254)
      .pipe(z.email({ pattern: z.regexes.unicodeEmail, message: 'must be an email address' }))
      .optional(),
    amountMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    currency,
    orderedAt: isoDateTime,
    items: z
      .array(
        z.strictObject({
          sku: requiredText(100),
          name: requiredText(300).optional(),
          quantity: z.number().int().min(1).max(1_000_000),
          amountMinor: z.number().int().min(0),
        }),
      )
      .max(500)
      .optional(),
  })
  .refine((order) => order.contactId || order.email, { message: 'contactId or email is required', path: ['contactId'] });
export type OrderInput = z.infer<typeof orderSchema>;

export interface Order extends Omit<OrderInput, 'email'> {
  contactId: string;
  receivedAt: string;
}

export type OrderFacts = Contact['orders'];

/** `2026-03` for an ISO time: the month an order's amount is totalled under. */
export function orderMonth(orderedAt: string): string {
  return new Date(orderedAt).toISOString().slice(0, 7);
}

/**
 * A contact's order facts with one more order: count, total, first and last order time, and totals
 * per month (what "highest order value last quarter" reads). Order of arrival does not matter: first
 * and last are the minimum and maximum of `orderedAt`. A contact's totals are in one currency; an order
 * in another is refused rather than added up wrongly.
 */
export function applyOrder(facts: OrderFacts, order: Pick<Order, 'amountMinor' | 'currency' | 'orderedAt'>): OrderFacts {
  if (facts.currency && facts.currency !== order.currency) {
    throw new ConflictError(`This contact's orders are in ${facts.currency}; an order in ${order.currency} cannot be added to its totals`);
  }
  const at = new Date(order.orderedAt).toISOString();
  const month = orderMonth(at);
  return {
    count: facts.count + 1,
    totalMinor: facts.totalMinor + order.amountMinor,
    currency: order.currency,
    firstAt: facts.firstAt && facts.firstAt <= at ? facts.firstAt : at,
    lastAt: facts.lastAt && facts.lastAt >= at ? facts.lastAt : at,
    byMonth: { ...facts.byMonth, [month]: (facts.byMonth?.[month] ?? 0) + order.amountMinor },
  };
}
