import type { Archivable } from '#shared/domain/archive';
import type { FieldIssue } from '#shared/domain/errors';
import type { JourneyDefinition } from '#shared/domain/journey-lifecycle';
import { ruleTopics, type RuleNode } from '#shared/domain/segment-rule';

/** The reads a journey's references need: each answers undefined (or leaves out) what does not exist. */
export interface JourneyReferencePorts {
  templates: { get(id: string): Promise<Archivable | undefined> };
  segments: { getMany(ids: readonly string[]): Promise<Archivable[]> };
  topics: { getMany(ids: readonly string[]): Promise<Archivable[]> };
  forms: { get(id: string): Promise<Archivable | undefined> };
  campaigns: { get(id: string): Promise<{ id: string } | undefined> };
}

interface Reference {
  path: string;
  entity: 'template' | 'segment' | 'topic' | 'form' | 'campaign';
  id: string;
}

/** Every entity a definition names, with the path of the naming field (`steps.3.templateId`). */
export function journeyReferences(definition: JourneyDefinition): Reference[] {
  const references: Reference[] = [];
  const rule = (node: RuleNode | undefined, path: string) => {
    if (node) for (const topic of ruleTopics(node)) references.push({ path, entity: 'topic', id: topic });
  };
  const { trigger, entry, goal, steps } = definition;
  if (trigger.type === 'segment_entered') references.push({ path: 'trigger.segmentId', entity: 'segment', id: trigger.segmentId });
  if (trigger.type === 'consent_granted') references.push({ path: 'trigger.topic', entity: 'topic', id: trigger.topic });
  if (trigger.type === 'lead_captured') {
    if (trigger.formId) references.push({ path: 'trigger.formId', entity: 'form', id: trigger.formId });
    if (trigger.campaignId) references.push({ path: 'trigger.campaignId', entity: 'campaign', id: trigger.campaignId });
  }
  rule(entry?.rule, 'entry.rule');
  if (goal?.segmentId) references.push({ path: 'goal.segmentId', entity: 'segment', id: goal.segmentId });
  rule(goal?.rule, 'goal.rule');
  steps.forEach((step, index) => {
    if (step.type === 'send_email') {
      references.push({ path: `steps.${index}.templateId`, entity: 'template', id: step.templateId });
      references.push({ path: `steps.${index}.topic`, entity: 'topic', id: step.topic });
    }
    if (step.type === 'branch') rule(step.rule, `steps.${index}.rule`);
  });
  return references;
}

/**
 * The issues of a definition's references: each must exist, and one the journey did not name before
 * (`before`, the published version's references) must not be archived.
 */
export async function journeyReferenceIssues(ports: JourneyReferencePorts, definition: JourneyDefinition, before?: JourneyDefinition): Promise<FieldIssue[]> {
  const references = journeyReferences(definition);
  const had = new Set(before ? journeyReferences(before).map((reference) => `${reference.entity}:${reference.id}`) : []);
  const ids = (entity: Reference['entity']) => [...new Set(references.filter((reference) => reference.entity === entity).map((reference) => reference.id))];
  const one = async <T>(list: string[], get: (id: string) => Promise<T | undefined>) =>
    (await Promise.all(list.map(get))).filter((found): found is Awaited<T> => found !== undefined);
  const [templates, segments, topics, forms, campaigns] = await Promise.all([
    one(ids('template'), (id) => ports.templates.get(id)),
    ids('segment').length > 0 ? ports.segments.getMany(ids('segment')) : [],
    ids('topic').length > 0 ? ports.topics.getMany(ids('topic')) : [],
    one(ids('form'), (id) => ports.forms.get(id)),
    one(ids('campaign'), (id) => ports.campaigns.get(id)),
  ]);
  const found: Record<Reference['entity'], ReadonlyArray<{ id: string; archivedAt?: string }>> = {
    template: templates,
    segment: segments,
    topic: topics,
    form: forms,
    campaign: campaigns,
  };
  return references.flatMap((reference): FieldIssue[] => {
    const entity = found[reference.entity].find((candidate) => candidate.id === reference.id);
    if (!entity) return [{ path: reference.path, message: `${reference.entity} ${reference.id} does not exist` }];
    if (entity.archivedAt && !had.has(`${reference.entity}:${reference.id}`))
      return [{ path: reference.path, message: `${reference.entity} ${reference.id} is archived` }];
    return [];
  });
}
