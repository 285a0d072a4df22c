import type { CreateJourneyInput, JourneyStep, JourneyStepType, JourneyTrigger } from '#shared/domain/journey';
import type { RuleNode } from '#shared/domain/segment-rule';
import type { ResponseOf } from '#shared/http/response-schemas';
import { type BuilderGroup, queryFromRule, ruleFromQuery } from '../segments/segment-rule-mapping';

export type JourneyView = ResponseOf<'GET /v1/journeys/{id}'>;
export type JourneyStats = JourneyView['stats'];
export const STEP_TYPES: readonly JourneyStepType[] = ['send_email', 'wait', 'branch', 'split', 'update_contact', 'exit'];
export const TRIGGER_TYPES: ReadonlyArray<JourneyTrigger['type']> = ['consent_granted', 'lead_captured', 'segment_entered', 'order_placed'];
export const GOAL_TYPES = ['none', 'order_placed', 'segment_exited', 'rule'] as const;
export type GoalChoice = (typeof GOAL_TYPES)[number];

/**
 * One step as the builder edits it: every field of every type as text (what the inputs hold), so a
 * half-typed number stays as typed; {@link stepFromDraft} turns it into the API's step of its type.
 * `key` stays the same however the step is renamed or moved (React's key, the API errors' anchor).
 */
export interface StepDraft {
  key: string;
  id: string;
  type: JourneyStepType;
  next: string;
  templateId: string;
  topic: string;
  from: string;
  days: string;
  hours: string;
  minutes: string;
  windowOn: boolean;
  weekdays: number[];
  fromHour: string;
  toHour: string;
  timeZone: string;
  branchMode: 'rule' | 'email';
  query: BuilderGroup;
  emailStepId: string;
  event: 'opened' | 'clicked';
  withinHours: string;
  yes: string;
  no: string;
  paths: Array<{ key: string; percent: string; next: string }>;
  addTags: string;
  removeTags: string;
  scoreDelta: string;
}

export interface JourneyDraft {
  name: string;
  triggerType: JourneyTrigger['type'];
  segmentId: string;
  formId: string;
  campaignId: string;
  topic: string;
  entryQuery: BuilderGroup;
  reentry: 'never' | 'after';
  reentryDays: string;
  goal: GoalChoice;
  goalSegmentId: string;
  goalQuery: BuilderGroup;
  goalDays: string;
  holdout: string;
  steps: StepDraft[];
}

const EMPTY_QUERY: BuilderGroup = { combinator: 'and', rules: [] };
let keys = 0;
export function newKey(): string {
  keys += 1;
  return `k${keys}`;
}

const text = (value: number | undefined) => (value === undefined ? '' : String(value));
/** A number input's text as the API's number: empty is absent, anything else is sent as typed (the API names what is wrong). */
const number = (value: string) => (value.trim() === '' ? undefined : Number(value));
const tags = (value: string) =>
  value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
const queryOf = (rule: unknown) => (rule ? queryFromRule(rule as RuleNode) : EMPTY_QUERY);
const ruleOf = (query: BuilderGroup) => (query.rules.length === 0 ? undefined : ruleFromQuery(query).rule);

export function blankStep(type: JourneyStepType, id: string, from = ''): StepDraft {
  return {
    key: newKey(),
    id,
    type,
    next: '',
    templateId: '',
    topic: '',
    from,
    days: type === 'wait' ? '1' : '',
    hours: '',
    minutes: '',
    windowOn: false,
    weekdays: [2, 3, 4],
    fromHour: '9',
    toHour: '11',
    timeZone: 'contact',
    branchMode: 'email',
    query: EMPTY_QUERY,
    emailStepId: '',
    event: 'clicked',
    withinHours: '48',
    yes: '',
    no: '',
    paths:
      type === 'split'
        ? [
            { key: newKey(), percent: '50', next: '' },
            { key: newKey(), percent: '50', next: '' },
          ]
        : [],
    addTags: '',
    removeTags: '',
    scoreDelta: '',
  };
}

