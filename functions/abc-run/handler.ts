import type { EventBridgeEvent } from 'aws-lambda';
import { segmentsConfig } from '#shared/config';
import { newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { eventCatalog } from '#shared/events/catalog';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { recomputeAbc } from '#shared/use-cases/recompute-abc';

const { abc, segments, settings } = repositoriesFor(tableRef());
const config = segmentsConfig();

/** Time kept back from Lambda's limit to record the run as failed. */
const SAFETY_MS = 30_000;
/** Class writes in flight (conditional UpdateItems of ~300 bytes). */
const WRITE_CONCURRENCY = 32;
/** A crashed run's lease runs out after Lambda's limit, so the next run may start. */
const LEASE_MS = 16 * 60_000;

/**
 * The ABC runner. The daily schedule (an EventBridge rule from the manifest; the local scheduler with the
 * same expression) and `abc.recompute.requested` on the bus (`POST /v1/abc/recompute`) run the same
 * classification. A run about to hit the time limit stops and is recorded as failed; each class write is
 * atomic and only changed classes are written, so the next run finishes the rest.
 */
export const handler = observedHandler(async (event: EventBridgeEvent<string, unknown>, context?: { getRemainingTimeInMillis?: () => number }) => {
  const requested = eventCatalog.abcRecomputeRequested;
  const request = event['detail-type'] === requested.detailType ? { runId: requested.parse(event.detail).runId } : {};
  const remaining = context?.getRemainingTimeInMillis?.();
  const signal = remaining && remaining > SAFETY_MS ? AbortSignal.timeout(remaining - SAFETY_MS) : undefined;
  const result = await recomputeAbc({ abc, facts: segments, settings, clock: systemClock, newId }, request, {
    workers: config.SEGMENT_SCAN_WORKERS,
    writeConcurrency: WRITE_CONCURRENCY,
    leaseMs: LEASE_MS,
    ...(signal ? { signal } : {}),
  });
  if (result.skipped) logger.info('abc run skipped: another run holds the lease', { runId: result.runId });
  else logger.info('abc run finished', { runId: result.runId, contacts: result.contacts, written: result.written, durationMs: result.durationMs });
  return result;
});
