import type { ScoringConfigInput, ScoringEvent, ScoringRule } from '#shared/domain/scoring';
import { type Operator, type RuleNode, SEGMENT_FIELD_CATALOG } from '#shared/domain/segment-rule';

/** One row of the rules editor as typed: numbers stay text until sent, so the API names what is wrong. */
export interface RuleRow {
  /** A local key for React (rows are reordered). */
  key: string;
  id: string;
  kind: 'event' | 'fact';
  event: ScoringEvent;
  field: string;
  op: Operator;
  value: string;
  /** A rule tree the simple editor cannot show (all/any/not), edited as JSON. */
  json?: string;
  points: string;
  maxTimes: string;
  perDays: string;
}

export interface ScoringDraft {
  rows: RuleRow[];
  decay: string;
  qualifyAt: string;
}

let next = 0;
export const rowKey = () => `row-${++next}`;

export const FACT_FIELDS = SEGMENT_FIELD_CATALOG.filter((entry) => !entry.field.includes('<'));
export const kindOf = (field: string) => FACT_FIELDS.find((entry) => entry.field === field)?.kind ?? 'text';
export const operatorsOf = (field: string): readonly Operator[] => FACT_FIELDS.find((entry) => entry.field === field)?.operators ?? ['contains'];

export function newRow(index: number): RuleRow {
  return {
    key: rowKey(),
    id: `rule-${index + 1}`,
    kind: 'event',
    event: 'form_submitted',
    field: 'jobTitle',
    op: 'contains',
    value: '',
    points: '10',
    maxTimes: '',
    perDays: '',
  };
}

/** The rows of stored rules. */
export function draftOf(config: ScoringConfigInput): ScoringDraft {
  return {
    decay: String(config.decayPercentPerMonth),
    qualifyAt: String(config.qualifyAt),
    rows: config.rules.map((rule, index) => {
      const row = { ...newRow(index), id: rule.id, points: String(rule.points), maxTimes: String(rule.maxTimes ?? ''), perDays: String(rule.perDays ?? '') };
      if (rule.event) return { ...row, kind: 'event', event: rule.event };
      const node = rule.rule as RuleNode;
      if ('field' in node && FACT_FIELDS.some((entry) => entry.field === node.field)) {
        const value = node.value;
        const shown = Array.isArray(value)
          ? value.join(', ')
          : value && typeof value === 'object' && 'daysAgo' in value
            ? String(value.daysAgo)
            : value === undefined
              ? ''
              : String(value);
        return { ...row, kind: 'fact', field: node.field, op: node.op, value: shown };
      }
      return { ...row, kind: 'fact', json: JSON.stringify(node, null, 2) };
    }),
  };
}

/** A typed number, or what makes the API name the field: undefined when empty, null (JSON of NaN) when not a number. */
const numberOf = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.replace(',', '.')));

function conditionOf(row: RuleRow): unknown {
  if (row.json !== undefined) {
    try {
      return JSON.parse(row.json) as unknown;
    } catch (_error) {
      // Sent as typed: the API answers which part is not a rule.
      return row.json;
    }
  }
  if (row.op === 'exists') return { field: row.field, op: row.op };
  const kind = kindOf(row.field);
  const scalar = (text: string): unknown => (kind === 'number' ? numberOf(text) : kind === 'time' ? { daysAgo: numberOf(text) } : text.trim());
  const value = row.op === 'in' ? row.value.split(',').map(scalar) : scalar(row.value);
  return { field: row.field, op: row.op, value };
}

/** The body of `PUT /v1/scoring` (and the preview) for the draft. */
export function bodyOf(draft: ScoringDraft): Record<string, unknown> {
  return {
    rules: draft.rows.map((row): Partial<Record<keyof ScoringRule, unknown>> => {
      const points = numberOf(row.points);
      if (row.kind === 'fact') return { id: row.id.trim(), rule: conditionOf(row), points };
      const maxTimes = numberOf(row.maxTimes);
      const perDays = numberOf(row.perDays);
      return { id: row.id.trim(), event: row.event, points, ...(maxTimes === undefined ? {} : { maxTimes }), ...(perDays === undefined ? {} : { perDays }) };
    }),
    decayPercentPerMonth: numberOf(draft.decay),
    qualifyAt: numberOf(draft.qualifyAt),
  };
}
