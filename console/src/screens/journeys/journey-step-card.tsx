import { useId, useMemo } from 'react';
import type { Campaign } from '#shared/domain/campaign';
import type { Template } from '#shared/domain/template';
import type { Topic } from '#shared/domain/topic';
import type { FieldIssue } from '../../api/problem';
import { CheckboxField, NamedOptions, SelectField, TextField } from '../../components/fields';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { SegmentRuleBuilder } from '../segments/segment-rule-builder';
import { placeIssues, ruleFromQuery } from '../segments/segment-rule-mapping';
import { type JourneyStats, newKey, type StepDraft } from './journey-draft';
import { type JourneyMessage, journeyMessages } from './journey-messages';

type StepStats = JourneyStats['steps'][string];
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const TIME_ZONES = ['contact', 'Europe/Berlin', 'Europe/Vienna', 'Europe/Zurich', 'Europe/London', 'America/New_York', 'Asia/Tokyo', 'UTC'];

export interface StepCardProps {
  step: StepDraft;
  index: number;
  count: number;
  steps: readonly StepDraft[];
  templates: readonly Template[];
  topics: readonly Topic[];
  campaigns: readonly Campaign[];
  /** The API's message for a path below this step (`next`, `duration`, `paths.1.percent`). */
  problemAt: (path: string) => string | undefined;
  /** The API's messages about this step that no field shows (the step itself, say "unreachable"). */
  cardIssues: readonly string[];
  /** The API's messages about the branch's rule (`rule.all.0.value`). */
  ruleIssues: readonly FieldIssue[];
  stats: StepStats | undefined;
  readOnly: boolean;
  onChange: (step: StepDraft) => void;
  onRename: (id: string) => void;
  onMove: (direction: -1 | 1) => void;
  onRemove: () => void;
}

/** A select of the other steps (by id) for a `next`, `yes`, `no` or path; "End of journey" is none. */
function NextSelect({
  label,
  value,
  step,
  steps,
  error,
  onChange,
  disabled,
}: {
  label: string;
  value: string;
  step: StepDraft;
  steps: readonly StepDraft[];
  error: string | undefined;
  onChange: (value: string) => void;
  disabled: boolean;
}) {
  const t = useT(journeyMessages);
  const known = steps.some((other) => other.id === value);
  return (
    <SelectField label={label} value={value} error={error} onChange={(event) => onChange(event.target.value)} disabled={disabled}>
      <option value="">{t('endOfJourney')}</option>
      {steps
        .filter((other) => other.key !== step.key)
        .map((other) => (
          <option key={other.key} value={other.id}>
            {other.id} ({t(`type_${other.type}`)})
          </option>
        ))}
      {value && !known ? <option value={value}>{value}</option> : null}
    </SelectField>
  );
}

