import { ApiProblem } from '../../api/problem';

/** The API's message for exactly `path` (not for paths below it), e.g. `allowedOrigins` when the list is empty. */
export function issueAt(problem: unknown, path: string): string | undefined {
  return problem instanceof ApiProblem ? problem.errors.find((issue) => issue.path === path)?.message : undefined;
}

/**
 * The message for the list item that was sent at some index, found again by its value: the API says
 * `allowedOrigins.1`, the builder shows it beside that origin even after others were removed.
 */
export function issueForItem<T>(problem: unknown, path: string, sent: readonly T[] | undefined, item: T): string | undefined {
  if (!(problem instanceof ApiProblem) || !sent) return undefined;
  const index = sent.indexOf(item);
  return index < 0 ? undefined : problem.forField(`${path}.${index}`);
}
