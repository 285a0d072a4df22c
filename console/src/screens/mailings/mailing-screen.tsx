import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Campaign } from '#shared/domain/campaign';
import type { CreateMailingInput, Mailing, MailingCounts } from '#shared/domain/mailing';
import type { Segment } from '#shared/domain/segment';
import type { RenderedMail, Template } from '#shared/domain/template';
import type { Topic } from '#shared/domain/topic';
import type { previewSegment } from '#shared/use-cases/manage-segments';
import { useApi } from '../../api/api-context';
import type { Page as ListPage } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, NamedOptions, SelectField, TextField } from '../../components/fields';
import { Card, Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { Allowed, useCan } from '../../roles/permissions';
import { ReadOnlyNotice } from '../../roles/read-only';
import { ConfirmDialog } from './confirm-dialog';
import { mailingMessages } from './mailing-messages';
import { StatusBadge } from './status-badge';
import './mailing.css';

/** The live count, and with a topic who a mailing on it would reach (`reach`). */
type Preview = Awaited<ReturnType<typeof previewSegment>>;

function useAll<T>(path: string) {
  const api = useApi();
  return useQuery({ queryKey: [path, 'all'], queryFn: () => api.get<ListPage<T>>(path, { limit: 500 }), staleTime: 30_000 });
}

/** `2026-12-01T09:30` in the browser's time zone as an ISO instant (what the API stores). */
const isoFromLocal = (local: string) => (local ? new Date(local).toISOString() : '');

function NewMailing() {
  const t = useT(mailingMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const campaigns = useAll<Campaign>('/v1/campaigns');
  const segments = useAll<Segment>('/v1/segments');
  const topics = useAll<Topic>('/v1/topics');
  const templates = useAll<Template>('/v1/templates');
  const recent = useAll<Mailing>('/v1/mailings');
  const [form, setForm] = useState({ name: '', campaignId: '', segmentId: '', topic: '', templateId: '', replyTo: '', when: 'now', scheduledAt: '' });
  // The sender of the last mailing is the best guess: it is of the verified domain, or the API says which is.
  const [from, setFrom] = useState<string>();
  const fromValue = from ?? recent.data?.items[0]?.from ?? '';
  const create = useMutation({
    mutationFn: () => {
      const body: CreateMailingInput = {
        name: form.name.trim(),
        campaignId: form.campaignId,
        segmentId: form.segmentId,
        topic: form.topic,
        templateId: form.templateId,
        from: fromValue.trim(),
        ...(form.replyTo.trim() ? { replyTo: form.replyTo.trim() } : {}),
        ...(form.when === 'later' ? { scheduledAt: isoFromLocal(form.scheduledAt) } : {}),
      };
      return api.send<Mailing>('POST', '/v1/mailings', body);
    },
    onSuccess: async (mailing) => {
      queryClient.setQueryData(['/v1/mailings', mailing.id], mailing);
      await queryClient.invalidateQueries({ queryKey: ['/v1/mailings'], refetchType: 'none' });
      void navigate(`/mailings/${encodeURIComponent(mailing.id)}`);
    },
  });
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const nothingToChoose = [campaigns, segments, topics, templates].some((query) => query.data && query.data.items.length === 0);
  return (
    <Card title={t('details')} id="mailing-new">
      <form className="form-grid" onSubmit={submit} noValidate>
        <FormProblem problem={create.error} fallback={c('fixFields')} />
        {nothingToChoose ? <p className="notice warn full">{t('missingChoices')}</p> : null}
        <TextField label={c('name')} value={form.name} onChange={set('name')} error={fieldError(create.error, 'name')} required />
        <SelectField label={t('campaign')} value={form.campaignId} onChange={set('campaignId')} error={fieldError(create.error, 'campaignId')} required>
          <NamedOptions items={campaigns.data?.items} none={t('choose')} />
        </SelectField>
        <SelectField label={t('segment')} value={form.segmentId} onChange={set('segmentId')} error={fieldError(create.error, 'segmentId')} required>
          <NamedOptions items={segments.data?.items} none={t('choose')} />
        </SelectField>
        <SelectField label={t('topic')} hint={t('topicHint')} value={form.topic} onChange={set('topic')} error={fieldError(create.error, 'topic')} required>
          <NamedOptions items={topics.data?.items} none={t('choose')} />
        </SelectField>
        <SelectField label={t('template')} value={form.templateId} onChange={set('templateId')} error={fieldError(create.error, 'templateId')} required>
          <NamedOptions items={templates.data?.items} none={t('choose')} />
        </SelectField>
        <TextField
          label={t('from')}
          hint={t('fromHint')}
          value={fromValue}
          onChange={(event) => setFrom(event.target.value)}
          error={fieldError(create.error, 'from')}
          required
        />
        <TextField label={t('replyTo')} value={form.replyTo} onChange={set('replyTo')} error={fieldError(create.error, 'replyTo')} />
        <fieldset className="full">
          <legend>{t('when')}</legend>
          <div className="mailing-when">
            <label>
              <input type="radio" name="when" value="now" checked={form.when === 'now'} onChange={set('when')} /> {t('sendNow')}
            </label>
            <label>
              <input type="radio" name="when" value="later" checked={form.when === 'later'} onChange={set('when')} /> {t('sendLater')}
            </label>
            {form.when === 'later' ? (
              <TextField
                label={t('scheduledAt')}
                hint={t('scheduledAtHint')}
                type="datetime-local"
                value={form.scheduledAt}
                onChange={set('scheduledAt')}
                error={fieldError(create.error, 'scheduledAt')}
              />
            ) : null}
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? c('saving') : t('createDraft')}
          </button>
        </div>
      </form>
    </Card>
  );
}

/** What the send would reach now, the template's subject and preview, and the send itself. */
function Review({ mailing, segment, topic }: { mailing: Mailing; segment: Segment | undefined; topic: Topic | undefined }) {
  const t = useT(mailingMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const api = useApi();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const { can } = useCan();
  // The rendered mail is a template preview for a contact (marketing's): an analyst reviews the figures only.
  const mayRender = can('POST /v1/templates/{id}/preview');
  const reach = useQuery({
    queryKey: ['segment-preview', JSON.stringify(segment?.rule), mailing.topic],
    queryFn: () => api.send<Preview>('POST', '/v1/segments/preview', { rule: segment?.rule, topic: mailing.topic }),
    enabled: segment !== undefined,
    retry: false,
  });
  const rendered = useQuery({
    queryKey: ['/v1/templates/preview', mailing.templateId],
    queryFn: () => api.send<RenderedMail>('POST', `/v1/templates/${encodeURIComponent(mailing.templateId)}/preview`),
    enabled: mayRender,
    retry: false,
  });
  const send = useMutation({
    mutationFn: () => api.send<Mailing>('POST', `/v1/mailings/${encodeURIComponent(mailing.id)}/send`),
    onSuccess: (next) => {
      setConfirming(false);
      queryClient.setQueryData(['/v1/mailings', mailing.id], next);
      void queryClient.invalidateQueries({ queryKey: ['/v1/mailings'], refetchType: 'none' });
    },
  });
  const topicName = topic?.name ?? mailing.topic;
  const future = mailing.scheduledAt !== undefined && Date.parse(mailing.scheduledAt) > Date.now();
  const figures = reach.data?.reach;
  return (
    <Card title={t('review')} id="mailing-review">
      <p className="hint">{t('reviewHint')}</p>
      <div role="status" aria-live="polite">
        {reach.isPending && segment ? <p className="muted">{c('loading')}</p> : null}
        {reach.isError ? <p className="notice error">{c('errorLoading', { message: reach.error.message })}</p> : null}
        {figures ? (
          <>
            <dl className="kpis">
              <div className="kpi">
                <dt>{t('reachable')}</dt>
                <dd data-testid="review-reachable">{format.number(figures.reachable)}</dd>
              </div>
              <div className="kpi">
                <dt>{t('matched')}</dt>
                <dd>{format.number(figures.matched)}</dd>
              </div>
              <div className="kpi">
                <dt>{t('suppressed')}</dt>
                <dd>{format.number(figures.suppressed)}</dd>
              </div>
              <div className="kpi">
                <dt>{t('noConsent')}</dt>
                <dd>{format.number(figures.noConsent)}</dd>
              </div>
            </dl>
            <p>{t('leftOut', { suppressed: format.number(figures.suppressed), noConsent: format.number(figures.noConsent), topic: topicName })}</p>
          </>
        ) : reach.data ? (
          <p className="notice warn">{t('reachMissing')}</p>
        ) : null}
      </div>
      {mayRender ? <h3>{t('subject')}</h3> : null}
      {rendered.isError ? <p className="notice error">{c('errorLoading', { message: rendered.error.message })}</p> : null}
      {rendered.data ? (
        <>
          <p className="mailing-subject" data-testid="review-subject">
            {rendered.data.subject}
          </p>
          <details>
            <summary>{t('preview')}</summary>
            <pre className="snippet mailing-text">{rendered.data.text}</pre>
          </details>
        </>
      ) : null}
      <FormProblem problem={send.error} fallback={send.error?.message ?? ''} />
      <ReadOnlyNotice route="POST /v1/mailings/{id}/send" />
      <Allowed route="POST /v1/mailings/{id}/send">
        <div className="form-actions" style={{ marginTop: '1rem' }}>
          <button type="button" className="primary" onClick={() => setConfirming(true)}>
            {t('send')}
          </button>
        </div>
      </Allowed>
      <ConfirmDialog
        open={confirming}
        title={t('confirmTitle', { name: mailing.name })}
        confirmLabel={future ? t('confirmSchedule') : t('confirmSend')}
        cancelLabel={c('cancel')}
        busy={send.isPending}
        onConfirm={() => send.mutate()}
        onClose={() => setConfirming(false)}
      >
        <p>
          {future
            ? t('confirmBodyScheduled', { at: format.dateTime(mailing.scheduledAt), segment: segment?.name ?? mailing.segmentId, topic: topicName })
            : t('confirmBody', { count: figures ? format.number(figures.reachable) : '–', segment: segment?.name ?? mailing.segmentId, topic: topicName })}
        </p>
        <FormProblem problem={send.error} fallback={send.error?.message ?? ''} />
      </ConfirmDialog>
    </Card>
  );
}

function Progress({ mailing }: { mailing: Mailing }) {
  const t = useT(mailingMessages);
  const format = useFormat();
  const { counts } = mailing;
  const done = counts.sent + counts.skippedNoConsent + counts.suppressed + counts.capped + counts.failed;
  const total = counts.recipients;
  return (
    <Card title={t('progress')} id="mailing-progress">
      <div className="mailing-progress">
        <progress aria-label={t('progressLabel')} max={Math.max(total, 1)} value={total === 0 ? 0 : done} />
        <p role="status" aria-live="polite">
          {mailing.status === 'sending' && !mailing.prepared && total === 0
            ? t('preparing')
            : t('progressText', { done: format.number(done), total: format.number(total) })}
        </p>
      </div>
      <dl className="kpis">
        {(['recipients', 'sent', 'skippedNoConsent', 'suppressed', 'capped', 'failed'] as const).map((key) => (
          <div className="kpi" key={key}>
            <dt>{t(key)}</dt>
            <dd data-testid={`count-${key}`}>{format.number(counts[key])}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

const FUNNEL = ['delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed'] as const satisfies ReadonlyArray<keyof MailingCounts>;

function Funnel({ counts }: { counts: MailingCounts }) {
  const t = useT(mailingMessages);
  const format = useFormat();
  return (
    <Card title={t('funnel')} id="mailing-funnel">
      <ul className="stack" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {FUNNEL.map((key) => {
          const share = counts.sent > 0 ? counts[key] / counts.sent : 0;
          return (
            <li key={key} className="bar-row">
              <span>{t(key)}</span>
              <span className="bar-track" aria-hidden="true">
                <span className="bar-fill" style={{ display: 'block', width: `${Math.min(100, share * 100)}%` }} />
              </span>
              <span className="num" data-testid={`funnel-${key}`}>
                {format.number(counts[key])}
                <span className="visually-hidden"> ({t('ofSent', { percent: format.percent(share) })})</span>
              </span>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

function MailingView({ id }: { id: string }) {
  const t = useT(mailingMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const api = useApi();
  const queryClient = useQueryClient();
  const [cancelling, setCancelling] = useState(false);
  const mailing = useQuery({
    queryKey: ['/v1/mailings', id],
    queryFn: () => api.get<Mailing>(`/v1/mailings/${encodeURIComponent(id)}`),
    // Live progress: every 2 s while it waits or sends.
    refetchInterval: (query) => (query.state.data?.status === 'sending' || query.state.data?.status === 'scheduled' ? 2000 : false),
  });
  const segmentId = mailing.data?.segmentId;
  const segment = useQuery({
    queryKey: ['/v1/segments', segmentId],
    queryFn: () => api.get<Segment>(`/v1/segments/${encodeURIComponent(segmentId ?? '')}`),
    enabled: segmentId !== undefined,
  });
  const topics = useAll<Topic>('/v1/topics');
  const campaigns = useAll<Campaign>('/v1/campaigns');
  const templates = useAll<Template>('/v1/templates');
  const cancel = useMutation({
    mutationFn: () => api.send<Mailing>('POST', `/v1/mailings/${encodeURIComponent(id)}/cancel`),
    onSuccess: (next) => {
      setCancelling(false);
      queryClient.setQueryData(['/v1/mailings', id], next);
    },
  });
  return (
    <Page title={mailing.data?.name ?? t('details')} actions={mailing.data ? <StatusBadge status={mailing.data.status} /> : undefined}>
      <QueryState query={mailing}>
        {(data) => {
          const topic = topics.data?.items.find((item) => item.id === data.topic);
          return (
            <>
              <Card
                title={t('details')}
                id="mailing-details"
                actions={
                  data.status === 'scheduled' || data.status === 'sending' ? (
                    <Allowed route="POST /v1/mailings/{id}/cancel">
                      <button type="button" className="danger" onClick={() => setCancelling(true)}>
                        {t('cancelMailing')}
                      </button>
                    </Allowed>
                  ) : undefined
                }
              >
                <dl className="facts">
                  <dt>{c('status')}</dt>
                  <dd>
                    <StatusBadge status={data.status} />
                  </dd>
                  <dt>{t('campaign')}</dt>
                  <dd>{campaigns.data?.items.find((item) => item.id === data.campaignId)?.name ?? data.campaignId}</dd>
                  <dt>{t('segment')}</dt>
                  <dd>
                    <Link to={`/segments/${encodeURIComponent(data.segmentId)}`}>{segment.data?.name ?? data.segmentId}</Link>
                  </dd>
                  <dt>{t('topic')}</dt>
                  <dd>{topic?.name ?? data.topic}</dd>
                  <dt>{t('template')}</dt>
                  <dd>{templates.data?.items.find((item) => item.id === data.templateId)?.name ?? data.templateId}</dd>
                  <dt>{t('from')}</dt>
                  <dd>{data.from}</dd>
                  {data.replyTo ? (
                    <>
                      <dt>{t('replyTo')}</dt>
                      <dd>{data.replyTo}</dd>
                    </>
                  ) : null}
                  <dt>{t('scheduledFor')}</dt>
                  <dd>{data.scheduledAt ? format.dateTime(data.scheduledAt) : '–'}</dd>
                  {data.startedAt ? (
                    <>
                      <dt>{t('startedAt')}</dt>
                      <dd>{format.dateTime(data.startedAt)}</dd>
                    </>
                  ) : null}
                  {data.finishedAt ? (
                    <>
                      <dt>{t('finishedAt')}</dt>
                      <dd>{format.dateTime(data.finishedAt)}</dd>
                    </>
                  ) : null}
                  {data.cancelledAt ? (
                    <>
                      <dt>{t('cancelledAt')}</dt>
                      <dd>{format.dateTime(data.cancelledAt)}</dd>
                    </>
                  ) : null}
                </dl>
              </Card>
              {data.status === 'draft' ? <Review mailing={data} segment={segment.data} topic={topic} /> : <Progress mailing={data} />}
              {data.status === 'sent' ? <Funnel counts={data.counts} /> : null}
              <ConfirmDialog
                open={cancelling}
                title={t('cancelTitle', { name: data.name })}
                confirmLabel={t('confirmCancel')}
                cancelLabel={t('keep')}
                danger
                busy={cancel.isPending}
                onConfirm={() => cancel.mutate()}
                onClose={() => setCancelling(false)}
              >
                <p>{t('cancelBody')}</p>
                <FormProblem problem={cancel.error} fallback={cancel.error?.message ?? ''} />
              </ConfirmDialog>
            </>
          );
        }}
      </QueryState>
    </Page>
  );
}

export default function MailingScreen() {
  const t = useT(mailingMessages);
  const { id } = useParams();
  if (!id) {
    return (
      <Page title={t('newTitle')}>
        <NewMailing />
      </Page>
    );
  }
  return <MailingView id={id} />;
}
