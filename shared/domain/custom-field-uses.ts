import { CUSTOM_FIELD_PREFIX } from './custom-field';
import type { Form } from './form';
import type { Segment } from './segment';
import type { RuleNode } from './segment-rule';
import { mergeFieldsOf, type Template } from './template';

/** Something that uses a custom field, as a refused deletion names it. */
export interface CustomFieldUse {
  kind: 'segment' | 'form' | 'template';
  id: string;
  name: string;
}

/** The custom field keys a rule reads (`fields.<key>` conditions). */
export function ruleCustomFields(rule: RuleNode): string[] {
  const keys = new Set<string>();
  const visit = (node: RuleNode): void => {
    if ('all' in node) for (const child of node.all) visit(child);
    else if ('any' in node) for (const child of node.any) visit(child);
    else if ('not' in node) visit(node.not);
    else if (node.field.startsWith(CUSTOM_FIELD_PREFIX)) keys.add(node.field.slice(CUSTOM_FIELD_PREFIX.length));
  };
  visit(rule);
  return [...keys];
}

/** The custom field keys a template merges (`{{fields.<key>}}` in subject, HTML or text). */
export function templateCustomFields(template: Pick<Template, 'subject' | 'html' | 'text'>): string[] {
  const keys = new Set<string>();
  for (const part of [template.subject, template.html, template.text ?? '']) {
    for (const name of mergeFieldsOf(part).known) if (name.startsWith(CUSTOM_FIELD_PREFIX)) keys.add(name.slice(CUSTOM_FIELD_PREFIX.length));
  }
  return [...keys];
}

/** Which segments, forms and templates use the field `key`. */
export function customFieldUses(
  key: string,
  users: {
    segments: ReadonlyArray<Pick<Segment, 'id' | 'name' | 'rule'>>;
    forms: ReadonlyArray<Pick<Form, 'id' | 'name' | 'fields'>>;
    templates: ReadonlyArray<Pick<Template, 'id' | 'name' | 'subject' | 'html' | 'text'>>;
  },
): CustomFieldUse[] {
  const formField = `${CUSTOM_FIELD_PREFIX}${key}`;
  return [
    ...users.segments.filter((segment) => ruleCustomFields(segment.rule).includes(key)).map(({ id, name }) => ({ kind: 'segment' as const, id, name })),
    ...users.forms.filter((form) => form.fields.some((field) => field.name === formField)).map(({ id, name }) => ({ kind: 'form' as const, id, name })),
    ...users.templates.filter((template) => templateCustomFields(template).includes(key)).map(({ id, name }) => ({ kind: 'template' as const, id, name })),
  ];
}
