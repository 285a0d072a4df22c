import * as z from '#shared/zod';
import { requiredText } from './common-schemas';
import { type ColumnMap, CUSTOM_IMPORT_FIELD, IGNORE_COLUMN, IMPORT_FIELDS } from './import-columns';

const MAP_TARGETS = [...IMPORT_FIELDS, IGNORE_COLUMN] as const;

/** A target: a built-in field, `fields.<key>` of a custom field of contacts, or `ignore`. */
const mapTarget = z.union(
  [
    z.enum(MAP_TARGETS),
    z
      .string()
      .regex(CUSTOM_IMPORT_FIELD)
      .transform((target) => target as `fields.${string}`),
  ],
  {
    error: `is not a field; use one of ${MAP_TARGETS.join(', ')} or fields.<key> of a custom field`,
  },
);

/** A column map: header → field (or `fields.<key>`, or `ignore`), e.g. `{"Mail":"email","Sector":"fields.branche","Notiz":"ignore"}`. */
const columnMapObject = z
  .record(z.string().max(200, 'a header has at most 200 characters'), mapTarget, {
    error: 'must be a JSON object of header → field',
  })
  .refine((map) => Object.keys(map).length <= 500, 'names at most 500 headers')
  .transform((map): ColumnMap => map);

/** `map`: URL-encoded JSON object header → field (or `ignore`), e.g. `{"Mail":"email","Notiz":"ignore"}`. */
const columnMap = z
  .string()
  .max(20_000, 'must be at most 20,000 characters')
  .transform((value, ctx): unknown => {
    try {
      return JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not JSON; send a URL-encoded JSON object of header → field' });
      return undefined;
    }
  })
  .pipe(columnMapObject);

/**
 * The query of `POST /v1/imports`: attribution, consent, the optional column map and file name, and
 * `dryRun=true` for the report without writing anything.
 * @example `?campaignId=…&topics=newsletter,events&consentSource=Stand%20B12&map=%7B%22Mail%22%3A%22email%22%7D&fileName=messe.csv`
 */
export const importQuery = z.object({
  campaignId: z.string().min(1).max(100).optional(),
  topics: z
    .string()
    .max(1000)
    .optional()
    .transform((value) =>
      value
        ? value
            .split(',')
            .map((topic) => topic.trim())
            .filter(Boolean)
        : [],
    ),
  consentSource: z.string().trim().min(3).max(500).optional(),
  dryRun: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional()
    .transform((value) => value === 'true'),
  map: columnMap.optional(),
  fileName: requiredText(255).optional(),
});

export type ImportQuery = z.output<typeof importQuery>;

/**
 * The body of `POST /v1/imports/uploads`: the file's name and how to import it (as the query of
 * `POST /v1/imports`; `topics` an array, `map` an object).
 * @example { "fileName": "messe-2026.csv", "campaignId": "c-42", "topics": ["newsletter"], "consentSource": "Stand B12", "map": { "Mail": "email" } }
 */
export const importUploadBody = z.object({
  fileName: requiredText(255),
  campaignId: z.string().min(1).max(100).optional(),
  topics: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  consentSource: z.string().trim().min(3).max(500).optional(),
  map: columnMapObject.optional(),
});
