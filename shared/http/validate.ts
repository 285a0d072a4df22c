import type * as z from '#shared/zod';
import { type FieldIssue, ValidationError } from '#shared/domain/errors';

/** Turns zod issues into the `errors` list of a problem+json answer, one entry per bad field. */
export function toFieldIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.');
    return { path: path || '(root)', message: issue.message };
  });
}

/**
 * Parses `input` with `schema`, throwing a {@link ValidationError} that names every bad field.
 * `prefix` is prepended to the paths (e.g. `query`).
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string, prefix?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ValidationError(`The ${what} is not valid`, toFieldIssues(result.error, prefix));
  }
  return result.data;
}
