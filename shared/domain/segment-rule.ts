import { ABC_CLASSES } from './abc';
import type { Channel } from './channel';
import { effectiveChannels } from './channel-rules';
import type { Contact } from './contact';
import type { FieldIssue } from './errors';

/**
 * Segment rules: a tree of `all` / `any` / `not` over conditions `{ field, op, value }` (API.md,
 * "Segments"). Validated here with messages that name the bad part (`rule.all.1.value`), and compiled
 * once per run into one closure per node, so evaluating a contact does no JSON walking, no field-name
 * look-ups and no date parsing for the times the product stores itself.
 */

export type TimeValue = { daysAgo: number } | string;
export interface Condition {
  field: string;
  op: Operator;
  value?: unknown;
}
export type RuleNode = Condition | { all: RuleNode[] } | { any: RuleNode[] } | { not: RuleNode };

export const OPERATORS = ['eq', 'neq', 'in', 'contains', 'exists', 'gt', 'gte', 'lt', 'lte', 'before', 'after'] as const;
export type Operator = (typeof OPERATORS)[number];

/**
 * What a rule can read: the facts kept on the contact's profile item. `segments` is the contact's
 * current memberships (segment id → entered at), read by runs to write only what changed.
 */
export type SegmentFacts = Pick<Contact, 'id' | 'version' | 'createdAt'> &
  Partial<
    Pick<
      Contact,
      | 'email'
      | 'emailNormalised'
      | 'firstName'
      | 'lastName'
      | 'company'
      | 'jobTitle'
      | 'source'
      | 'locale'
      | 'country'
      | 'channels'
      | 'companyChannels'
      | 'address'
      | 'firstTouch'
      | 'lastTouch'
      | 'tags'
      | 'consents'
      | 'orders'
      | 'activity'
      | 'score'
      | 'fields'
      | 'abc'
      | 'companyId'
    >
  > & {
    segments?: Record<string, string>;
  };

type FieldKind = 'text' | 'tags' | 'consent' | 'number' | 'time' | 'choice' | 'custom';

type Read<T> = (facts: SegmentFacts) => T;

/**
 * A field a rule can name: its kind (which operators and values it takes), the profile attribute it
 * lives in (what a scan must project) and its own reader. Each field carries its reader, so a new
 * field cannot fall through to another field's value; a unit test checks that every reader reads
 * only the attribute its field declares.
 */
type FieldSpec = (
  | { kind: 'text' | 'tags'; attribute: keyof SegmentFacts; read: Read<string[]> }
  | { kind: 'consent'; attribute: 'consents'; read: Read<string | undefined> }
  /** Numbers may depend on the evaluation instant (last quarter's revenue). */
  | { kind: 'number'; attribute: keyof SegmentFacts; reader: (now: Date) => Read<number | undefined> }
  | { kind: 'time'; attribute: keyof SegmentFacts; read: Read<string | undefined> }
  /** One of a fixed list of values (the ABC class), compared exactly. */
  | { kind: 'choice'; attribute: keyof SegmentFacts; values: readonly string[]; read: Read<string | undefined> }
  /** A custom field (`fields.<key>`): its type's operators are checked against its definition (shared/domain/custom-field-rule.ts). */
  | { kind: 'custom'; attribute: 'fields'; read: Read<string | number | boolean | undefined> }
) & {
  /** Further attributes the reader reads (a person's channel and their company's copy on the profile). */
  also?: ReadonlyArray<keyof SegmentFacts>;
};
/** The fields of the static catalogue (every kind but custom fields, which are defined at run time). */
type StaticFieldSpec = Exclude<FieldSpec, { kind: 'custom' }>;

const nonEmpty = (value: unknown): string[] => (typeof value === 'string' && value !== '' ? [value] : []);
const text = (attribute: keyof SegmentFacts, read: Read<string | undefined>): StaticFieldSpec => ({
  kind: 'text',
  attribute,
  read: (facts) => nonEmpty(read(facts)),
});
/** A touch's campaign matches by code or by id; its source and medium as they are. */
const touch = (which: 'firstTouch' | 'lastTouch', part: 'campaign' | 'source' | 'medium'): StaticFieldSpec => ({
  kind: 'text',
  attribute: which,
  read: (facts) => {
    const value = facts[which];
    if (!value) return [];
    return part === 'campaign' ? [...nonEmpty(value.campaignCode), ...nonEmpty(value.campaignId)] : nonEmpty(value[part]);
  },
});
const number = (attribute: keyof SegmentFacts, read: Read<number | undefined>): StaticFieldSpec => ({ kind: 'number', attribute, reader: () => read });
const time = (attribute: keyof SegmentFacts, read: Read<string | undefined>): StaticFieldSpec => ({ kind: 'time', attribute, read });
/** A channel's effective status (`allowed` / `blocked`): the person's own and their company's, as the profile holds both. */
const channel = (name: Channel): StaticFieldSpec => ({
  kind: 'text',
  attribute: 'channels',
  also: ['companyChannels'],
  read: (facts) => [effectiveChannels(facts.channels, facts.companyChannels)[name].status],
});

