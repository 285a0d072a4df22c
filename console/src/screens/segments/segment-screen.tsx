import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { Campaign } from '#shared/domain/campaign';
import type { Segment, SegmentSchedule } from '#shared/domain/segment';
import type { Topic } from '#shared/domain/topic';
import type { ContactSummary, previewSegment } from '#shared/use-cases/manage-segments';
import { useApi } from '../../api/api-context';
import { ApiProblem } from '../../api/problem';
import { type Page as ListPage, usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, SelectField, TextField } from '../../components/fields';
import { LoadMore } from '../../components/load-more';
import { Card, EmptyState, Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { Allowed, useCan } from '../../roles/permissions';
import { ReadOnlyGroup, ReadOnlyNotice } from '../../roles/read-only';
import { ConfirmDialog } from '../mailings/confirm-dialog';
import '../mailings/mailing.css';
import { PrintExportCard } from './print-export-card';
import { segmentMessages } from './segment-messages';
import { useCustomFields } from '../fields/use-custom-fields';
import { SegmentRuleBuilder } from './segment-rule-builder';
import { type BuilderGroup, isGroup, placeIssues, queryFromRule, ruleFromQuery } from './segment-rule-mapping';
import { useDebounced } from './use-debounced';

/** The live count, and with a topic who a mailing on it would reach (`reach`). */
type Preview = Awaited<ReturnType<typeof previewSegment>>;
type Member = ContactSummary & { enteredAt: string };

const SCHEDULE_CHOICES: readonly SegmentSchedule[] = ['daily', 'hourly', 'off'];
const EMPTY_QUERY: BuilderGroup = { combinator: 'and', rules: [] };

export const personName = (contact: ContactSummary) => [contact.firstName, contact.lastName].filter(Boolean).join(' ');

function useAll<T>(path: string) {
  const api = useApi();
  return useQuery({ queryKey: [path, 'all'], queryFn: () => api.get<ListPage<T>>(path, { limit: 500 }), staleTime: 60_000 });
}

function fieldsOf(group: BuilderGroup): string[] {
  return group.rules.flatMap((item) => (isGroup(item) ? fieldsOf(item) : [item.field]));
}

/** The live count: asks the API ~300 ms after the rule last changed, in a polite live region. */
function LivePreview({
  rule,
  empty,
  topics,
  topic,
  onTopic,
  problem,
}: {
  rule: string;
  empty: boolean;
  topics: readonly Topic[];
  topic: string;
  onTopic: (topic: string) => void;
  problem: (error: unknown) => void;
}) {
  const t = useT(segmentMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const api = useApi();
  const settled = useDebounced(rule, 300);
  // While editing, an estimate from a sample is enough at large sizes; "Count exactly" asks for all of it.
  const [exactFor, setExactFor] = useState<string>();
  const exact = exactFor === `${topic}:${settled}`;
  const preview = useQuery({
    queryKey: ['segment-preview', settled, topic, exact],
    queryFn: () =>
      api.send<Preview>('POST', '/v1/segments/preview', {
        rule: JSON.parse(settled) as unknown,
        ...(topic ? { topic } : {}),
        ...(exact ? {} : { estimate: true }),
      }),
    enabled: !empty,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const error = preview.isError ? preview.error : undefined;
  useEffect(() => problem(error), [error, problem]);
  const counting = !empty && (preview.isFetching || settled !== rule);
  const data = preview.isError ? undefined : preview.data;
  return (
    <Card title={t('preview')} id="segment-preview">
      <p className="hint">{t('previewHint')}</p>
      <SelectField label={t('reachTopic')} hint={t('reachTopicHint')} value={topic} onChange={(event) => onTopic(event.target.value)}>
        <option value="">{t('reachTopicNone')}</option>
        {topics.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name}
          </option>
        ))}
      </SelectField>
      <div role="status" aria-live="polite" aria-atomic="true" data-testid="live-count">
        {empty ? (
          <p className="muted">{t('previewEmpty')}</p>
        ) : error ? (
          <p className="field-error">
            {t('previewInvalid', {
              message:
                error instanceof ApiProblem && error.errors.length > 0
                  ? error.errors.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
                  : error.message,
            })}
          </p>
        ) : data ? (
          <>
            <p className="segment-count">
              {!data.exact
                ? t('previewEstimate', { count: format.number(data.count), margin: format.number(data.margin ?? 0) })
                : data.count === 1
                  ? t('previewCountOne')
                  : t('previewCount', { count: format.number(data.count) })}
              {counting ? <span className="muted"> · {t('previewCounting')}</span> : null}
            </p>
            {!data.exact ? (
              <p className="hint">
                {t('previewEstimateBasis', { share: format.percent(data.scanned) })}{' '}
                <button type="button" className="link" disabled={counting} onClick={() => setExactFor(`${topic}:${settled}`)}>
                  {t('previewExact')}
                </button>
              </p>
            ) : null}
            {topic ? (
              data.reach ? (
                <dl className="segment-reach kpis">
                  <div className="kpi">
                    <dt>{t('reachMatched')}</dt>
                    <dd>{format.number(data.reach.matched)}</dd>
                  </div>
                  <div className="kpi">
                    <dt>{t('reachSuppressed')}</dt>
                    <dd>{format.number(data.reach.suppressed)}</dd>
                  </div>
                  <div className="kpi">
                    <dt>{t('reachNoConsent')}</dt>
                    <dd>{format.number(data.reach.noConsent)}</dd>
                  </div>
                  <div className="kpi">
                    <dt>{t('reachReachable')}</dt>
                    <dd data-testid="reachable">{format.number(data.reach.reachable)}</dd>
                  </div>
                </dl>
              ) : (
                <p className="notice warn">{t('reachMissing')}</p>
              )
            ) : null}
          </>
        ) : (
          <p className="muted">{c('loading')}</p>
        )}
      </div>
      {data && !error ? (
        <>
          <h3>{t('sample')}</h3>
          {data.sample.length === 0 ? (
            <p className="muted">{t('sampleEmpty')}</p>
          ) : (
            <ul className="segment-sample">
              {data.sample.map((contact) => (
                <li key={contact.id}>
                  <Link to={`/contacts/${encodeURIComponent(contact.id)}`}>{personName(contact) || contact.email || contact.id}</Link>
                  {contact.email && personName(contact) ? <span className="muted"> · {contact.email}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </Card>
  );
}

/** "Run now": asks for a run, then follows the segment until its last run is that one. */
function RunPanel({ id }: { id: string }) {
  const t = useT(segmentMessages);
  const format = useFormat();
  const api = useApi();
  const queryClient = useQueryClient();
  const [runId, setRunId] = useState<string>();
  const waiting = (segment: Segment | undefined) => runId !== undefined && segment?.lastRun?.runId !== runId;
  const segment = useQuery({
    queryKey: ['/v1/segments', id],
    queryFn: () => api.get<Segment>(`/v1/segments/${encodeURIComponent(id)}`),
    refetchInterval: (query) => (waiting(query.state.data) ? 1000 : false),
  });
  const run = useMutation({
    mutationFn: () => api.send<{ runId: string }>('POST', `/v1/segments/${encodeURIComponent(id)}/evaluate`),
    onSuccess: (answer) => setRunId(answer.runId),
  });
  const done = runId !== undefined && segment.data?.lastRun?.runId === runId;
  useEffect(() => {
    if (done) void queryClient.invalidateQueries({ queryKey: [`/v1/segments/${id}/members`] });
  }, [done, id, queryClient]);
  const last = segment.data?.lastRun;
  return (
    <Card
      title={t('runFacts')}
      id="segment-run"
      actions={
        <Allowed route="POST /v1/segments/{id}/evaluate">
          <button type="button" onClick={() => run.mutate()} disabled={run.isPending || waiting(segment.data)}>
            {run.isPending || waiting(segment.data) ? t('running') : t('runNow')}
          </button>
        </Allowed>
      }
    >
      <FormProblem problem={run.error} fallback={run.error?.message ?? ''} />
      <div role="status" aria-live="polite">
        {waiting(segment.data) ? <p>{t('runStarted')}</p> : null}
        {done && last ? (
          <p className="notice ok">
            {t('runDone', {
              entered: format.number(last.entered),
              exited: format.number(last.exited),
              evaluated: format.number(last.evaluated),
              duration: format.number(last.durationMs),
            })}
          </p>
        ) : null}
      </div>
      {last ? (
        <dl className="facts">
          <dt>{t('members')}</dt>
          <dd>{format.number(segment.data?.memberCount)}</dd>
          <dt>{t('runEntered')}</dt>
          <dd>{format.number(last.entered)}</dd>
          <dt>{t('runExited')}</dt>
          <dd>{format.number(last.exited)}</dd>
          <dt>{t('runEvaluated')}</dt>
          <dd>{format.number(last.evaluated)}</dd>
          <dt>{t('runDuration')}</dt>
          <dd>{t('durationMs', { ms: format.number(last.durationMs) })}</dd>
          <dt>{t('runFinished')}</dt>
          <dd>{format.dateTime(last.finishedAt)}</dd>
        </dl>
      ) : (
        <p className="muted">{t('runNever')}</p>
      )}
    </Card>
  );
}

function Members({ id }: { id: string }) {
  const t = useT(segmentMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const list = usePaged<Member>(`/v1/segments/${id}/members`);
  return (
    <Card title={t('membersTitle')} id="segment-members">
      {list.isPending ? (
        <p role="status">{c('loading')}</p>
      ) : list.items.length === 0 ? (
        <EmptyState title={t('membersTitle')}>{t('membersEmpty')}</EmptyState>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('person')}</th>
              <th scope="col">{t('email')}</th>
              <th scope="col">{t('company')}</th>
              <th scope="col">{t('enteredAt')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((member) => (
              <tr key={member.id}>
                <td>
                  <Link to={`/contacts/${encodeURIComponent(member.id)}`}>{personName(member) || member.email || member.id}</Link>
                </td>
                <td>{member.email ?? '–'}</td>
                <td>{member.company ?? '–'}</td>
                <td>{format.dateTime(member.enteredAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onMore={() => void list.fetchNextPage()} />
    </Card>
  );
}

function SegmentEditor({ segment }: { segment?: Segment }) {
  const t = useT(segmentMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const topics = useAll<Topic>('/v1/topics');
  const campaigns = useAll<Campaign>('/v1/campaigns');
  const [name, setName] = useState(segment?.name ?? '');
  const [schedule, setSchedule] = useState<SegmentSchedule>(segment?.schedule ?? 'daily');
  const [query, setQuery] = useState<BuilderGroup>(() => (segment ? queryFromRule(segment.rule) : EMPTY_QUERY));
  const [topic, setTopic] = useState('');
  const [archiving, setArchiving] = useState(false);
  const { can } = useCan();
  const editable = can(segment ? 'PATCH /v1/segments/{id}' : 'POST /v1/segments');
  const [previewProblem, setPreviewProblem] = useState<unknown>();
  const location = useLocation();
  const [savedAt, setSavedAt] = useState<string | undefined>(() => ((location.state as { saved?: boolean } | null)?.saved ? segment?.updatedAt : undefined));
  const customFields = useCustomFields('contact').items;
  const { rule, paths } = useMemo(() => ruleFromQuery(query, new Map(customFields.map((field) => [field.key, field.type]))), [query, customFields]);
  const ruleJson = useMemo(() => JSON.stringify(rule), [rule]);
  const save = useMutation({
    mutationFn: () =>
      segment
        ? api.send<Segment>('PATCH', `/v1/segments/${encodeURIComponent(segment.id)}`, { name: name.trim(), schedule, rule })
        : api.send<Segment>('POST', '/v1/segments', { name: name.trim(), schedule, rule }),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['/v1/segments', saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['/v1/segments'], exact: false, refetchType: 'none' });
      setSavedAt(saved.updatedAt);
      if (!segment) void navigate(`/segments/${encodeURIComponent(saved.id)}`, { replace: true, state: { saved: true } });
    },
  });
  const archive = useMutation({
    mutationFn: () => api.send('DELETE', `/v1/segments/${encodeURIComponent(segment?.id ?? '')}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['/v1/segments'] });
      void navigate('/segments');
    },
  });
  const problems = [previewProblem, save.error].flatMap((problem) =>
    problem instanceof ApiProblem ? problem.errors.filter((issue) => issue.path === 'rule' || issue.path.startsWith('rule.')) : [],
  );
  const placed = placeIssues(query, paths, problems);
  const empty = query.rules.length === 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (editable) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormProblem problem={save.error ?? archive.error} fallback={c('fixFields')} />
      <div role="status" aria-live="polite">
        {savedAt && !save.isPending && !save.isError ? <p className="notice ok">{t('saved')}</p> : null}
      </div>
      {segment ? <ReadOnlyNotice route="PATCH /v1/segments/{id}" /> : null}
      <Card title={t('details')} id="segment-details">
        <ReadOnlyGroup readOnly={!editable}>
          <div className="form-grid">
            <TextField label={c('name')} value={name} onChange={(event) => setName(event.target.value)} error={fieldError(save.error, 'name')} required />
            <SelectField
              label={t('schedule')}
              hint={t('scheduleHint')}
              value={schedule}
              onChange={(event) => setSchedule(event.target.value as SegmentSchedule)}
              error={fieldError(save.error, 'schedule')}
            >
              {SCHEDULE_CHOICES.map((choice) => (
                <option key={choice} value={choice}>
                  {t(choice)}
                </option>
              ))}
            </SelectField>
          </div>
        </ReadOnlyGroup>
      </Card>
      <div className="segment-layout">
        <Card title={t('rule')} id="segment-rule">
          <p className="hint">{t('ruleHint')}</p>
          {placed.other.length > 0 ? (
            <div className="notice error" role="alert">
              <p>{t('ruleProblems')}</p>
              <ul>
                {placed.other.map((issue) => (
                  <li key={`${issue.path}:${issue.message}`}>
                    <code>{issue.path}</code>: {issue.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <ReadOnlyGroup readOnly={!editable}>
            <SegmentRuleBuilder
              query={query}
              onChange={setQuery}
              topics={topics.data?.items ?? []}
              campaigns={campaigns.data?.items ?? []}
              issues={placed.byRule}
              extraFields={fieldsOf(query)}
            />
          </ReadOnlyGroup>
          {editable ? (
            <div className="form-actions" style={{ marginTop: '1rem' }}>
              <button type="submit" className="primary" disabled={save.isPending}>
                {save.isPending ? c('saving') : segment ? c('save') : t('create')}
              </button>
              {segment && can('DELETE /v1/segments/{id}') ? (
                <button type="button" className="link danger" onClick={() => setArchiving(true)}>
                  {c('archive')}
                </button>
              ) : null}
            </div>
          ) : null}
        </Card>
        <div className="segment-side">
          <LivePreview rule={ruleJson} empty={empty} topics={topics.data?.items ?? []} topic={topic} onTopic={setTopic} problem={setPreviewProblem} />
          {segment ? <RunPanel id={segment.id} /> : null}
        </div>
      </div>
      {segment ? (
        <ConfirmDialog
          open={archiving}
          title={t('archiveTitle', { name: segment.name })}
          confirmLabel={t('archiveYes')}
          cancelLabel={c('cancel')}
          danger
          busy={archive.isPending}
          onConfirm={() => archive.mutate()}
          onClose={() => setArchiving(false)}
        >
          <p>{t('archiveConfirm', { name: segment.name })}</p>
          <FormProblem problem={archive.error} fallback={archive.error?.message ?? ''} />
        </ConfirmDialog>
      ) : null}
    </form>
  );
}

export default function SegmentScreen() {
  const t = useT(segmentMessages);
  const api = useApi();
  const { id } = useParams();
  const segment = useQuery({
    queryKey: ['/v1/segments', id],
    queryFn: () => api.get<Segment>(`/v1/segments/${encodeURIComponent(id ?? '')}`),
    enabled: id !== undefined,
  });
  if (!id) {
    return (
      <Page title={t('newTitle')}>
        <SegmentEditor />
      </Page>
    );
  }
  return (
    <Page title={segment.data?.name ?? t('details')}>
      <QueryState query={segment}>
        {(data) => (
          <>
            <SegmentEditor key={data.id} segment={data} />
            <Members id={data.id} />
            <Allowed route="POST /v1/segments/{id}/print-export">
              <PrintExportCard segmentId={data.id} />
            </Allowed>
          </>
        )}
      </QueryState>
    </Page>
  );
}
