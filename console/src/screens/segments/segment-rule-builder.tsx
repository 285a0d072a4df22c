import { useId, useMemo } from 'react';
import {
  type ActionProps,
  type CombinatorSelectorProps,
  type Field,
  type FieldSelectorProps,
  type FullOption,
  type NotToggleProps,
  type OperatorSelectorProps,
  QueryBuilder,
  type RuleGroupType,
  type ValueEditorProps,
} from 'react-querybuilder';
import 'react-querybuilder/dist/query-builder-layout.css';
import type { Campaign } from '#shared/domain/campaign';
import { CONSENT_STATUSES, SEGMENT_FIELD_CATALOG } from '#shared/domain/segment-rule';
import { CUSTOM_FIELD_OPERATORS, type CustomFieldDefinition } from '#shared/domain/custom-field';
import { CustomRuleValue } from '../fields/custom-rule-value';
import { ChoiceValue } from './choice-rule-value';
import { useCustomFields, useLabelOf } from '../fields/use-custom-fields';
import type { Topic } from '#shared/domain/topic';
import { type Translate, useT } from '../../i18n/locale';
import { segmentMessages, type SegmentMessage } from './segment-messages';
import { type BuilderGroup, builderOperators, defaultValue, fieldKind, mayAddGroup } from './segment-rule-mapping';
import './segment-rule-builder.css';

/** What every control of the builder needs besides its own props: texts, choices, and the API's messages per item. */
interface BuilderContext {
  t: Translate<SegmentMessage>;
  campaigns: readonly Campaign[];
  /** The API's message for a builder item (by id), when it names one. */
  issues: ReadonlyMap<string, string>;
  /** The custom fields of contacts (`fields.<key>` conditions). */
  customFields: readonly CustomFieldDefinition[];
}

const CAMPAIGN_FIELDS = new Set(['firstTouch.campaign', 'lastTouch.campaign']);

/** `1.2` for the second item of the first group: how a person refers to an item (and what screen readers hear). */
const numberOf = (path: readonly number[]) => path.map((index) => index + 1).join('.');
const groupName = (t: Translate<SegmentMessage>, path: readonly number[]) => (path.length === 0 ? t('rootGroup') : t('groupN', { n: numberOf(path) }));
const conditionName = (t: Translate<SegmentMessage>, path: readonly number[]) => t('conditionN', { n: numberOf(path) });
const errorId = (id: string | undefined) => (id ? `rule-issue-${id}` : undefined);

const flat = (options: CombinatorSelectorProps['options']): FullOption[] =>
  options.flatMap((option) => ('options' in option ? option.options : [option])) as FullOption[];

