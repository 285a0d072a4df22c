import type { JourneyDefinition } from './journey-lifecycle';

export interface JourneyStepStats {
  reached: number;
  /** Participants at this step now (waiting for its time, its window or the frequency cap). */
  waiting: number;
  sent?: number;
  skipped?: number;
  failed?: number;
  capped?: number;
  opened?: number;
  clicked?: number;
  yes?: number;
  no?: number;
  /** People per split path, in the order of the step's paths. */
  paths?: number[];
}

export interface JourneyStats {
  entered: number;
  active: number;
  completed: number;
  exited: number;
  /** Left by reaching the goal, by unsubscribing, because the journey was archived, by erasure. */
  exitedBy: { goal: number; unsubscribed: number; archived: number; erased: number };
  converted: number;
  /** Converted ÷ entered, outside the holdout; the holdout's own rate beside it, and the difference (lift). */
  conversionRate: number;
  holdout: { entered: number; converted: number; conversionRate: number };
  /** Conversion rate minus the holdout's, in percentage points (undefined without a holdout). */
  lift?: number;
  steps: Record<string, JourneyStepStats>;
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0);

/** The journey's figures from its flat counters (`step.welcome.sent`), for the steps of `definition`. */
export function journeyStats(counters: Readonly<Record<string, number>>, definition: Pick<JourneyDefinition, 'steps'>): JourneyStats {
  const count = (name: string) => Math.max(0, counters[name] ?? 0);
  const entered = count('entered');
  const holdoutEntered = count('holdout.entered');
  const converted = count('converted');
  const holdoutConverted = count('holdout.converted');
  const conversionRate = rate(converted, entered - holdoutEntered);
  const holdoutRate = rate(holdoutConverted, holdoutEntered);
  const steps: Record<string, JourneyStepStats> = {};
  for (const step of definition.steps) {
    const of = (name: string) => count(`step.${step.id}.${name}`);
    const stats: JourneyStepStats = { reached: of('reached'), waiting: of('here') };
    if (step.type === 'send_email')
      Object.assign(stats, {
        sent: of('sent'),
        skipped: of('skipped'),
        failed: of('failed'),
        capped: of('capped'),
        opened: of('opened'),
        clicked: of('clicked'),
      });
    if (step.type === 'branch') Object.assign(stats, { yes: of('yes'), no: of('no') });
    if (step.type === 'split') stats.paths = step.paths.map((_, index) => of(`paths.${index}`));
    steps[step.id] = stats;
  }
  return {
    entered,
    active: count('active'),
    completed: count('completed'),
    exited: count('exited'),
    exitedBy: { goal: count('exited.goal'), unsubscribed: count('exited.unsubscribed'), archived: count('exited.archived'), erased: count('exited.erased') },
    converted,
    conversionRate,
    holdout: { entered: holdoutEntered, converted: holdoutConverted, conversionRate: holdoutRate },
    ...(holdoutEntered > 0 ? { lift: Math.round((conversionRate - holdoutRate) * 10_000) / 100 } : {}),
    steps,
  };
}
