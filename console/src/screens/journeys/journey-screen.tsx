import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { Campaign } from '#shared/domain/campaign';
import type { JourneyStepType } from '#shared/domain/journey';
import type { JourneyTransition } from '#shared/domain/journey-lifecycle';
import type { ParticipantStatus } from '#shared/domain/journey-participant';
import type { Segment } from '#shared/domain/segment';
import type { Template } from '#shared/domain/template';
import type { Topic } from '#shared/domain/topic';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';
import { ApiProblem, type FieldIssue } from '../../api/problem';
import { type Page as ListPage, usePaged } from '../../api/use-paged';
import { ArchiveButton } from '../../components/archive-button';
import { commonMessages } from '../../components/common-messages';
import { fieldError, NamedOptions, SelectField, TextField } from '../../components/fields';
import { Card, EmptyState, Page } from '../../components/page';
import { PagedList } from '../../components/paged-list';
import { QueryState } from '../../components/query-state';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { displayName } from '../contacts/contact-messages';
import { SegmentRuleBuilder } from '../segments/segment-rule-builder';
import { type BuilderGroup, placeIssues, ruleFromQuery } from '../segments/segment-rule-mapping';
import {
  blankDraft,
  blankStep,
  definitionFromDraft,
  draftFromJourney,
  freeId,
  GOAL_TYPES,
  type GoalChoice,
  hasNext,
  type JourneyDraft,
  type JourneyStats,
  type JourneyView,
  renameReferences,
  STEP_TYPES,
  type StepDraft,
  TRIGGER_TYPES,
} from './journey-draft';
import { Allowed, useCan } from '../../roles/permissions';
import { ReadOnlyNotice } from '../../roles/read-only';
import { JourneyForecast } from './journey-forecast';
import { journeyMessages } from './journey-messages';
import { JourneyStatusBadge } from './journey-status-badge';
import { StepCard } from './journey-step-card';
import './journeys.css';

type Journey = ResponseOf<'POST /v1/journeys'>;
type Participant = ResponseOf<'GET /v1/journeys/{id}/participants'>['items'][number];
const PARTICIPANT_CHOICES: readonly ParticipantStatus[] = ['active', 'completed', 'exited'];

function useAll<T>(path: string) {
  const api = useApi();
  return useQuery({ queryKey: [path, 'all'], queryFn: () => api.get<ListPage<T>>(path, { limit: 500 }), staleTime: 30_000 });
}

/** The fields above the steps that show an API message of exactly their path. */
const TOP_FIELDS = [
  'name',
  'trigger',
  'trigger.type',
  'trigger.segmentId',
  'trigger.formId',
  'trigger.campaignId',
  'trigger.topic',
  'entry.reentry',
  'entry.reentry.afterDays',
  'goal',
  'goal.type',
  'goal.segmentId',
  'goal.withinDays',
  'holdoutPercent',
  'steps',
];

