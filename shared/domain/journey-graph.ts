import type { JourneyStep } from './journey';

export interface GraphIssue {
  /** Relative to the steps list: `[3, 'next']` is reported as `steps.3.next`. */
  path: Array<string | number>;
  message: string;
}

/** Where a step leads: each next step id with the path of the field that names it (`["paths", 1, "next"]`). */
function nextLinks(step: JourneyStep): Array<{ id: string; path: Array<string | number> }> {
  switch (step.type) {
    case 'branch':
      return [
        { id: step.yes, path: ['yes'] },
        { id: step.no, path: ['no'] },
      ];
    case 'split':
      return step.paths.map((path, index) => ({ id: path.next, path: ['paths', index, 'next'] }));
    case 'exit':
      return [];
    default:
      return step.next === undefined ? [] : [{ id: step.next, path: ['next'] }];
  }
}

/** The steps a step can lead to, in the order the definition names them. */
export function nextStepIds(step: JourneyStep): string[] {
  return nextLinks(step).map((link) => link.id);
}

/** The ids reachable from the first step, never passing through `without`. */
function reachable(steps: readonly JourneyStep[], byId: ReadonlyMap<string, number>, without?: string): Set<string> {
  const seen = new Set<string>();
  const first = steps[0];
  if (!first || first.id === without) return seen;
  const queue = [first.id];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    const step = steps[byId.get(current) ?? -1];
    if (!step) continue;
    for (const next of nextStepIds(step)) if (next !== without && byId.has(next) && !seen.has(next)) queue.push(next);
  }
  return seen;
}

/**
 * Every problem of a journey's step graph, each naming the bad part: a repeated id, a `next`/`yes`/`no`/
 * path naming no step, a loop back to an earlier step (journeys run forward only, so every participant
 * finishes), a step nobody can reach, an email branch asking about a mail the participant may not have
 * been sent (its send step must lie on every way to the branch).
 */
export function journeyGraphIssues(steps: readonly JourneyStep[]): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const byId = new Map<string, number>();
  steps.forEach((step, index) => {
    if (byId.has(step.id)) issues.push({ path: [index, 'id'], message: `repeats the id "${step.id}" of step ${byId.get(step.id)}` });
    else byId.set(step.id, index);
  });
  steps.forEach((step, index) => {
    for (const link of nextLinks(step)) {
      if (!byId.has(link.id)) issues.push({ path: [index, ...link.path], message: `names no step of this journey: "${link.id}"` });
      else if (link.id === step.id) issues.push({ path: [index, ...link.path], message: 'leads to the step itself: a journey may not loop' });
    }
  });
  if (issues.length > 0) return issues;

  // Loops: a depth-first walk from the start; an edge back to a step on the current way closes a loop.
  const state = new Map<string, 'open' | 'done'>();
  const walk = (id: string): void => {
    state.set(id, 'open');
    const index = byId.get(id) ?? -1;
    const step = steps[index];
    if (step) {
      for (const link of nextLinks(step)) {
        if (state.get(link.id) === 'open') issues.push({ path: [index, ...link.path], message: `leads back to step "${link.id}": a journey may not loop` });
        else if (!state.has(link.id)) walk(link.id);
      }
    }
    state.set(id, 'done');
  };
  const first = steps[0];
  if (first) walk(first.id);

  const seen = reachable(steps, byId);
  steps.forEach((step, index) => {
    if (!seen.has(step.id)) issues.push({ path: [index], message: `step "${step.id}" cannot be reached from the first step` });
  });

  steps.forEach((step, index) => {
    if (step.type !== 'branch' || !step.email) return;
    const sender = steps[byId.get(step.email.stepId) ?? -1];
    if (sender?.type !== 'send_email') {
      issues.push({ path: [index, 'email', 'stepId'], message: `must name a send_email step of this journey: "${step.email.stepId}"` });
      return;
    }
    if (reachable(steps, byId, sender.id).has(step.id))
      issues.push({ path: [index, 'email', 'stepId'], message: `step "${sender.id}" is not on every way to this branch, so its mail may not have been sent` });
  });
  return issues;
}
