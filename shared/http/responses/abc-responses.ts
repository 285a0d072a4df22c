import type { AbcStatus } from '#shared/domain/abc-run';
import * as z from '#shared/zod';
import { currencyCode, isoTime, minorUnits, tally } from './common-responses';

const classTotals = z.object({ accounts: tally, revenueMinor: minorUnits });
const month = z.string().regex(/^\d{4}-\d{2}$/);

/**
 * The ABC classification: the last finished run's accounts and revenue per class, per currency (each
 * currency classified on its own), and whether a run is under way.
 *
 * @example { "status": "done", "runId": "r-1", "computedAt": "2026-12-01T03:00:12.000Z", "thresholds": { "a": 0.8, "b": 0.95 },
 *   "period": { "from": "2025-12", "to": "2026-11" }, "currencies": [{ "currency": "EUR", "classes": {
 *   "A": { "accounts": 12, "revenueMinor": 8000000 }, "B": { "accounts": 30, "revenueMinor": 1500000 },
 *   "C": { "accounts": 200, "revenueMinor": 500000 } } }], "none": { "accounts": 5400 } }
 */
export const abcStatusResponse = z.object({
  status: z.enum(['never', 'running', 'done', 'failed']),
  runId: z.string().optional(),
  startedAt: isoTime.optional(),
  computedAt: isoTime.optional(),
  thresholds: z.object({ a: z.number(), b: z.number() }),
  period: z.object({ from: month, to: month }).optional(),
  currencies: z.array(z.object({ currency: currencyCode, classes: z.object({ A: classTotals, B: classTotals, C: classTotals }) })),
  none: z.object({ accounts: tally }),
  contacts: tally.optional(),
  written: z.object({ contacts: tally, companies: tally }).optional(),
  durationMs: tally.optional(),
  /** The run under way (`running`) or the one that failed (`failed`). */
  attempt: z.object({ runId: z.string(), startedAt: isoTime }).optional(),
}) satisfies z.ZodType<AbcStatus>;

/** A run asked for (202); `runId` shows in `GET /v1/abc` once it has finished. @example { "runId": "r-1" } */
export const abcRecomputeResponse = z.object({ runId: z.string() });
