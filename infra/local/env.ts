import type * as z from '#shared/zod';

/** The environment of a local command, parsed with `schema`; a bad variable is named and the process exits 2. */
export function parseEnvOrExit<S extends z.ZodType>(schema: S): z.output<S> {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    console.error(`Invalid environment: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`);
    process.exit(2);
  }
  return parsed.data;
}