/** What each step type's fields show, by path below `steps.<n>.` (a field shows its path and anything under it). */
const STEP_FIELDS: Record<JourneyStepType, readonly string[]> = {
  send_email: ['id', 'templateId', 'topic', 'from', 'next'],
  wait: ['id', 'duration', 'until.weekdays', 'until.fromHour', 'until.toHour', 'until.timeZone', 'next'],
  branch: ['id', 'email', 'rule', 'yes', 'no'],
  split: ['id', 'paths'],
  update_contact: ['id', 'addTags', 'removeTags', 'scoreDelta', 'next'],
  exit: ['id'],
};
const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`);
const stripped = (issues: readonly FieldIssue[], prefix: string) =>
  issues.filter((issue) => under(issue.path, `${prefix}rule`)).map((issue) => ({ ...issue, path: issue.path.slice(prefix.length) }));

/** A rule builder for a part of the journey (entry, goal): the API's messages about it beside its conditions. */
function RuleSection({
  query,
  onChange,
  issues,
  topics,
  campaigns,
}: {
  query: BuilderGroup;
  onChange: (query: BuilderGroup) => void;
  issues: readonly FieldIssue[];
  topics: readonly Topic[];
  campaigns: readonly Campaign[];
}) {
  const placed = useMemo(() => placeIssues(query, ruleFromQuery(query).paths, issues), [query, issues]);
  return (
    <>
      {placed.other.length > 0 ? (
        <ul className="field-error">
          {placed.other.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>{issue.message}</li>
          ))}
        </ul>
      ) : null}
      <SegmentRuleBuilder query={query} onChange={onChange} topics={topics} campaigns={campaigns} issues={placed.byRule} extraFields={[]} />
    </>
  );
}

function JourneyEditor({
  journey,
  stats,
  onSaved,
  onDirty,
}: {
  journey?: JourneyView;
  stats?: JourneyStats;
  onSaved?: () => void;
  /** Whether the form holds changes not saved yet (publishing would publish the saved version, not these). */
  onDirty?: (dirty: boolean) => void;
}) {
  const t = useT(journeyMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const topics = useAll<Topic>('/v1/topics');
  const templates = useAll<Template>('/v1/templates');
  const segments = useAll<Segment>('/v1/segments');
  const campaigns = useAll<Campaign>('/v1/campaigns');
  const forms = useAll<{ id: string; name: string }>('/v1/forms');
  const [draft, setDraft] = useState<JourneyDraft>(() => (journey ? draftFromJourney(journey) : blankDraft()));
  const [newType, setNewType] = useState<JourneyStepType>('send_email');
  const [moved, setMoved] = useState<{ key: string; direction: -1 | 1 }>();
  const mayEdit = useCan().can(journey ? 'PATCH /v1/journeys/{id}' : 'POST /v1/journeys');
  const readOnly = journey?.status === 'archived' || !mayEdit;
  const original = useMemo(() => (journey ? JSON.stringify(definitionFromDraft(draftFromJourney(journey))) : ''), [journey]);

  const dirty = journey !== undefined && (draft.name !== journey.name || JSON.stringify(definitionFromDraft(draft)) !== original);
  useEffect(() => onDirty?.(dirty), [dirty, onDirty]);

  const save = useMutation({
    mutationFn: (_keys: string[]) => {
      const definition = definitionFromDraft(draft);
      if (!journey) {
        const { goal, ...rest } = definition;
        return api.send<Journey>('POST', '/v1/journeys', { name: draft.name.trim(), ...rest, ...(goal ? { goal } : {}) });
      }
      // An unchanged definition is not sent: a published journey would gain a new version for nothing.
      const changed = JSON.stringify(definition) !== original;
      return api.send<Journey>('PATCH', `/v1/journeys/${encodeURIComponent(journey.id)}`, { name: draft.name.trim(), ...(changed ? definition : {}) });
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['/v1/journeys'] });
      if (journey) onSaved?.();
      else void navigate(`/journeys/${encodeURIComponent(saved.id)}`, { replace: true, state: { saved: true } });
    },
  });

  useEffect(() => {
    if (!moved) return;
    const { key, direction } = moved;
    const wanted = document.getElementById(`step-${key}-${direction < 0 ? 'up' : 'down'}`) as HTMLButtonElement | null;
    const other = document.getElementById(`step-${key}-${direction < 0 ? 'down' : 'up'}`) as HTMLButtonElement | null;
    (wanted && !wanted.disabled ? wanted : other)?.focus();
    setMoved(undefined);
  }, [moved]);

  const issues = save.error instanceof ApiProblem ? save.error.errors : [];
  const submitted = save.variables ?? [];
  const stepIssues = (key: string) => {
    const index = submitted.indexOf(key);
    if (index < 0) return [];
    const prefix = `steps.${index}`;
    return issues.filter((issue) => under(issue.path, prefix)).map((issue) => ({ ...issue, path: issue.path.slice(prefix.length + 1) }));
  };
  const exact = (path: string) => issues.find((issue) => issue.path === path)?.message;
  const unplaced = issues.filter(
    (issue) => !TOP_FIELDS.includes(issue.path) && !/^steps\.\d+(\.|$)/.test(issue.path) && !under(issue.path, 'entry.rule') && !under(issue.path, 'goal.rule'),
  );

  const set = <K extends keyof JourneyDraft>(key: K, value: JourneyDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const value = (key: 'name' | 'segmentId' | 'formId' | 'campaignId' | 'topic' | 'reentryDays' | 'goalSegmentId' | 'goalDays' | 'holdout') =>
    ({ value: draft[key], onChange: (event: { target: { value: string } }) => set(key, event.target.value), disabled: readOnly }) as const;
  const setSteps = (update: (steps: StepDraft[]) => StepDraft[]) => setDraft((current) => ({ ...current, steps: update(current.steps) }));

  const addStep = () =>
    setSteps((steps) => {
      const from = steps.find((step) => step.type === 'send_email' && step.from)?.from ?? '';
      const step = blankStep(newType, freeId(newType, steps), from);
      const last = steps.at(-1);
      // The step before it leads on to it when it led nowhere yet: the list reads top to bottom.
      const linked = last && hasNext(last.type) && !last.next ? steps.map((other) => (other.key === last.key ? { ...other, next: step.id } : other)) : steps;
      return [...linked, step];
    });
  const move = (key: string, direction: -1 | 1) => {
    setSteps((steps) => {
      const index = steps.findIndex((step) => step.key === key);
      const target = index + direction;
      if (index < 0 || target < 0 || target >= steps.length) return steps;
      const next = [...steps];
      const [step] = next.splice(index, 1);
      if (step) next.splice(target, 0, step);
      return next;
    });
    setMoved({ key, direction });
  };
  const rename = (key: string, id: string) =>
    setSteps((steps) => {
      const old = steps.find((step) => step.key === key)?.id ?? '';
      const taken = steps.some((step) => step.key !== key && (step.id === id || step.id === old));
      const renamed = steps.map((step) => (step.key === key ? { ...step, id } : step));
      return taken || !old ? renamed : renameReferences(renamed, old, id);
    });
  const remove = (key: string) =>
    setSteps((steps) => {
      const gone = steps.find((step) => step.key === key);
      const rest = steps.filter((step) => step.key !== key);
      return gone ? renameReferences(rest, gone.id, '') : rest;
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft.steps.map((step) => step.key));
  };
  const topicItems = topics.data?.items ?? [];
  const campaignItems = campaigns.data?.items ?? [];

  return (
    <form onSubmit={submit} noValidate className="journey-editor">
      {save.error ? (
        <div className="notice error" role="alert">
          <p>{issues.length > 0 ? c('fixFields') : save.error.message}</p>
          {unplaced.length > 0 ? (
            <ul>
              {unplaced.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>
                  <code>{issue.path}</code>: {issue.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Card title={t('details')} id="journey-details">
        <div className="form-grid">
          <TextField label={c('name')} error={fieldError(save.error, 'name')} required {...value('name')} />
          <TextField
            label={t('holdout')}
            hint={t('holdoutHint')}
            type="number"
            min={0}
            max={50}
            error={fieldError(save.error, 'holdoutPercent')}
            {...value('holdout')}
          />
        </div>
      </Card>
      <Card title={t('definition')} id="journey-definition">
        <div className="form-grid">
          <SelectField
            label={t('triggerType')}
            value={draft.triggerType}
            error={exact('trigger') ?? exact('trigger.type')}
            disabled={readOnly}
            onChange={(event) => set('triggerType', TRIGGER_TYPES.find((type) => type === event.target.value) ?? 'consent_granted')}
          >
            {TRIGGER_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`trigger_${type}`)}
              </option>
            ))}
          </SelectField>
          {draft.triggerType === 'consent_granted' ? (
            <SelectField label={t('topic')} error={fieldError(save.error, 'trigger.topic')} {...value('topic')}>
              <NamedOptions items={topics.data?.items} none={t('choose')} />
            </SelectField>
          ) : null}
          {draft.triggerType === 'segment_entered' ? (
            <SelectField label={t('segment')} error={fieldError(save.error, 'trigger.segmentId')} {...value('segmentId')}>
              <NamedOptions items={segments.data?.items} none={t('choose')} />
            </SelectField>
          ) : null}
          {draft.triggerType === 'lead_captured' ? (
            <>
              <SelectField label={t('form')} error={fieldError(save.error, 'trigger.formId')} {...value('formId')}>
                <NamedOptions items={forms.data?.items} none={t('anyForm')} />
              </SelectField>
              <SelectField label={t('campaign')} error={fieldError(save.error, 'trigger.campaignId')} {...value('campaignId')}>
                <NamedOptions items={campaigns.data?.items} none={t('anyCampaign')} />
              </SelectField>
            </>
          ) : null}
          <fieldset className="full">
            <legend>{t('entryRule')}</legend>
            <p className="hint">{t('entryRuleHint')}</p>
            <RuleSection
              query={draft.entryQuery}
              onChange={(query) => set('entryQuery', query)}
              issues={stripped(issues, 'entry.')}
              topics={topicItems}
              campaigns={campaignItems}
            />
          </fieldset>
          <fieldset className="full">
            <legend>{t('reentry')}</legend>
            <div className="journey-choices">
              <label>
                <input type="radio" name="reentry" checked={draft.reentry === 'never'} disabled={readOnly} onChange={() => set('reentry', 'never')} />{' '}
                {t('reentryNever')}
              </label>
              <label>
                <input type="radio" name="reentry" checked={draft.reentry === 'after'} disabled={readOnly} onChange={() => set('reentry', 'after')} />{' '}
                {t('reentryAfter')}
              </label>
              {draft.reentry === 'after' ? (
                <TextField label={t('reentryDays')} type="number" min={1} error={fieldError(save.error, 'entry.reentry')} {...value('reentryDays')} />
              ) : null}
            </div>
          </fieldset>
          <fieldset className="full">
            <legend>{t('goal')}</legend>
            <p className="hint">{t('goalHint')}</p>
            <div className="form-grid">
              <SelectField
                label={t('goal')}
                value={draft.goal}
                error={exact('goal') ?? exact('goal.type')}
                disabled={readOnly}
                onChange={(event) => set('goal', GOAL_TYPES.find((type) => type === event.target.value) ?? ('none' satisfies GoalChoice))}
              >
                {GOAL_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`goal_${type}`)}
                  </option>
                ))}
              </SelectField>
              {draft.goal === 'segment_exited' ? (
                <SelectField label={t('segment')} error={fieldError(save.error, 'goal.segmentId')} {...value('goalSegmentId')}>
                  <NamedOptions items={segments.data?.items} none={t('choose')} />
                </SelectField>
              ) : null}
              {draft.goal !== 'none' ? (
                <TextField label={t('withinDays')} type="number" min={1} max={365} error={fieldError(save.error, 'goal.withinDays')} {...value('goalDays')} />
              ) : null}
              {draft.goal === 'rule' ? (
                <div className="full">
                  <h3>{t('goalRule')}</h3>
                  <RuleSection
                    query={draft.goalQuery}
                    onChange={(query) => set('goalQuery', query)}
                    issues={stripped(issues, 'goal.')}
                    topics={topicItems}
                    campaigns={campaignItems}
                  />
                </div>
              ) : null}
            </div>
          </fieldset>
        </div>
      </Card>
      <Card title={t('steps')} id="journey-steps">
        <p className="hint">{t('stepsHint')}</p>
        {exact('steps') ? <p className="field-error">{exact('steps')}</p> : null}
        <ol className="journey-steps">
          {draft.steps.map((step, index) => {
            const own = stepIssues(step.key);
            return (
              <StepCard
                key={step.key}
                step={step}
                index={index}
                count={draft.steps.length}
                steps={draft.steps}
                templates={templates.data?.items ?? []}
                topics={topicItems}
                campaigns={campaignItems}
                problemAt={(path) => own.find((issue) => under(issue.path, path))?.message}
                cardIssues={own.filter((issue) => !STEP_FIELDS[step.type].some((field) => under(issue.path, field))).map((issue) => issue.message)}
                ruleIssues={own.filter((issue) => under(issue.path, 'rule'))}
                stats={stats?.steps[step.id]}
                readOnly={readOnly}
                onChange={(changed) => setSteps((steps) => steps.map((other) => (other.key === step.key ? changed : other)))}
                onRename={(id) => rename(step.key, id)}
                onMove={(direction) => move(step.key, direction)}
                onRemove={() => remove(step.key)}
              />
            );
          })}
        </ol>
        {readOnly ? null : (
          <div className="journey-add-step">
            <SelectField
              label={t('newStepType')}
              value={newType}
              onChange={(event) => setNewType(STEP_TYPES.find((type) => type === event.target.value) ?? 'send_email')}
            >
              {STEP_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`type_${type}`)}
                </option>
              ))}
            </SelectField>
            <button type="button" onClick={addStep}>
              {t('addStep')}
            </button>
          </div>
        )}
      </Card>
      {readOnly ? null : (
        <div className="form-actions journey-save">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? c('saving') : journey ? t('save') : t('create')}
          </button>
        </div>
      )}
    </form>
  );
}

function Figures({ stats }: { stats: JourneyStats }) {
  const t = useT(journeyMessages);
  const format = useFormat();
  const kpi = (key: string, label: string, value: string, detail?: string) => (
    <div className="kpi" key={key}>
      <dt>{label}</dt>
      <dd data-testid={`figure-${key}`}>{value}</dd>
      {detail ? <dd className="hint">{detail}</dd> : null}
    </div>
  );
  return (
    <Card title={t('figures')} id="journey-figures">
      <p className="hint">{t('figuresHint')}</p>
      <div role="status" aria-live="polite">
        <dl className="kpis journey-kpis">
          {kpi('entered', t('entered'), format.number(stats.entered))}
          {kpi('active', t('active'), format.number(stats.active))}
          {kpi('completed', t('completed'), format.number(stats.completed))}
          {kpi('exited', t('exited'), format.number(stats.exited))}
          {kpi(
            'conversion',
            t('conversionRate'),
            format.percent(stats.conversionRate),
            t('convertedOf', { converted: format.number(stats.converted), entered: format.number(stats.entered - stats.holdout.entered) }),
          )}
          {kpi(
            'holdout',
            t('holdoutRate'),
            format.percent(stats.holdout.conversionRate),
            t('convertedOf', { converted: format.number(stats.holdout.converted), entered: format.number(stats.holdout.entered) }),
          )}
          {kpi('lift', t('lift'), stats.lift === undefined ? '–' : t('liftValue', { value: format.number(stats.lift) }))}
        </dl>
        <p className="hint">
          {t('exitedBy', {
            goal: format.number(stats.exitedBy.goal),
            unsubscribed: format.number(stats.exitedBy.unsubscribed),
            archived: format.number(stats.exitedBy.archived),
            erased: format.number(stats.exitedBy.erased),
          })}
        </p>
      </div>
    </Card>
  );
}

/** The people in the journey, by status; asked for again whenever the figures show someone moved (`revision`). */
function Participants({ id, revision }: { id: string; revision: string }) {
  const t = useT(journeyMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<ParticipantStatus>('active');
  const path = `/v1/journeys/${encodeURIComponent(id)}/participants`;
  const list = usePaged<Participant>(path, { status });
  useEffect(() => {
    if (revision) void queryClient.invalidateQueries({ queryKey: [path] });
  }, [revision, path, queryClient]);
  return (
    <Card title={t('participants')} id="journey-participants">
      <div className="journey-list-filter">
        <SelectField
          label={t('participantStatus')}
          value={status}
          onChange={(event) => setStatus(PARTICIPANT_CHOICES.find((choice) => choice === event.target.value) ?? 'active')}
        >
          {PARTICIPANT_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {t(`participant_${choice}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <PagedList list={list} empty={<EmptyState title={t('participantsEmpty')} />}>
        {(items) => (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('person')}</th>
                <th scope="col">{t('atStep')}</th>
                <th scope="col">{c('status')}</th>
                <th scope="col" className="num">
                  {t('version')}
                </th>
                <th scope="col">{t('enteredAt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((participant) => (
                <tr key={participant.contactId}>
                  <th scope="row">
                    <Link to={`/contacts/${encodeURIComponent(participant.contactId)}`}>
                      {participant.contact ? displayName(participant.contact, participant.contact.email) : t('erasedPerson')}
                    </Link>
                    {participant.contact && (participant.contact.firstName || participant.contact.lastName) ? (
                      <span className="muted"> · {participant.contact.email}</span>
                    ) : null}
                    {participant.holdout ? <span className="badge"> {t('holdoutMember')}</span> : null}
                  </th>
                  <td>
                    <code>{participant.stepId}</code>
                  </td>
                  <td>
                    {t(`participant_${participant.status}`)}
                    {participant.waitingFor ? <span className="muted"> · {t(`waitingFor_${participant.waitingFor}`)}</span> : null}
                    {participant.exitReason ? <span className="muted"> · {t(`exitReason_${participant.exitReason}`)}</span> : null}
                  </td>
                  <td className="num">{format.number(participant.version)}</td>
                  <td>{format.dateTime(participant.enteredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </Card>
  );
}

/** Changes whenever someone enters, moves on or leaves. */
const figuresRevision = (stats: JourneyStats) =>
  [stats.entered, stats.completed, stats.exited, ...Object.entries(stats.steps).map(([step, counts]) => `${step}:${counts.reached}:${counts.waiting}`)].join(
    ',',
  );

function Lifecycle({ journey, dirty }: { journey: JourneyView; dirty: boolean }) {
  const t = useT(journeyMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const { can } = useCan();
  const transition = useMutation({
    mutationFn: (name: JourneyTransition) => api.send<Journey>('POST', `/v1/journeys/${encodeURIComponent(journey.id)}/${name}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['/v1/journeys'] }),
  });
  const button = (name: JourneyTransition, label: string, primary = false, blocked = false) => (
    <button
      type="button"
      className={primary ? 'primary' : undefined}
      disabled={transition.isPending || blocked}
      aria-describedby={blocked ? 'journey-unsaved' : undefined}
      onClick={() => transition.mutate(name)}
    >
      {label}
    </button>
  );
  return (
    <div className="journey-lifecycle">
      <JourneyStatusBadge status={journey.status} />
      {journey.status !== 'archived' && journey.draft && can('POST /v1/journeys/{id}/publish')
        ? button('publish', journey.publishedVersion ? t('publishDraft', { version: journey.version }) : t('publish'), true, dirty)
        : null}
      {dirty ? (
        <span id="journey-unsaved" className="hint">
          {t('unsaved')}
        </span>
      ) : null}
      {journey.status === 'published' && can('POST /v1/journeys/{id}/pause') ? button('pause', t('pause')) : null}
      {journey.status === 'paused' && can('POST /v1/journeys/{id}/resume') ? button('resume', t('resume'), true) : null}
      {journey.status !== 'archived' && can('POST /v1/journeys/{id}/archive') ? (
        <ArchiveButton
          confirmText={t('archiveConfirm', { name: journey.name })}
          pending={transition.isPending}
          onArchive={() => transition.mutate('archive')}
        />
      ) : null}
      {transition.error ? (
        <p className="field-error" role="alert">
          {transition.error.message}
        </p>
      ) : null}
    </div>
  );
}

function JourneyPage({ id }: { id: string }) {
  const t = useT(journeyMessages);
  const api = useApi();
  const format = useFormat();
  const location = useLocation();
  const [saved, setSaved] = useState(() => (location.state as { saved?: boolean } | null)?.saved === true);
  const [dirty, setDirty] = useState(false);
  const journey = useQuery({
    queryKey: ['/v1/journeys', id],
    queryFn: () => api.get<JourneyView>(`/v1/journeys/${encodeURIComponent(id)}`),
    // Live figures while people move through it.
    refetchInterval: (query) => (query.state.data?.status === 'published' ? 3000 : false),
  });
  const data = journey.data;
  return (
    <Page title={data?.name ?? t('details')} actions={data ? <Lifecycle journey={data} dirty={dirty} /> : undefined}>
      <QueryState query={journey}>
        {(view) => (
          <>
            <div role="status" aria-live="polite">
              {saved ? <p className="notice ok">{t('saved')}</p> : null}
            </div>
            {view.draft && view.publishedVersion ? (
              <p className="notice warn" data-testid="draft-notice">
                {t('draftNotice', { version: view.version, published: view.publishedVersion })}
              </p>
            ) : null}
            {view.status !== 'archived' ? <ReadOnlyNotice route="PATCH /v1/journeys/{id}" /> : null}
            {view.status === 'draft' ? <p className="notice warn">{t('newDraftNotice')}</p> : null}
            {view.status === 'paused' ? <p className="notice warn">{t('pausedNotice')}</p> : null}
            {view.status === 'archived' ? <p className="notice warn">{t('archivedNotice', { date: format.date(view.archivedAt) })}</p> : null}
            {view.status !== 'draft' || view.stats.entered > 0 ? <Figures stats={view.stats} /> : null}
            <JourneyEditor
              key={`${view.id}:${view.version}:${view.status}`}
              journey={view}
              stats={view.stats}
              onSaved={() => setSaved(true)}
              onDirty={setDirty}
            />
            {view.status !== 'archived' ? (
              <Allowed route="POST /v1/journeys/{id}/simulate">
                <JourneyForecast
                  key={`${view.id}:${view.version}`}
                  journeyId={view.id}
                  steps={view.steps.map((step) => ({ id: String(step.id), type: step.type as JourneyStepType }))}
                />
              </Allowed>
            ) : null}
            {view.status !== 'draft' ? <Participants id={view.id} revision={figuresRevision(view.stats)} /> : null}
          </>
        )}
      </QueryState>
    </Page>
  );
}

export default function JourneyScreen() {
  const t = useT(journeyMessages);
  const { id } = useParams();
  if (!id) {
    return (
      <Page title={t('newTitle')}>
        <JourneyEditor />
      </Page>
    );
  }
  return <JourneyPage key={id} id={id} />;
}
