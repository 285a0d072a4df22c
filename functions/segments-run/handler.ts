import type { EventBridgeEvent } from 'aws-lambda';
import { segmentsConfig } from '#shared/config';
import { newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { eventCatalog } from '#shared/events/catalog';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { runSegments } from '#shared/use-cases/run-segments';

const { segments } = repositoriesFor(tableRef());
const config = segmentsConfig();

/** Time kept back from Lambda's limit to give the leases back and report. */
const SAFETY_MS = 30_000;

/**
 * The segment runner. The schedule (an EventBridge rule from the manifest; the local scheduler with the
 * same expression) evaluates every due segment; `segments.evaluation.requested` on the bus evaluates the
 * listed ones now. A run about to hit the Lambda time limit stops between pages: its leases expire and
 * the next run finishes the rest (each contact's change is atomic).
 */
export const handler = observedHandler(async (event: EventBridgeEvent<string, unknown>, context?: { getRemainingTimeInMillis?: () => number }) => {
  const requested = eventCatalog.segmentsEvaluationRequested;
  const request = event['detail-type'] === requested.detailType ? pickRequest(requested.parse(event.detail)) : {};
  const remaining = context?.getRemainingTimeInMillis?.();
  const signal = remaining && remaining > SAFETY_MS ? AbortSignal.timeout(remaining - SAFETY_MS) : undefined;
  const report = await runSegments({ segments, clock: systemClock, newId }, request, {
    workers: config.SEGMENT_SCAN_WORKERS,
    leaseMs: config.SEGMENT_LEASE_SECONDS * 1000,
    ...(signal ? { signal } : {}),
  });
  logger.info('segment run finished', {
    runId: report.runId,
    evaluated: report.evaluated,
    durationMs: report.durationMs,
    segments: report.segments,
    skipped: report.skipped,
  });
  return report;
});

const pickRequest = ({ runId, segmentIds }: { runId: string; segmentIds: string[] }) => ({ runId, segmentIds });