function StepFigures({ id, stats }: { id: string; stats: StepStats }) {
  const t = useT(journeyMessages);
  const format = useFormat();
  const entries: Array<[string, number]> = [
    [t('reached'), stats.reached],
    [t('waiting'), stats.waiting],
  ];
  const optional: Array<[JourneyMessage, number | undefined]> = [
    ['sent', stats.sent],
    ['skipped', stats.skipped],
    ['failed', stats.failed],
    ['capped', stats.capped],
    ['opened', stats.opened],
    ['clicked', stats.clicked],
    ['yes', stats.yes],
    ['no', stats.no],
  ];
  for (const [key, value] of optional) if (value !== undefined) entries.push([t(key), value]);
  (stats.paths ?? []).forEach((value, index) => {
    entries.push([t('pathFigure', { n: index + 1 }), value]);
  });
  return (
    <dl className="journey-step-figures" aria-label={t('stepFigures', { id })} data-testid={`step-figures-${id}`}>
      {entries.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{format.number(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One step of the ordered list: its id and type, the fields of its type, where it leads, its figures. */
export function StepCard(props: StepCardProps) {
  const { step, index, count, steps, problemAt, readOnly, onChange } = props;
  const t = useT(journeyMessages);
  const titleId = useId();
  const set = <K extends keyof StepDraft>(key: K, value: StepDraft[K]) => onChange({ ...step, [key]: value });
  const input = (
    key: 'templateId' | 'topic' | 'from' | 'days' | 'hours' | 'minutes' | 'fromHour' | 'toHour' | 'withinHours' | 'addTags' | 'removeTags' | 'scoreDelta',
  ) => ({ value: step[key], onChange: (event: { target: { value: string } }) => set(key, event.target.value), disabled: readOnly }) as const;
  const next = (label: string, key: 'next' | 'yes' | 'no') => (
    <NextSelect label={label} value={step[key]} step={step} steps={steps} error={problemAt(key)} onChange={(value) => set(key, value)} disabled={readOnly} />
  );
  const rulePlaced = useMemo(() => {
    const { paths } = ruleFromQuery(step.query);
    return placeIssues(step.query, paths, props.ruleIssues);
  }, [step.query, props.ruleIssues]);
  const type = t(`type_${step.type}`);
  const earlierMails = steps.slice(0, index).filter((other) => other.type === 'send_email');
  return (
    <li className="journey-step" data-step-id={step.id}>
      <section className={`card journey-step-card type-${step.type}`} aria-labelledby={titleId}>
        <div className="card-header journey-step-header">
          <h3 id={titleId}>
            {t('stepTitle', { n: index + 1, type })} {index === 0 ? <span className="badge published">{t('start')}</span> : null}
          </h3>
          {readOnly ? null : (
            <div className="journey-step-actions">
              <button
                type="button"
                id={`step-${step.key}-up`}
                aria-label={t('moveUp', { id: step.id })}
                disabled={index === 0}
                onClick={() => props.onMove(-1)}
              >
                {t('up')}
              </button>
              <button
                type="button"
                id={`step-${step.key}-down`}
                aria-label={t('moveDown', { id: step.id })}
                disabled={index === count - 1}
                onClick={() => props.onMove(1)}
              >
                {t('down')}
              </button>
              <button type="button" className="link danger" aria-label={t('removeStep', { id: step.id })} onClick={props.onRemove}>
                {t('remove')}
              </button>
            </div>
          )}
        </div>
        {props.cardIssues.length > 0 ? (
          <div className="notice error">
            <p>{t('stepProblems')}</p>
            <ul>
              {props.cardIssues.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="journey-step-body">
          <div className="form-grid">
            <TextField
              label={t('stepId')}
              hint={t('stepIdHint')}
              value={step.id}
              onChange={(event) => props.onRename(event.target.value)}
              error={problemAt('id')}
              disabled={readOnly}
            />
            {step.type === 'send_email' ? (
              <>
                <SelectField label={t('template')} error={problemAt('templateId')} {...input('templateId')}>
                  <NamedOptions items={props.templates} none={t('choose')} />
                </SelectField>
                <SelectField label={t('topic')} error={problemAt('topic')} {...input('topic')}>
                  <NamedOptions items={props.topics} none={t('choose')} />
                </SelectField>
                <TextField label={t('from')} hint={t('fromHint')} error={problemAt('from')} {...input('from')} />
                {next(t('next'), 'next')}
              </>
            ) : null}
            {step.type === 'wait' ? (
              <>
                <fieldset className="full journey-duration">
                  <legend>{t('waitFor')}</legend>
                  <TextField label={t('days')} type="number" min={0} inputMode="numeric" error={problemAt('duration')} {...input('days')} />
                  <TextField label={t('hours')} type="number" min={0} inputMode="numeric" {...input('hours')} />
                  <TextField label={t('minutes')} type="number" min={0} inputMode="numeric" {...input('minutes')} />
                </fieldset>
                <div className="full">
                  <CheckboxField
                    label={t('useWindow')}
                    checked={step.windowOn}
                    onChange={(event) => set('windowOn', event.target.checked)}
                    disabled={readOnly}
                  />
                </div>
                {step.windowOn ? (
                  <fieldset className="full journey-window">
                    <legend>{t('window')}</legend>
                    <fieldset className="journey-weekdays" aria-describedby={problemAt('until.weekdays') ? `${titleId}-weekdays-error` : undefined}>
                      <legend>{t('weekdays')}</legend>
                      {WEEKDAYS.map((day) => (
                        <CheckboxField
                          key={day}
                          label={t(`weekday_${day}`)}
                          checked={step.weekdays.includes(day)}
                          disabled={readOnly}
                          onChange={(event) =>
                            set('weekdays', event.target.checked ? [...step.weekdays, day] : step.weekdays.filter((weekday) => weekday !== day))
                          }
                        />
                      ))}
                      {problemAt('until.weekdays') ? (
                        <span id={`${titleId}-weekdays-error`} className="field-error">
                          {problemAt('until.weekdays')}
                        </span>
                      ) : null}
                    </fieldset>
                    <TextField label={t('fromHour')} type="number" min={0} max={23} error={problemAt('until.fromHour')} {...input('fromHour')} />
                    <TextField label={t('toHour')} type="number" min={1} max={24} error={problemAt('until.toHour')} {...input('toHour')} />
                    <SelectField
                      label={t('timeZone')}
                      value={step.timeZone}
                      error={problemAt('until.timeZone')}
                      onChange={(event) => set('timeZone', event.target.value)}
                      disabled={readOnly}
                    >
                      {[...new Set([...TIME_ZONES, step.timeZone])].map((zone) => (
                        <option key={zone} value={zone}>
                          {zone === 'contact' ? t('timeZoneContact') : zone}
                        </option>
                      ))}
                    </SelectField>
                  </fieldset>
                ) : null}
                {next(t('next'), 'next')}
              </>
            ) : null}
            {step.type === 'branch' ? (
              <>
                <SelectField
                  label={t('branchOn')}
                  value={step.branchMode}
                  onChange={(event) => set('branchMode', event.target.value === 'rule' ? 'rule' : 'email')}
                  disabled={readOnly}
                >
                  <option value="email">{t('branchEmail')}</option>
                  <option value="rule">{t('branchRule')}</option>
                </SelectField>
                {step.branchMode === 'email' ? (
                  <>
                    <SelectField
                      label={t('emailStep')}
                      value={step.emailStepId}
                      error={problemAt('email.stepId') ?? problemAt('email')}
                      onChange={(event) => set('emailStepId', event.target.value)}
                      disabled={readOnly}
                    >
                      <option value="">{t('choose')}</option>
                      {earlierMails.map((mail) => (
                        <option key={mail.key} value={mail.id}>
                          {mail.id}
                        </option>
                      ))}
                      {step.emailStepId && !earlierMails.some((mail) => mail.id === step.emailStepId) ? (
                        <option value={step.emailStepId}>{step.emailStepId}</option>
                      ) : null}
                    </SelectField>
                    <SelectField
                      label={t('event')}
                      value={step.event}
                      error={problemAt('email.event')}
                      onChange={(event) => set('event', event.target.value === 'opened' ? 'opened' : 'clicked')}
                      disabled={readOnly}
                    >
                      <option value="opened">{t('event_opened')}</option>
                      <option value="clicked">{t('event_clicked')}</option>
                    </SelectField>
                    <TextField label={t('withinHours')} type="number" min={1} error={problemAt('email.withinHours')} {...input('withinHours')} />
                  </>
                ) : (
                  <div className="full">
                    <h4>{t('branchRuleTitle', { id: step.id })}</h4>
                    {rulePlaced.other.length > 0 ? (
                      <ul className="field-error">
                        {rulePlaced.other.map((issue) => (
                          <li key={`${issue.path}:${issue.message}`}>{issue.message}</li>
                        ))}
                      </ul>
                    ) : null}
                    <SegmentRuleBuilder
                      query={step.query}
                      onChange={(query) => set('query', query)}
                      topics={props.topics}
                      campaigns={props.campaigns}
                      issues={rulePlaced.byRule}
                      extraFields={[]}
                    />
                  </div>
                )}
                {next(t('yesNext'), 'yes')}
                {next(t('noNext'), 'no')}
              </>
            ) : null}
            {step.type === 'split' ? (
              <div className="full journey-paths">
                {problemAt('paths') && !step.paths.some((_, n) => problemAt(`paths.${n}`)) ? <p className="field-error">{problemAt('paths')}</p> : null}
                {step.paths.map((path, n) => (
                  <fieldset key={path.key} className="journey-path">
                    <legend>{t('pathN', { n: n + 1 })}</legend>
                    <TextField
                      label={t('percent')}
                      type="number"
                      min={1}
                      max={99}
                      value={path.percent}
                      error={problemAt(`paths.${n}.percent`)}
                      disabled={readOnly}
                      onChange={(event) =>
                        set(
                          'paths',
                          step.paths.map((other) => (other.key === path.key ? { ...other, percent: event.target.value } : other)),
                        )
                      }
                    />
                    <NextSelect
                      label={t('next')}
                      value={path.next}
                      step={step}
                      steps={steps}
                      error={problemAt(`paths.${n}.next`)}
                      disabled={readOnly}
                      onChange={(value) =>
                        set(
                          'paths',
                          step.paths.map((other) => (other.key === path.key ? { ...other, next: value } : other)),
                        )
                      }
                    />
                    {readOnly || step.paths.length <= 2 ? null : (
                      <button
                        type="button"
                        className="link danger"
                        aria-label={t('removePath', { n: n + 1 })}
                        onClick={() =>
                          set(
                            'paths',
                            step.paths.filter((other) => other.key !== path.key),
                          )
                        }
                      >
                        {t('remove')}
                      </button>
                    )}
                  </fieldset>
                ))}
                {readOnly || step.paths.length >= 5 ? null : (
                  <button type="button" onClick={() => set('paths', [...step.paths, { key: newKey(), percent: '', next: '' }])}>
                    {t('addPath')}
                  </button>
                )}
              </div>
            ) : null}
            {step.type === 'update_contact' ? (
              <>
                <TextField label={t('addTags')} hint={t('tagsHint')} error={problemAt('addTags')} {...input('addTags')} />
                <TextField label={t('removeTags')} hint={t('tagsHint')} error={problemAt('removeTags')} {...input('removeTags')} />
                <TextField label={t('scoreDelta')} type="number" error={problemAt('scoreDelta')} {...input('scoreDelta')} />
                {next(t('next'), 'next')}
              </>
            ) : null}
            {step.type === 'exit' ? <p className="muted">{t('exitText')}</p> : null}
          </div>
          {props.stats ? <StepFigures id={step.id} stats={props.stats} /> : null}
        </div>
      </section>
    </li>
  );
}