const FIELDS: Record<string, StaticFieldSpec> = {
  email: text('emailNormalised', (facts) => facts.emailNormalised),
  company: text('company', (facts) => facts.company),
  jobTitle: text('jobTitle', (facts) => facts.jobTitle),
  source: text('source', (facts) => facts.source),
  locale: text('locale', (facts) => facts.locale),
  // Stored segments name `country`: it matches the address's country and the flat one of older profiles.
  country: { kind: 'text', attribute: 'country', also: ['address'], read: (facts) => [...nonEmpty(facts.address?.country), ...nonEmpty(facts.country)] },
  'address.country': text('address', (facts) => facts.address?.country),
  'address.postalCode': text('address', (facts) => facts.address?.postalCode),
  'channel.email': channel('email'),
  'channel.post': channel('post'),
  'channel.phone': channel('phone'),
  'firstTouch.campaign': touch('firstTouch', 'campaign'),
  'lastTouch.campaign': touch('lastTouch', 'campaign'),
  'firstTouch.source': touch('firstTouch', 'source'),
  'lastTouch.source': touch('lastTouch', 'source'),
  'firstTouch.medium': touch('firstTouch', 'medium'),
  'lastTouch.medium': touch('lastTouch', 'medium'),
  tags: { kind: 'tags', attribute: 'tags', read: (facts) => facts.tags ?? [] },
  'orders.count': number('orders', (facts) => facts.orders?.count ?? 0),
  'orders.totalMinor': number('orders', (facts) => facts.orders?.totalMinor ?? 0),
  'orders.lastQuarterMinor': {
    kind: 'number',
    attribute: 'orders',
    reader: (now) => {
      const [a, b, c] = previousQuarterMonths(now) as [string, string, string];
      return (facts) => {
        const byMonth = facts.orders?.byMonth;
        return byMonth ? (byMonth[a] ?? 0) + (byMonth[b] ?? 0) + (byMonth[c] ?? 0) : 0;
      };
    },
  },
  'orders.firstAt': time('orders', (facts) => facts.orders?.firstAt),
  'orders.lastAt': time('orders', (facts) => facts.orders?.lastAt),
  'activity.lastAt': time('activity', (facts) => facts.activity?.lastAt),
  createdAt: time('createdAt', (facts) => facts.createdAt),
  score: number('score', (facts) => facts.score),
  // Absent until the first ABC run after the contact was created (shared/use-cases/recompute-abc.ts).
  abc: { kind: 'choice', attribute: 'abc', values: ABC_CLASSES, read: (facts) => facts.abc },
};
const CONSENT_PREFIX = 'consent.';
const CUSTOM_PREFIX = 'fields.';
const CUSTOM_KEY = /^[a-z][a-z0-9_-]{0,39}$/;
const TOPIC_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const CONSENT_STATUSES = ['pending', 'granted', 'withdrawn'] as const;

const OPS_BY_KIND: Record<FieldKind, readonly Operator[]> = {
  text: ['eq', 'neq', 'in', 'contains', 'exists'],
  tags: ['eq', 'neq', 'in', 'contains', 'exists'],
  consent: ['eq', 'neq', 'in', 'exists'],
  number: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'],
  time: ['before', 'after', 'exists'],
  choice: ['eq', 'in'],
  custom: ['eq', 'neq', 'in', 'contains', 'exists', 'gt', 'gte', 'lt', 'lte', 'before', 'after'],
};

export const RULE_LIMITS = { depth: 8, nodes: 200, listValues: 1000, textLength: 320, daysAgo: 36_500 } as const;
const DAY_MS = 86_400_000;