const ID_PREFIX: Record<JourneyStepType, string> = {
  send_email: 'mail',
  wait: 'wait',
  branch: 'branch',
  split: 'split',
  update_contact: 'update',
  exit: 'exit',
};

/** The first free id of the form `mail-1`, `wait-2`, … */
export function freeId(type: JourneyStepType, steps: readonly StepDraft[]): string {
  const taken = new Set(steps.map((step) => step.id));
  for (let n = 1; ; n += 1) if (!taken.has(`${ID_PREFIX[type]}-${n}`)) return `${ID_PREFIX[type]}-${n}`;
}

/** Types whose step has one optional or required `next`. */
export const hasNext = (type: JourneyStepType) => type === 'send_email' || type === 'wait' || type === 'update_contact';

function draftFromStep(step: JourneyStep): StepDraft {
  const draft = blankStep(step.type, step.id);
  switch (step.type) {
    case 'send_email':
      return { ...draft, templateId: step.templateId, topic: step.topic, from: step.from, next: step.next ?? '' };
    case 'wait':
      return {
        ...draft,
        next: step.next,
        days: text(step.duration?.days),
        hours: text(step.duration?.hours),
        minutes: text(step.duration?.minutes),
        windowOn: step.until !== undefined,
        ...(step.until
          ? { weekdays: step.until.weekdays, fromHour: String(step.until.fromHour), toHour: String(step.until.toHour), timeZone: step.until.timeZone }
          : {}),
      };
    case 'branch':
      return {
        ...draft,
        yes: step.yes,
        no: step.no,
        branchMode: step.rule ? 'rule' : 'email',
        query: queryOf(step.rule),
        ...(step.email ? { emailStepId: step.email.stepId, event: step.email.event, withinHours: String(step.email.withinHours) } : {}),
      };
    case 'split':
      return { ...draft, paths: step.paths.map((path) => ({ key: newKey(), percent: String(path.percent), next: path.next })) };
    case 'update_contact':
      return {
        ...draft,
        next: step.next ?? '',
        addTags: (step.addTags ?? []).join(', '),
        removeTags: (step.removeTags ?? []).join(', '),
        scoreDelta: text(step.scoreDelta),
      };
    case 'exit':
      return draft;
  }
}

/** The API's step for a draft: only the fields of its type, empty ones left out (so the API names what is missing). */
export function stepFromDraft(step: StepDraft): Record<string, unknown> {
  const next = step.next ? { next: step.next } : {};
  switch (step.type) {
    case 'send_email':
      return { id: step.id, type: step.type, templateId: step.templateId, topic: step.topic, from: step.from.trim(), ...next };
    case 'wait': {
      const parts = { days: number(step.days), hours: number(step.hours), minutes: number(step.minutes) };
      const duration = Object.fromEntries(Object.entries(parts).filter(([, value]) => value !== undefined));
      return {
        id: step.id,
        type: step.type,
        ...(Object.keys(duration).length > 0 ? { duration } : {}),
        ...(step.windowOn
          ? {
              until: {
                weekdays: [...step.weekdays].sort(),
                fromHour: number(step.fromHour),
                toHour: number(step.toHour),
                timeZone: step.timeZone || 'contact',
              },
            }
          : {}),
        ...next,
      };
    }
    case 'branch':
      return {
        id: step.id,
        type: step.type,
        ...(step.branchMode === 'rule'
          ? { rule: ruleOf(step.query) ?? { all: [] } }
          : { email: { stepId: step.emailStepId, event: step.event, withinHours: number(step.withinHours) } }),
        yes: step.yes,
        no: step.no,
      };
    case 'split':
      return { id: step.id, type: step.type, paths: step.paths.map((path) => ({ percent: number(path.percent), next: path.next })) };
    case 'update_contact': {
      const add = tags(step.addTags);
      const remove = tags(step.removeTags);
      const score = number(step.scoreDelta);
      return {
        id: step.id,
        type: step.type,
        ...(add.length ? { addTags: add } : {}),
        ...(remove.length ? { removeTags: remove } : {}),
        ...(score !== undefined ? { scoreDelta: score } : {}),
        ...next,
      };
    }
    case 'exit':
      return { id: step.id, type: step.type };
  }
}