function CombinatorSelector({ options, value, handleOnChange, path, context }: CombinatorSelectorProps) {
  const { t } = context as BuilderContext;
  return (
    <select
      className="rqb-combinator"
      aria-label={t('combinatorOf', { where: groupName(t, path) })}
      value={value}
      onChange={(event) => handleOnChange(event.target.value)}
    >
      {flat(options).map((option) => (
        <option key={option.name} value={option.name}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

function NotToggle({ checked, handleOnChange, path, context }: NotToggleProps) {
  const { t } = context as BuilderContext;
  const id = useId();
  return (
    <span className="rqb-not">
      <input
        id={id}
        type="checkbox"
        checked={checked ?? false}
        onChange={(event) => handleOnChange(event.target.checked)}
        aria-label={t('notOf', { where: groupName(t, path) })}
      />
      <label htmlFor={id} aria-hidden="true">
        {t('not')}
      </label>
    </span>
  );
}

function FieldSelector({ options, value, handleOnChange, path, context, rule }: FieldSelectorProps) {
  const { t, issues } = context as BuilderContext;
  const issue = rule.id ? issues.get(rule.id) : undefined;
  return (
    <select
      className="rqb-field"
      aria-label={t('fieldOf', { where: conditionName(t, path) })}
      aria-invalid={issue ? true : undefined}
      aria-describedby={issue ? errorId(rule.id) : undefined}
      value={value}
      onChange={(event) => handleOnChange(event.target.value)}
    >
      {flat(options).map((option) => (
        <option key={option.name} value={option.name}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

function OperatorSelector({ options, value, handleOnChange, path, context }: OperatorSelectorProps) {
  const { t } = context as BuilderContext;
  return (
    <select
      className="rqb-operator"
      aria-label={t('operatorOf', { where: conditionName(t, path) })}
      value={value}
      onChange={(event) => handleOnChange(event.target.value)}
    >
      {flat(options).map((option) => (
        <option key={option.name} value={option.name}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/** ISO time ↔ the UTC day a date input shows (the API compares instants; a date means its start in UTC). */
const dayOf = (value: unknown) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : '');

function ValueEditor({ field, operator, value, handleOnChange, path, context, rule }: ValueEditorProps) {
  const { t, campaigns, issues } = context as BuilderContext;
  const kind = fieldKind(field);
  const where = conditionName(t, path);
  const issue = rule.id ? issues.get(rule.id) : undefined;
  const invalid = { 'aria-invalid': issue ? true : undefined, 'aria-describedby': issue ? errorId(rule.id) : undefined } as const;
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  if (operator === 'exists') return null;
  if (field.startsWith('fields.')) {
    const definition = (context as BuilderContext).customFields.find((candidate) => `fields.${candidate.key}` === field);
    return (
      <CustomRuleValue
        definition={definition}
        operator={operator}
        text={text}
        label={t(operator === 'in' ? 'valuesOf' : 'valueOf', { where })}
        onChange={handleOnChange}
        invalid={invalid}
      />
    );
  }
  if (kind === 'consent' && operator === 'in') {
    const chosen = new Set(text.split('\n').filter(Boolean));
    const toggle = (status: string, on: boolean) => {
      const next = new Set(chosen);
      if (on) next.add(status);
      else next.delete(status);
      handleOnChange(CONSENT_STATUSES.filter((candidate) => next.has(candidate)).join('\n'));
    };
    return (
      <fieldset className="rqb-statuses" {...invalid}>
        <legend className="visually-hidden">{t('statusesOf', { where })}</legend>
        {CONSENT_STATUSES.map((status) => (
          <label key={status}>
            <input type="checkbox" checked={chosen.has(status)} onChange={(event) => toggle(status, event.target.checked)} /> {t(`status_${status}`)}
          </label>
        ))}
      </fieldset>
    );
  }
  if (kind === 'choice') {
    return (
      <ChoiceValue field={field} operator={operator} text={text} label={t('valueOf', { where })} where={where} onChange={handleOnChange} invalid={invalid} />
    );
  }
  if (kind === 'consent') {
    return (
      <select aria-label={t('valueOf', { where })} value={text} onChange={(event) => handleOnChange(event.target.value)} {...invalid}>
        {CONSENT_STATUSES.map((status) => (
          <option key={status} value={status}>
            {t(`status_${status}`)}
          </option>
        ))}
      </select>
    );
  }
  if (operator === 'in') {
    return (
      <textarea
        className="rqb-list"
        rows={3}
        aria-label={t('valuesOf', { where })}
        placeholder={t('onePerLine')}
        value={text}
        onChange={(event) => handleOnChange(event.target.value)}
        {...invalid}
      />
    );
  }
  if (operator === 'moreThanDaysAgo' || operator === 'lessThanDaysAgo') {
    return (
      <span className="rqb-days">
        <input
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          aria-label={t('daysOf', { where })}
          value={text}
          onChange={(event) => handleOnChange(event.target.value)}
          {...invalid}
        />
        <span aria-hidden="true">{t('daysAgo')}</span>
      </span>
    );
  }
  if (kind === 'time') {
    return (
      <input
        type="date"
        aria-label={t('dateOf', { where })}
        value={dayOf(value)}
        onChange={(event) => handleOnChange(event.target.value ? `${event.target.value}T00:00:00Z` : '')}
        {...invalid}
      />
    );
  }
  if (CAMPAIGN_FIELDS.has(field) && (operator === 'eq' || operator === 'neq')) {
    // The API matches a touch's campaign by id or code; the select chooses by id and shows a code it was given as that campaign.
    const selected = campaigns.find((campaign) => campaign.code === text)?.id ?? text;
    const known = campaigns.some((campaign) => campaign.id === selected);
    return (
      <select aria-label={t('campaignOf', { where })} value={selected} onChange={(event) => handleOnChange(event.target.value)} {...invalid}>
        <option value="">{t('chooseCampaign')}</option>
        {!known && text ? <option value={text}>{text}</option> : null}
        {campaigns.map((campaign) => (
          <option key={campaign.id} value={campaign.id}>
            {campaign.name} ({campaign.code})
          </option>
        ))}
      </select>
    );
  }
  if (kind === 'number') {
    return (
      <input type="number" step="any" aria-label={t('valueOf', { where })} value={text} onChange={(event) => handleOnChange(event.target.value)} {...invalid} />
    );
  }
  return <input type="text" aria-label={t('valueOf', { where })} value={text} onChange={(event) => handleOnChange(event.target.value)} {...invalid} />;
}

function AddRule({ handleOnClick, path, context }: ActionProps) {
  const { t } = context as BuilderContext;
  return (
    <button type="button" className="rqb-add" aria-label={t('addRuleTo', { where: groupName(t, path) })} onClick={(event) => handleOnClick(event)}>
      {t('addRule')}
    </button>
  );
}

function AddGroup({ handleOnClick, path, level, context }: ActionProps) {
  const { t } = context as BuilderContext;
  if (!mayAddGroup(level)) return null;
  return (
    <button type="button" className="rqb-add" aria-label={t('addGroupTo', { where: groupName(t, path) })} onClick={(event) => handleOnClick(event)}>
      {t('addGroup')}
    </button>
  );
}

function RemoveRule({ handleOnClick, path, context, ruleOrGroup }: ActionProps) {
  const { t, issues } = context as BuilderContext;
  const issue = ruleOrGroup.id ? issues.get(ruleOrGroup.id) : undefined;
  return (
    <>
      {issue ? (
        <span id={errorId(ruleOrGroup.id)} className="field-error rqb-issue">
          {issue}
        </span>
      ) : null}
      <button
        type="button"
        className="link danger rqb-remove"
        aria-label={t('removeWhat', { where: conditionName(t, path) })}
        onClick={(event) => handleOnClick(event)}
      >
        {t('remove')}
      </button>
    </>
  );
}

function RemoveGroup({ handleOnClick, path, context, ruleOrGroup }: ActionProps) {
  const { t, issues } = context as BuilderContext;
  const issue = ruleOrGroup.id ? issues.get(ruleOrGroup.id) : undefined;
  return (
    <>
      {issue ? <span className="field-error rqb-issue">{issue}</span> : null}
      <button
        type="button"
        className="link danger rqb-remove"
        aria-label={t('removeWhat', { where: groupName(t, path) })}
        onClick={(event) => handleOnClick(event)}
      >
        {t('remove')}
      </button>
    </>
  );
}

const CONTROL_ELEMENTS = {
  combinatorSelector: CombinatorSelector,
  notToggle: NotToggle,
  fieldSelector: FieldSelector,
  operatorSelector: OperatorSelector,
  valueEditor: ValueEditor,
  addRuleAction: AddRule,
  addGroupAction: AddGroup,
  removeRuleAction: RemoveRule,
  removeGroupAction: RemoveGroup,
};

function operatorLabel(t: Translate<SegmentMessage>, kind: ReturnType<typeof fieldKind>, operator: string): string {
  if (kind === 'tags' && operator === 'contains') return t('op_tagsContains');
  return t(`op_${operator}` as SegmentMessage);
}

/**
 * The visual rule builder (react-querybuilder, loaded only with this screen): every field and
 * operator of the API from its catalog, consent per topic, a value editor per kind, each control
 * named after the condition or group it belongs to. Groups nest only as deep as the API accepts.
 */
export function SegmentRuleBuilder({
  query,
  onChange,
  topics,
  campaigns,
  issues,
  extraFields,
}: {
  query: BuilderGroup;
  onChange: (query: BuilderGroup) => void;
  topics: readonly Topic[];
  campaigns: readonly Campaign[];
  issues: ReadonlyMap<string, string>;
  extraFields: readonly string[];
}) {
  const t = useT(segmentMessages);
  const customFields = useCustomFields('contact');
  const labelOf = useLabelOf();
  const fields = useMemo<Field[]>(() => {
    const withOperators = (name: string, label: string): Field => {
      const kind = fieldKind(name);
      return {
        name,
        value: name,
        label,
        operators: kind ? builderOperators(kind).map((op) => ({ name: op, value: op, label: operatorLabel(t, kind, op) })) : [],
      };
    };
    const plain = SEGMENT_FIELD_CATALOG.filter((entry) => entry.kind !== 'consent').map((entry) =>
      withOperators(entry.field, t(`field_${entry.field}` as SegmentMessage)),
    );
    const consentTopics = [
      ...new Set([
        ...topics.map((topic) => topic.id),
        ...extraFields.filter((field) => field.startsWith('consent.')).map((field) => field.slice('consent.'.length)),
      ]),
    ];
    const consent = consentTopics.map((id) =>
      withOperators(`consent.${id}`, t('fieldConsent', { topic: topics.find((topic) => topic.id === id)?.name ?? id })),
    );
    const custom = customFields.items.map((definition) => ({
      name: `fields.${definition.key}`,
      value: `fields.${definition.key}`,
      label: labelOf(definition.label),
      operators: CUSTOM_FIELD_OPERATORS[definition.type].map((op) => ({ name: op, value: op, label: operatorLabel(t, undefined, op) })),
    }));
    return [...consent, ...plain, ...custom];
  }, [t, topics, extraFields, customFields.items, labelOf]);
  const combinators = useMemo(
    () => [
      { name: 'and', value: 'and', label: t('groupAll') },
      { name: 'or', value: 'or', label: t('groupAny') },
    ],
    [t],
  );
  const context = useMemo<BuilderContext>(() => ({ t, campaigns, issues, customFields: customFields.items }), [t, campaigns, issues, customFields.items]);
  return (
    <div className="segment-rule-builder">
      <QueryBuilder
        fields={fields}
        combinators={combinators}
        query={query as RuleGroupType}
        onQueryChange={(next) => onChange(next as BuilderGroup)}
        showNotToggle
        resetOnFieldChange
        resetOnOperatorChange
        getDefaultValue={(rule) => defaultValue(fieldKind(rule.field), rule.operator, rule.field)}
        controlElements={CONTROL_ELEMENTS}
        context={context}
        translations={{
          addRule: { label: t('addRule'), title: t('addRule') },
          addGroup: { label: t('addGroup'), title: t('addGroup') },
          removeRule: { label: t('remove'), title: t('remove') },
          removeGroup: { label: t('remove'), title: t('remove') },
          notToggle: { label: t('not'), title: t('not') },
        }}
        controlClassnames={{ queryBuilder: 'rqb', ruleGroup: 'rqb-group', rule: 'rqb-rule' }}
      />
    </div>
  );
}