function fieldSpec(field: string): FieldSpec | undefined {
  if (field.startsWith(CONSENT_PREFIX)) {
    const topic = field.slice(CONSENT_PREFIX.length);
    return TOPIC_ID.test(topic) ? { kind: 'consent', attribute: 'consents', read: (facts) => facts.consents?.[topic]?.status } : undefined;
  }
  if (field.startsWith(CUSTOM_PREFIX)) {
    const key = field.slice(CUSTOM_PREFIX.length);
    return CUSTOM_KEY.test(key) ? { kind: 'custom', attribute: 'fields', read: (facts) => facts.fields?.[key] } : undefined;
  }
  return Object.hasOwn(FIELDS, field) ? FIELDS[field] : undefined;
}

/**
 * The value a rule's field reads from a contact's facts, as its comparisons see it (lists for text,
 * the status for a consent); undefined for a field that does not exist. For tests and editors.
 */
export function readField(field: string, facts: SegmentFacts, now: Date): unknown {
  const spec = fieldSpec(field);
  if (!spec) return undefined;
  return spec.kind === 'number' ? spec.reader(now)(facts) : spec.read(facts);
}

/** The profile attribute a field reads (undefined for an unknown field). */
export const fieldAttribute = (field: string): keyof SegmentFacts | undefined => fieldSpec(field)?.attribute;
/** Every profile attribute a field reads: its own and those it reads beside (empty for an unknown field). */
export const fieldAttributes = (field: string): Array<keyof SegmentFacts> => {
  const spec = fieldSpec(field);
  return spec ? [spec.attribute, ...(spec.also ?? [])] : [];
};

export const SEGMENT_FIELDS: readonly string[] = [...Object.keys(FIELDS), 'consent.<topic>'];

/**
 * What a rule can read, for editors such as the console's rule builder: every field with its kind and
 * operators, from the same tables validation uses. `consent.<topic>` stands for one field per topic.
 *
 * @example SEGMENT_FIELD_CATALOG.find((f) => f.field === 'orders.lastAt') // { kind: 'time', operators: ['before', 'after', 'exists'] }
 */
export const SEGMENT_FIELD_CATALOG: ReadonlyArray<{
  field: string;
  kind: Exclude<FieldKind, 'custom'>;
  operators: readonly Operator[];
  /** The values a `choice` field takes. */
  values?: readonly string[];
}> = [
  ...Object.entries(FIELDS).map(([field, spec]) => ({
    field,
    kind: spec.kind,
    operators: OPS_BY_KIND[spec.kind],
    ...(spec.kind === 'choice' ? { values: spec.values } : {}),
  })),
  { field: `${CONSENT_PREFIX}<topic>`, kind: 'consent', operators: OPS_BY_KIND.consent },
];

// ---------------------------------------------------------------------------------------------------
// Validation

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function valueIssue(kind: FieldKind, op: Operator, value: unknown, field: string, choices: readonly string[] = []): string | undefined {
  if (op === 'exists') return value === undefined ? undefined : 'must be absent for exists (wrap the condition in "not" for "does not exist")';
  if (value === undefined) return 'is required';
  const scalar = (item: unknown): string | undefined => {
    switch (kind) {
      case 'text':
      case 'tags':
        if (typeof item !== 'string') return 'must be a string';
        if (item.length === 0 || item.length > RULE_LIMITS.textLength) return `must be 1-${RULE_LIMITS.textLength} characters`;
        return undefined;
      case 'consent':
        return typeof item === 'string' && (CONSENT_STATUSES as readonly string[]).includes(item) ? undefined : `must be one of ${CONSENT_STATUSES.join(', ')}`;
      case 'number':
        return typeof item === 'number' && Number.isFinite(item) ? undefined : 'must be a number';
      case 'choice':
        return typeof item === 'string' && choices.includes(item) ? undefined : `must be one of ${choices.join(', ')}`;
      case 'custom':
        // The field's type decides the rest, against its definition (shared/domain/custom-field-rule.ts).
        if (typeof item === 'string') return item.length > RULE_LIMITS.textLength ? `must be at most ${RULE_LIMITS.textLength} characters` : undefined;
        return typeof item === 'boolean' || (typeof item === 'number' && Number.isFinite(item)) ? undefined : 'must be a text, a number, a date or true/false';
      case 'time':
        if (isObject(item)) {
          const keys = Object.keys(item);
          const days = item.daysAgo;
          if (keys.length !== 1 || typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > RULE_LIMITS.daysAgo) {
            return `must be { "daysAgo": n } with a whole n from 0 to ${RULE_LIMITS.daysAgo}, or an ISO 8601 time`;
          }
          return undefined;
        }
        return typeof item === 'string' && ISO_TIME.test(item) && !Number.isNaN(Date.parse(item))
          ? undefined
          : `must be { "daysAgo": n } or an ISO 8601 time with a zone, e.g. 2026-01-01T00:00:00Z (${field})`;
    }
  };
  if (op === 'in') {
    if (!Array.isArray(value) || value.length === 0) return 'must be a non-empty list for in';
    if (value.length > RULE_LIMITS.listValues) return `must list at most ${RULE_LIMITS.listValues} values`;
    const bad = value.map(scalar).findIndex((issue) => issue !== undefined);
    return bad >= 0 ? `item ${bad} ${scalar(value[bad])}` : undefined;
  }
  return scalar(value);
}

