import type { CustomFieldType } from '#shared/domain/custom-field';
import { type Operator, RULE_LIMITS, type RuleNode, SEGMENT_FIELD_CATALOG } from '#shared/domain/segment-rule';

/**
 * The rule builder's query (react-querybuilder's shape: groups with a combinator, an optional `not`
 * and their rules) and the product's rule tree (`all` / `any` / `not` over `{ field, op, value }`),
 * mapped both ways. Pure, so the round trip is unit-tested without a browser.
 *
 * How values live in the builder: text as typed, numbers as the typed text, `in` lists one value per
 * line, `exists` without a value, and times as builder-only operators: "more / less than N days ago"
 * (`before` / `after` with `{ daysAgo: N }`) or "before / after a date" (an ISO time with a zone).
 * Whatever the person typed that is not a valid value is sent as typed, so the API names the node.
 */

export type FieldKind = (typeof SEGMENT_FIELD_CATALOG)[number]['kind'];

/** A condition of the builder (react-querybuilder's `RuleType`, the parts this mapping reads). */
export interface BuilderRule {
  id?: string;
  field: string;
  operator: string;
  value?: unknown;
}

/** A group of the builder (react-querybuilder's `RuleGroupType`). */
export interface BuilderGroup {
  id?: string;
  combinator: string;
  not?: boolean;
  rules: Array<BuilderRule | BuilderGroup>;
}

export const isGroup = (item: BuilderRule | BuilderGroup): item is BuilderGroup => 'rules' in item;

/** The operators the builder offers for time fields, standing for `before` / `after` with a relative or absolute time. */
export const TIME_OPERATORS = ['moreThanDaysAgo', 'lessThanDaysAgo', 'before', 'after', 'exists'] as const;
export type BuilderOperator = Exclude<Operator, 'before' | 'after'> | (typeof TIME_OPERATORS)[number];

const CONSENT_PREFIX = 'consent.';
const KIND_BY_FIELD = new Map(SEGMENT_FIELD_CATALOG.map((entry) => [entry.field, entry.kind]));

/** The kind of a field (`consent.newsletter` is a consent field); undefined for a field the API does not know. */
export function fieldKind(field: string): FieldKind | undefined {
  return field.startsWith(CONSENT_PREFIX) ? 'consent' : KIND_BY_FIELD.get(field);
}

/** The operators the builder offers for a kind of field. */
export function builderOperators(kind: FieldKind): readonly BuilderOperator[] {
  if (kind === 'time') return TIME_OPERATORS;
  return (
    SEGMENT_FIELD_CATALOG.find((entry) => entry.kind === kind)?.operators.filter(
      (op): op is Exclude<Operator, 'before' | 'after'> => op !== 'before' && op !== 'after',
    ) ?? []
  );
}

/** A builder group may hold another group while the conditions inside stay within the API's depth. */
export function mayAddGroup(level: number): boolean {
  // The root group is level 0 and product depth 1; a condition in a group of level L has depth L + 2.
  return level + 3 <= RULE_LIMITS.depth;
}

/** The values a `choice` field takes (the ABC classes), from the API's catalogue. */
export function choicesOf(kind: FieldKind | undefined, field: string): readonly string[] {
  if (kind !== 'choice') return [];
  return SEGMENT_FIELD_CATALOG.find((entry) => entry.field === field)?.values ?? [];
}

/** The value a new condition starts with for a field and operator. */
export function defaultValue(kind: FieldKind | undefined, operator: string, field = ''): unknown {
  if (operator === 'exists') return undefined;
  if (kind === 'consent' && operator !== 'in') return 'granted';
  if (kind === 'choice' && operator !== 'in') return choicesOf(kind, field)[0] ?? '';
  if (kind === 'time' && (operator === 'moreThanDaysAgo' || operator === 'lessThanDaysAgo')) return '30';
  return '';
}

// ---------------------------------------------------------------------------------------------------
// Product → builder

const listText = (values: unknown[]) => values.map((value) => String(value)).join('\n');
const scalarText = (value: unknown) => (typeof value === 'string' ? value : value === undefined ? '' : String(value));
const isDaysAgo = (value: unknown): value is { daysAgo: unknown } => typeof value === 'object' && value !== null && 'daysAgo' in value;

function ruleToBuilder(condition: { field: string; op: Operator; value?: unknown }): BuilderRule {
  const { field, op, value } = condition;
  if (op === 'exists') return { field, operator: 'exists' };
  if (op === 'before' || op === 'after') {
    if (isDaysAgo(value)) return { field, operator: op === 'before' ? 'moreThanDaysAgo' : 'lessThanDaysAgo', value: scalarText(value.daysAgo) };
    return { field, operator: op, value: scalarText(value) };
  }
  if (op === 'in') return { field, operator: 'in', value: Array.isArray(value) ? listText(value) : scalarText(value) };
  return { field, operator: op, value: scalarText(value) };
}

function nodeToBuilder(node: RuleNode): BuilderGroup | BuilderRule {
  if ('all' in node) return { combinator: 'and', rules: node.all.map(nodeToBuilder) };
  if ('any' in node) return { combinator: 'or', rules: node.any.map(nodeToBuilder) };
  if ('not' in node) {
    const inner = nodeToBuilder(node.not);
    // `not` over a group is that group negated; over a condition (or a negated group) a negated group of one.
    return isGroup(inner) && !inner.not ? { ...inner, not: true } : { combinator: 'and', not: true, rules: [inner] };
  }
  return ruleToBuilder(node);
}

