import { NotFoundError, PreviewTooSlowError } from '#shared/domain/errors';
import { simulateWay, inTriggerAudience } from '#shared/domain/journey-simulation';
import { ALL_FACT_ATTRIBUTES, compileRule } from '#shared/domain/segment-rule';
import * as z from '#shared/zod';
import { factsShares } from './facts-shares';
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
  const scan = factsShares(
    ports.segments,
    { attributes: ALL_FACT_ATTRIBUTES, workers: options.workers, budgetMs: options.budgetMs },
    () => ({ entering: 0, reached: new Map<string, number>(), mails: new Array<number>(input.days).fill(0) }),
    (tally, page) => {
      for (const facts of page) {
        if (!inTriggerAudience(definition.trigger, facts, now, input.days) || (entryRule && !entryRule(facts))) continue;
        tally.entering += 1;
        const way = simulateWay(definition, journey.id, facts, now, input.days);
        for (const stepId of way.reached) tally.reached.set(stepId, (tally.reached.get(stepId) ?? 0) + 1);
        for (const day of way.mailDays) tally.mails[day] = (tally.mails[day] ?? 0) + 1;
      }
    },
  );
  await scan.read(scan.shares);
  const { finished } = scan;
  if (finished.length === 0) throw new PreviewTooSlowError(options.budgetMs);
  const scanned = finished.length / scan.total;
  const scale = (count: number) => Math.round(count / scanned);
  const sum = (of: (tally: (typeof finished)[number]) => number) => scale(finished.reduce((total, tally) => total + of(tally), 0));
  const quota = await ports.quota?.perDay();
  return {
    entering: sum((tally) => tally.entering),
    scanned,
    exact: finished.length === scan.total,
    steps: Object.fromEntries(definition.steps.map((step) => [step.id, { reached: sum((tally) => tally.reached.get(step.id) ?? 0) }])),
    mailsPerDay: Array.from({ length: input.days }, (_, day) => ({ day, mails: sum((tally) => tally.mails[day] ?? 0) })),
    ...(quota !== undefined ? { sendQuotaPerDay: quota } : {}),
  };
}