export function blankDraft(): JourneyDraft {
  return {
    name: '',
    triggerType: 'consent_granted',
    segmentId: '',
    formId: '',
    campaignId: '',
    topic: '',
    entryQuery: EMPTY_QUERY,
    reentry: 'never',
    reentryDays: '30',
    goal: 'none',
    goalSegmentId: '',
    goalQuery: EMPTY_QUERY,
    goalDays: '30',
    holdout: '0',
    steps: [],
  };
}

export function draftFromJourney(journey: JourneyView): JourneyDraft {
  const trigger = journey.trigger as JourneyTrigger;
  const entry = journey.entry as CreateJourneyInput['entry'];
  const goal = journey.goal as CreateJourneyInput['goal'];
  const reentry = entry?.reentry;
  return {
    ...blankDraft(),
    name: journey.name,
    triggerType: trigger.type,
    segmentId: trigger.type === 'segment_entered' ? trigger.segmentId : '',
    formId: trigger.type === 'lead_captured' ? (trigger.formId ?? '') : '',
    campaignId: trigger.type === 'lead_captured' ? (trigger.campaignId ?? '') : '',
    topic: trigger.type === 'consent_granted' ? trigger.topic : '',
    entryQuery: queryOf(entry?.rule),
    reentry: reentry && reentry !== 'never' ? 'after' : 'never',
    reentryDays: reentry && reentry !== 'never' ? String(reentry.afterDays) : '30',
    goal: goal?.type ?? 'none',
    goalSegmentId: goal?.segmentId ?? '',
    goalQuery: queryOf(goal?.rule),
    goalDays: goal ? String(goal.withinDays) : '30',
    holdout: String(journey.holdoutPercent),
    steps: (journey.steps as unknown as JourneyStep[]).map(draftFromStep),
  };
}

/** The definition the API is sent (POST whole, PATCH all parts; `goal: null` removes a goal). */
export function definitionFromDraft(draft: JourneyDraft) {
  const trigger =
    draft.triggerType === 'segment_entered'
      ? { type: draft.triggerType, segmentId: draft.segmentId }
      : draft.triggerType === 'lead_captured'
        ? { type: draft.triggerType, ...(draft.formId ? { formId: draft.formId } : {}), ...(draft.campaignId ? { campaignId: draft.campaignId } : {}) }
        : draft.triggerType === 'consent_granted'
          ? { type: draft.triggerType, topic: draft.topic }
          : { type: draft.triggerType };
  const rule = ruleOf(draft.entryQuery);
  const goal =
    draft.goal === 'none'
      ? null
      : {
          type: draft.goal,
          ...(draft.goal === 'segment_exited' ? { segmentId: draft.goalSegmentId } : {}),
          ...(draft.goal === 'rule' ? { rule: ruleOf(draft.goalQuery) ?? { all: [] } } : {}),
          withinDays: number(draft.goalDays),
        };
  return {
    trigger,
    entry: { ...(rule ? { rule } : {}), reentry: draft.reentry === 'never' ? 'never' : { afterDays: number(draft.reentryDays) } },
    goal,
    holdoutPercent: number(draft.holdout) ?? 0,
    steps: draft.steps.map(stepFromDraft),
  };
}

/** Every reference to step `from` (next, yes, no, paths, the mail a branch asks about) pointed at `to` ('' clears it). */
export function renameReferences(steps: readonly StepDraft[], from: string, to: string): StepDraft[] {
  const swap = (value: string) => (value === from ? to : value);
  return steps.map((step) => ({
    ...step,
    next: swap(step.next),
    yes: swap(step.yes),
    no: swap(step.no),
    emailStepId: swap(step.emailStepId),
    paths: step.paths.map((path) => ({ ...path, next: swap(path.next) })),
  }));
}