/** The builder's query for a rule: always a group at the root (a lone condition becomes a group of one). */
export function queryFromRule(rule: RuleNode): BuilderGroup {
  const root = nodeToBuilder(rule);
  return isGroup(root) ? root : { combinator: 'and', rules: [root] };
}

// ---------------------------------------------------------------------------------------------------
// Builder → product

const WHOLE_NUMBER = /^\d+$/;
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** The typed text as the kind's value: a number for number fields when it is one, else the text as typed. */
function scalarValue(kind: FieldKind | CustomFieldType | undefined, text: unknown): unknown {
  const raw = typeof text === 'string' ? text.trim() : text;
  if (kind === 'number' && typeof raw === 'string' && NUMBER.test(raw)) return Number(raw);
  if (kind === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

const lines = (text: unknown): string[] =>
  typeof text === 'string'
    ? text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
    : Array.isArray(text)
      ? text.map(String)
      : [];

function ruleFromBuilder(rule: BuilderRule, customTypes: ReadonlyMap<string, CustomFieldType>): RuleNode {
  const kind = rule.field.startsWith('fields.') ? customTypes.get(rule.field.slice('fields.'.length)) : fieldKind(rule.field);
  const field = rule.field;
  switch (rule.operator) {
    case 'exists':
      return { field, op: 'exists' };
    case 'moreThanDaysAgo':
    case 'lessThanDaysAgo': {
      const text = scalarText(rule.value).trim();
      return { field, op: rule.operator === 'moreThanDaysAgo' ? 'before' : 'after', value: { daysAgo: WHOLE_NUMBER.test(text) ? Number(text) : text } };
    }
    case 'in':
      return { field, op: 'in', value: lines(rule.value).map((line) => scalarValue(kind, line)) };
    default:
      return { field, op: rule.operator as Operator, value: scalarValue(kind, rule.value) };
  }
}

/** Where each builder item (by id) sits in the product's tree, as the API names it (`rule.all.1`). */
export type RulePaths = Map<string, string>;

type CustomTypes = ReadonlyMap<string, CustomFieldType>;

function groupFromBuilder(group: BuilderGroup, path: string, paths: RulePaths, root: boolean, customTypes: CustomTypes): RuleNode {
  const notPath = group.not ? `${path}.not` : path;
  // A negated group of one, and a root group of one, stand for their only member.
  const single = group.rules.length === 1 && group.combinator === 'and' && (group.not || root) ? group.rules[0] : undefined;
  if (group.id) paths.set(group.id, path);
  if (single) {
    const inner = itemFromBuilder(single, notPath, paths, false, customTypes);
    return group.not ? { not: inner } : inner;
  }
  const key = group.combinator === 'or' ? 'any' : 'all';
  const children = group.rules.map((child, index) => itemFromBuilder(child, `${notPath}.${key}.${index}`, paths, false, customTypes));
  const node: RuleNode = key === 'any' ? { any: children } : { all: children };
  return group.not ? { not: node } : node;
}

function itemFromBuilder(item: BuilderRule | BuilderGroup, path: string, paths: RulePaths, root: boolean, customTypes: CustomTypes): RuleNode {
  if (isGroup(item)) return groupFromBuilder(item, path, paths, root, customTypes);
  if (item.id) paths.set(item.id, path);
  return ruleFromBuilder(item, customTypes);
}

/**
 * The product's rule for the builder's query, and where each of the builder's items ended up in it
 * (so the API's `rule.all.1.value` can be shown next to that condition).
 */
export function ruleFromQuery(query: BuilderGroup, customTypes: CustomTypes = new Map()): { rule: RuleNode; paths: RulePaths } {
  const paths: RulePaths = new Map();
  return { rule: itemFromBuilder(query, 'rule', paths, true, customTypes), paths };
}

/**
 * Places the API's messages about a rule (`rule.all.1.value`) on the builder's conditions: each goes
 * to the condition whose path is the longest prefix of the message's path; a message about a group
 * or the whole rule (an empty group, an unknown topic) is returned as `other`, for the top.
 */
export function placeIssues(
  query: BuilderGroup,
  paths: RulePaths,
  issues: ReadonlyArray<{ path: string; message: string }>,
): { byRule: Map<string, string>; other: Array<{ path: string; message: string }> } {
  const ruleIds = new Set<string>();
  const collect = (group: BuilderGroup) => {
    for (const item of group.rules) {
      if (isGroup(item)) collect(item);
      else if (item.id) ruleIds.add(item.id);
    }
  };
  collect(query);
  const byRule = new Map<string, string>();
  const other: Array<{ path: string; message: string }> = [];
  for (const issue of issues) {
    let best: { id: string; length: number } | undefined;
    for (const [id, path] of paths) {
      const covers = issue.path === path || issue.path.startsWith(`${path}.`);
      if (covers && (!best || path.length > best.length)) best = { id, length: path.length };
    }
    if (best && ruleIds.has(best.id) && !byRule.has(best.id)) byRule.set(best.id, issue.message);
    else if (!best || !ruleIds.has(best.id)) other.push(issue);
  }
  return { byRule, other };
}
