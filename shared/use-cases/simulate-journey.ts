import { NotFoundError, PreviewTooSlowError } from '#shared/domain/errors';
import { simulateWay, inTriggerAudience } from '#shared/domain/journey-simulation';
import { ALL_FACT_ATTRIBUTES, compileRule } from '#shared/domain/segment-rule';
import * as z from '#shared/zod';
import type { JourneyStore } from './manage-journeys';
import type { Clock } from './ports';
import type { SegmentCatalog } from './segment-ports';

/** `POST /v1/journeys/{id}/simulate`: the forecast's horizon in days. */
export const simulateJourneySchema = z.strictObject({ days: z.number().int().min(1).max(90).default(30) });

export interface JourneySimulation {
  entering: number;
  /** The share of contacts read (1 unless the time budget cut the scan short; then figures are scaled). */
  scanned: number;
  exact: boolean;
  steps: Record<string, { reached: number }>;
  mailsPerDay: Array<{ day: number; mails: number }>;
  /** The account's sending quota per day (SES GetAccount), to set the busiest day against. */
  sendQuotaPerDay?: number;
}

export interface SimulatePorts {
  journeys: Pick<JourneyStore, 'get'>;
  segments: Pick<SegmentCatalog, 'scanFacts'>;
  quota?: { perDay(): Promise<number | undefined> };
  clock: Clock;
}

const SHARES_PER_WORKER = 16;

/**
 * Forecasts the newest version of a journey over today's contacts, sending and writing nothing: who would
 * enter (the trigger's audience today, meeting the entry rule), how many reach each step, and how many
 * mails go out on each day of the horizon. One parallel scan of the `facts` index; a scan still running
 * when the budget ends answers the shares it finished, scaled (`exact: false`).
 */
export async function simulateJourney(
  ports: SimulatePorts,
  id: string,
  input: { days: number },
  options: { workers: number; budgetMs: number },
): Promise<JourneySimulation> {
  const journey = await ports.journeys.get(id);
  if (!journey) throw new NotFoundError('Journey', id);
  const { definition } = journey;
  const now = ports.clock.now();
  const entryRule = definition.entry?.rule ? compileRule(definition.entry.rule, now) : undefined;
  const totalShares = options.workers * SHARES_PER_WORKER;
  const deadline = AbortSignal.timeout(options.budgetMs);
  const reached = new Map<string, number>();
  const mails = new Array<number>(input.days).fill(0);
  let entering = 0;
  let finished = 0;
  const readShare = async (share: number) => {
    const local = { entering: 0, reached: new Map<string, number>(), mails: new Array<number>(input.days).fill(0) };
    try {
      await ports.segments.scanFacts({ attributes: ALL_FACT_ATTRIBUTES, segment: share, totalSegments: totalShares, signal: deadline }, async (page) => {
        for (const facts of page) {
          if (!inTriggerAudience(definition.trigger, facts, now, input.days) || (entryRule && !entryRule(facts))) continue;
          local.entering += 1;
          const way = simulateWay(definition, journey.id, facts, now, input.days);
          for (const stepId of way.reached) local.reached.set(stepId, (local.reached.get(stepId) ?? 0) + 1);
          for (const day of way.mailDays) local.mails[day] = (local.mails[day] ?? 0) + 1;
        }
      });
    } catch (error) {
      // A share the budget cut short counts for nothing: the finished ones are the sample.
      if (deadline.aborted) return;
      throw error;
    }
    finished += 1;
    entering += local.entering;
    for (const [stepId, count] of local.reached) reached.set(stepId, (reached.get(stepId) ?? 0) + count);
    local.mails.forEach((count, day) => {
      mails[day] = (mails[day] ?? 0) + count;
    });
  };
  const queue = Array.from({ length: totalShares }, (_, share) => share);
  await Promise.all(
    Array.from({ length: options.workers }, async () => {
      for (let share = queue.shift(); share !== undefined && !deadline.aborted; share = queue.shift()) await readShare(share);
    }),
  );
  if (finished === 0) throw new PreviewTooSlowError(options.budgetMs);
  const scanned = finished / totalShares;
  const scale = (count: number) => (scanned > 0 ? Math.round(count / scanned) : 0);
  const quota = await ports.quota?.perDay();
  return {
    entering: scale(entering),
    scanned,
    exact: finished === totalShares,
    steps: Object.fromEntries(definition.steps.map((step) => [step.id, { reached: scale(reached.get(step.id) ?? 0) }])),
    mailsPerDay: mails.map((count, day) => ({ day, mails: scale(count) })),
    ...(quota !== undefined ? { sendQuotaPerDay: quota } : {}),
  };
}
