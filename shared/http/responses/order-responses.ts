import type { RecordedOrder } from '#shared/use-cases/record-order';
import * as z from '#shared/zod';
import { isoTime } from './common-responses';
import { orderResponse } from './contact-responses';

/**
 * The answer to `POST /v1/orders`: 201 with the order, or 200 with `duplicate: true` when the order id
 * was recorded before (then `receivedAt` is absent, and `contactId` too if the person was erased).
 *
 * @example { "orderId": "SO-2026-0042", "contactId": "3f0c…", "amountMinor": 129900, "currency": "EUR",
 *            "orderedAt": "2026-03-10T09:30:00.000Z", "receivedAt": "2026-03-10T09:30:01.000Z", "duplicate": false }
 */
export const recordedOrderResponse = orderResponse.extend({
  contactId: z.string().optional(),
  receivedAt: isoTime.optional(),
  duplicate: z.boolean(),
}) satisfies z.ZodType<RecordedOrder & { duplicate: boolean }>;
