import { CUSTOM_FIELD_OPERATORS, CUSTOM_FIELD_PREFIX, type CustomFieldDefinition, customValueIssue } from './custom-field';
import type { FieldIssue } from './errors';
import type { RuleNode } from './segment-rule';

/**
 * The problems of a rule's `fields.<key>` conditions against the fields' definitions (the rest of the
 * rule is checked by shared/domain/segment-rule.ts `ruleIssues`): an unknown field or one of companies,
 * an operator its type has not, a value of the wrong type (dates `YYYY-MM-DD`, a select's options).
 */
export function customFieldRuleIssues(rule: RuleNode, definitions: readonly CustomFieldDefinition[], root = 'rule'): FieldIssue[] {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const issues: FieldIssue[] = [];
  const visit = (node: RuleNode, path: string): void => {
    if ('all' in node) {
      for (const [index, child] of node.all.entries()) visit(child, `${path}.all.${index}`);
      return;
    }
    if ('any' in node) {
      for (const [index, child] of node.any.entries()) visit(child, `${path}.any.${index}`);
      return;
    }
    if ('not' in node) {
      visit(node.not, `${path}.not`);
      return;
    }
    if (!node.field.startsWith(CUSTOM_FIELD_PREFIX)) return;
    const key = node.field.slice(CUSTOM_FIELD_PREFIX.length);
    const definition = byKey.get(key);
    if (definition?.appliesTo !== 'contact') {
      const known = definitions.filter((d) => d.appliesTo === 'contact').map((d) => `fields.${d.key}`);
      issues.push({
        path: `${path}.field`,
        message: `${definition ? 'is a field of companies' : 'is not a custom field'}; contact fields: ${known.join(', ') || 'none'}`,
      });
      return;
    }
    const operators = CUSTOM_FIELD_OPERATORS[definition.type];
    if (!operators.includes(node.op)) {
      issues.push({ path: `${path}.op`, message: `must be one of ${operators.join(', ')} for a ${definition.type} field` });
      return;
    }
    if (node.op === 'exists') return;
    const values = node.op === 'in' && Array.isArray(node.value) ? node.value : [node.value];
    for (const [index, value] of values.entries()) {
      const problem = customValueIssue(definition, value);
      if (problem) {
        issues.push({ path: `${path}.value${node.op === 'in' ? `.${index}` : ''}`, message: problem });
        return;
      }
    }
  };
  visit(rule, root);
  return issues;
}