/** Every problem of a rule tree, with the dotted path of the bad part (`rule.any.0.op`). */
export function ruleIssues(rule: unknown, root = 'rule'): FieldIssue[] {
  const issues: FieldIssue[] = [];
  let nodes = 0;
  const visit = (node: unknown, path: string, depth: number): void => {
    nodes += 1;
    if (nodes > RULE_LIMITS.nodes) {
      if (nodes === RULE_LIMITS.nodes + 1) issues.push({ path: root, message: `must have at most ${RULE_LIMITS.nodes} nodes` });
      return;
    }
    if (depth > RULE_LIMITS.depth) {
      issues.push({ path, message: `is nested deeper than ${RULE_LIMITS.depth} levels` });
      return;
    }
    if (!isObject(node)) {
      issues.push({ path, message: 'must be an object: { all: [...] }, { any: [...] }, { not: ... } or { field, op, value }' });
      return;
    }
    const keys = Object.keys(node);
    for (const group of ['all', 'any'] as const) {
      if (!(group in node)) continue;
      if (keys.length !== 1) issues.push({ path, message: `must have only "${group}"; found ${keys.join(', ')}` });
      const children = node[group];
      if (!Array.isArray(children) || children.length === 0) {
        issues.push({ path: `${path}.${group}`, message: 'must be a non-empty list of conditions or trees' });
        return;
      }
      children.forEach((child, index) => {
        visit(child, `${path}.${group}.${index}`, depth + 1);
      });
      return;
    }
    if ('not' in node) {
      if (keys.length !== 1) issues.push({ path, message: `must have only "not"; found ${keys.join(', ')}` });
      visit(node.not, `${path}.not`, depth + 1);
      return;
    }
    const unknownKeys = keys.filter((key) => key !== 'field' && key !== 'op' && key !== 'value');
    if (unknownKeys.length > 0) issues.push({ path, message: `has unknown keys: ${unknownKeys.join(', ')}` });
    const { field, op, value } = node;
    const spec = typeof field === 'string' ? fieldSpec(field) : undefined;
    if (!spec) {
      issues.push({ path: `${path}.field`, message: `must be one of ${SEGMENT_FIELDS.join(', ')}, fields.<key>` });
      return;
    }
    if (typeof op !== 'string' || !OPS_BY_KIND[spec.kind].includes(op as Operator)) {
      issues.push({ path: `${path}.op`, message: `must be one of ${OPS_BY_KIND[spec.kind].join(', ')} for ${String(field)}` });
      return;
    }
    const problem = valueIssue(spec.kind, op as Operator, value, String(field), spec.kind === 'choice' ? spec.values : []);
    if (problem) issues.push({ path: `${path}.value`, message: problem });
  };
  visit(rule, root, 1);
  return issues;
}

/** The consent topics a rule reads (to check that they exist). */
export function ruleTopics(rule: RuleNode): string[] {
  return [
    ...new Set(
      conditionsOf(rule)
        .filter((c) => c.field.startsWith(CONSENT_PREFIX))
        .map((c) => c.field.slice(CONSENT_PREFIX.length)),
    ),
  ];
}

function conditionsOf(rule: RuleNode): Condition[] {
  if ('all' in rule) return rule.all.flatMap(conditionsOf);
  if ('any' in rule) return rule.any.flatMap(conditionsOf);
  if ('not' in rule) return conditionsOf(rule.not);
  return [rule];
}

