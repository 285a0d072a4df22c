/**
 * The parts of zod the product uses, re-exported by name. Importing `{ z }` from 'zod' keeps zod's
 * whole namespace, including ~250 KB of error-message locales, in every Lambda bundle; a namespace
 * over this module lets esbuild drop what is not listed. Use `import * as z from '#shared/zod'`.
 */
export {
  array,
  boolean,
  coerce,
  custom,
  discriminatedUnion,
  email,
  enum,
  iso,
  literal,
  number,
  object,
  partialRecord,
  record,
  regexes,
  strictObject,
  string,
  union,
  unknown,
  url,
} from 'zod';
export type { infer, input, output, RefinementCtx, ZodError, ZodType } from 'zod';