/** The profile attributes a set of rules reads, plus what every run needs (`id`, `version`, `segments`). */
export function factAttributes(rules: readonly RuleNode[]): Array<keyof SegmentFacts> {
  const attributes = new Set<keyof SegmentFacts>(['id', 'version', 'segments']);
  for (const rule of rules)
    for (const condition of conditionsOf(rule)) {
      for (const attribute of fieldAttributes(condition.field)) attributes.add(attribute);
    }
  return [...attributes];
}

/** Every attribute any rule can read: what the contact-facts index must project. */
export const ALL_FACT_ATTRIBUTES: ReadonlyArray<keyof SegmentFacts> = [
  ...new Set<keyof SegmentFacts>([
    'id',
    'version',
    'segments',
    'consents',
    'fields',
    ...Object.values(FIELDS).flatMap((spec) => [spec.attribute, ...(spec.also ?? [])]),
  ]),
];

/** What a preview sample shows of a contact, besides its id. */
export const DISPLAY_ATTRIBUTES = ['email', 'firstName', 'lastName', 'company'] as const;

/** What the duplicate scan reads besides those (shared/domain/duplicates.ts `DUPLICATE_ATTRIBUTES`). */
const DUPLICATE_MATCH_ATTRIBUTES = ['phone'] as const;

/** What the ABC run reads besides the facts (shared/use-cases/recompute-abc.ts): the account a person belongs to. */
export const ABC_ACCOUNT_ATTRIBUTES = ['companyId'] as const;

/**
 * What the contact-facts index projects: every fact, what a preview sample shows, what duplicate matching
 * and the ABC run read. A change here is a staged deploy (README, "Deploy"): an index's projection cannot change in place.
 */
export const FACTS_INDEX_ATTRIBUTES: readonly string[] = [
  ...new Set<string>([...ALL_FACT_ATTRIBUTES, ...DISPLAY_ATTRIBUTES, ...DUPLICATE_MATCH_ATTRIBUTES, ...ABC_ACCOUNT_ATTRIBUTES]),
];

// ---------------------------------------------------------------------------------------------------
// Compilation

export type CompiledRule = (facts: SegmentFacts) => boolean;

/** The instant `value` stands for, relative to `now` for `{ daysAgo }` (n × 24 h before now). */
export function resolveTime(value: TimeValue, now: Date): number {
  return typeof value === 'string' ? Date.parse(value) : now.getTime() - value.daysAgo * DAY_MS;
}

/** The months (`2026-07`) of the calendar quarter before the one `now` is in, in UTC. */
export function previousQuarterMonths(now: Date): string[] {
  const quarterStart = Math.floor(now.getUTCMonth() / 3) * 3;
  const start = new Date(Date.UTC(now.getUTCFullYear(), quarterStart - 3, 1));
  return [0, 1, 2].map((offset) => {
    const month = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + offset, 1));
    return `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

const fold = (value: string) => value.toLowerCase();

/**
 * `stored < cutoff` as instants. The product writes times with `toISOString()` (24 characters, `Z`),
 * which order as strings; anything else (an offset written by an older client) is parsed.
 */
function timeComparer(cutoffMs: number): (stored: string) => number {
  const cutoff = new Date(cutoffMs).toISOString();
  return (stored) => {
    if (stored.length === 24 && stored.charCodeAt(23) === 90 && cutoff.length === 24) return stored < cutoff ? -1 : stored > cutoff ? 1 : 0;
    const ms = Date.parse(stored);
    return ms < cutoffMs ? -1 : ms > cutoffMs ? 1 : 0;
  };
}

function compileCondition(condition: Condition, now: Date): CompiledRule {
  const spec = fieldSpec(condition.field);
  // Rules are checked on the way in (ruleIssues), so an unknown field here is a stored rule from a newer version.
  if (!spec) throw new Error(`unknown segment field ${condition.field}`);
  const { op, value } = condition;
  switch (spec.kind) {
    case 'text':
    case 'tags': {
      const read = spec.read;
      if (op === 'exists') return (facts) => read(facts).length > 0;
      if (op === 'in') {
        const wanted = new Set((value as string[]).map(fold));
        return (facts) => read(facts).some((item) => wanted.has(fold(item)));
      }
      const wanted = fold(value as string);
      const equal = (facts: SegmentFacts) => read(facts).some((item) => fold(item) === wanted);
      if (op === 'eq') return equal;
      if (op === 'neq') return (facts) => !equal(facts);
      // contains: a substring of a text field; for tags, having the tag.
      return spec.kind === 'tags' ? equal : (facts) => read(facts).some((item) => fold(item).includes(wanted));
    }
    case 'consent': {
      const status = spec.read;
      if (op === 'exists') return (facts) => status(facts) !== undefined;
      if (op === 'in') {
        const wanted = new Set(value as string[]);
        return (facts) => {
          const current = status(facts);
          return current !== undefined && wanted.has(current);
        };
      }
      if (op === 'eq') return (facts) => status(facts) === value;
      return (facts) => status(facts) !== value;
    }
    case 'number': {
      const read = spec.reader(now);
      const n = value as number;
      switch (op) {
        case 'exists':
          return (facts) => read(facts) !== undefined;
        case 'in': {
          const wanted = new Set(value as number[]);
          return (facts) => {
            const current = read(facts);
            return current !== undefined && wanted.has(current);
          };
        }
        case 'eq':
          return (facts) => read(facts) === n;
        case 'neq':
          return (facts) => read(facts) !== n;
        case 'gt':
          return (facts) => (read(facts) ?? Number.NaN) > n;
        case 'gte':
          return (facts) => (read(facts) ?? Number.NaN) >= n;
        case 'lt':
          return (facts) => (read(facts) ?? Number.NaN) < n;
        default:
          return (facts) => (read(facts) ?? Number.NaN) <= n;
      }
    }
    case 'custom':
      return compileCustom(spec.read, op, value);
    case 'choice': {
      const read = spec.read;
      if (op === 'in') {
        const wanted = new Set(value as string[]);
        return (facts) => {
          const current = read(facts);
          return current !== undefined && wanted.has(current);
        };
      }
      return (facts) => read(facts) === value;
    }
    case 'time': {
      const read = spec.read;
      if (op === 'exists') return (facts) => read(facts) !== undefined;
      const compare = timeComparer(resolveTime(value as TimeValue, now));
      const sign = op === 'before' ? -1 : 1;
      return (facts) => {
        const stored = read(facts);
        return stored !== undefined && compare(stored) === sign;
      };
    }
  }
}

/**
 * A custom field's condition. The rule was checked against the field's definition, so the operator and
 * value fit its type: texts and select values compare folded, dates (`YYYY-MM-DD`) as strings (which
 * order as dates), numbers and booleans as they are.
 */
function compileCustom(read: Read<string | number | boolean | undefined>, op: Operator, value: unknown): CompiledRule {
  const norm = (item: unknown) => (typeof item === 'string' ? fold(item) : item);
  switch (op) {
    case 'exists':
      return (facts) => read(facts) !== undefined;
    case 'in': {
      const wanted = new Set((value as unknown[]).map(norm));
      return (facts) => {
        const current = read(facts);
        return current !== undefined && wanted.has(norm(current));
      };
    }
    case 'eq':
    case 'neq': {
      const wanted = norm(value);
      return op === 'eq' ? (facts) => norm(read(facts)) === wanted : (facts) => norm(read(facts)) !== wanted;
    }
    case 'contains': {
      const wanted = fold(String(value));
      return (facts) => {
        const current = read(facts);
        return typeof current === 'string' && fold(current).includes(wanted);
      };
    }
    default: {
      const compare = (current: string | number | boolean | undefined): boolean => {
        if (current === undefined || typeof current === 'boolean' || typeof current !== typeof value) return false;
        const [a, b] = [current, value as string | number];
        if (op === 'gt' || op === 'after') return a > b;
        if (op === 'gte') return a >= b;
        if (op === 'lt' || op === 'before') return a < b;
        return a <= b;
      };
      return (facts) => compare(read(facts));
    }
  }
}

/**
 * Compiles a validated rule for one evaluation instant: relative times become fixed cut-offs, text
 * values are folded once, and each node becomes a closure over its children.
 */
export function compileRule(rule: RuleNode, now: Date): CompiledRule {
  if ('all' in rule) {
    const children = rule.all.map((child) => compileRule(child, now));
    return (facts) => {
      for (const child of children) if (!child(facts)) return false;
      return true;
    };
  }
  if ('any' in rule) {
    const children = rule.any.map((child) => compileRule(child, now));
    return (facts) => {
      for (const child of children) if (child(facts)) return true;
      return false;
    };
  }
  if ('not' in rule) {
    const inner = compileRule(rule.not, now);
    return (facts) => !inner(facts);
  }
  return compileCondition(rule, now);
}
