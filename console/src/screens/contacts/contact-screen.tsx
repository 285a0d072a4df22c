import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ACTIVITY_TYPES } from '#shared/domain/activity-types';
import type { Touch } from '#shared/domain/attribution';
import type { ResponseOf } from '#shared/http/response-schemas';

type ContactView = ResponseOf<'GET /v1/contacts/{id}'>;
import { useApi } from '../../api/api-context';
import { ApiProblem } from '../../api/problem';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, SelectField, TextArea, TextField } from '../../components/fields';
import { Card, Page } from '../../components/page';
import { saveFile } from '../../components/save-file';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { ContactCustomFields } from './contact-custom-fields';
import { AbcClassCard } from '../companies/abc-class-card';
import { ContactDataCards } from './contact-data-card';
import { ContactSalesCards } from './contact-sales-card';
import { contactMessages, displayName } from './contact-messages';
import { MergedNotice } from './merged-notice';
import { ScoreCard } from './score-card';
import { Allowed, useCan } from '../../roles/permissions';

type T = ReturnType<typeof useT<keyof (typeof contactMessages)['en']>>;

function ProfileCard({ view }: { view: ContactView }) {
  const t = useT(contactMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const contact = view.contact;
  // Analysts and marketers read the profile; sales and admins change it.
  const editable = useCan().can('PATCH /v1/contacts/{id}');
  const [form, setForm] = useState({
    firstName: contact.firstName ?? '',
    lastName: contact.lastName ?? '',
    company: contact.company ?? '',
    jobTitle: contact.jobTitle ?? '',
    phone: contact.phone ?? '',
    locale: contact.locale ?? '',
    tags: contact.tags.join(', '),
  });
  const save = useMutation({
    mutationFn: () =>
      api.send('PATCH', `/v1/contacts/${encodeURIComponent(contact.id)}`, {
        ...form,
        tags: form.tags
          .split(',')
          .map((tag) => tag.trim())
          .filter(Boolean),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['contact', contact.id] }),
  });
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  return (
    <Card title={t('profile')} id="profile">
      <form
        className="form-grid"
        noValidate
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <FormProblem problem={save.error} fallback={c('fixFields')} />
        <TextField
          readOnly={!editable}
          label={t('firstName')}
          value={form.firstName}
          onChange={set('firstName')}
          error={fieldError(save.error, 'firstName')}
          autoComplete="off"
        />
        <TextField
          readOnly={!editable}
          label={t('lastName')}
          value={form.lastName}
          onChange={set('lastName')}
          error={fieldError(save.error, 'lastName')}
          autoComplete="off"
        />
        <TextField
          readOnly={!editable}
          label={t('company')}
          value={form.company}
          onChange={set('company')}
          error={fieldError(save.error, 'company')}
          autoComplete="off"
        />
        <TextField
          readOnly={!editable}
          label={t('jobTitle')}
          value={form.jobTitle}
          onChange={set('jobTitle')}
          error={fieldError(save.error, 'jobTitle')}
          autoComplete="off"
        />
        <TextField
          readOnly={!editable}
          label={t('phone')}
          value={form.phone}
          onChange={set('phone')}
          error={fieldError(save.error, 'phone')}
          type="tel"
          autoComplete="off"
        />
        <TextField
          readOnly={!editable}
          label={t('locale')}
          value={form.locale}
          onChange={set('locale')}
          error={fieldError(save.error, 'locale')}
          autoComplete="off"
        />
        <TextField
          readOnly={!editable}
          label={t('tags')}
          hint={t('tagsHint')}
          value={form.tags}
          onChange={set('tags')}
          error={fieldError(save.error, 'tags')}
          className="full"
          autoComplete="off"
        />
        {editable ? (
          <div className="form-actions">
            <button type="submit" className="primary" disabled={save.isPending}>
              {save.isPending ? c('saving') : t('saveProfile')}
            </button>
            <span role="status">{save.isSuccess ? t('profileSaved') : ''}</span>
          </div>
        ) : null}
      </form>
    </Card>
  );
}

function ConsentsCard({ view, t }: { view: ContactView; t: T }) {
  const format = useFormat();
  const topics = Object.entries(view.consentsByTopic);
  return (
    <Card title={t('consentTitle')} id="consents">
      {topics.length === 0 ? <p className="muted">{t('consentEmpty')}</p> : null}
      {topics.map(([topic, state]) => (
        <section key={topic} aria-labelledby={`consent-${topic}`}>
          <h3 id={`consent-${topic}`}>
            <code>{topic}</code> <span className={`badge ${state.status}`}>{t(`status_${state.status as 'granted'}`)}</span>{' '}
            <span className="muted">{format.dateTime(state.at)}</span>
          </h3>
          <table>
            <caption className="visually-hidden">
              {t('proofs')}: {topic}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('proofAt')}</th>
                <th scope="col">{t('proofStatus')}</th>
                <th scope="col">{t('proofMethod')}</th>
                <th scope="col">{t('proofSource')}</th>
                <th scope="col">{t('proofIp')}</th>
                <th scope="col">{t('proofUserAgent')}</th>
                <th scope="col">{t('proofWording')}</th>
              </tr>
            </thead>
            <tbody>
              {state.proofs.map((proof) => (
                <tr key={proof.id}>
                  <td>{format.dateTime(proof.at)}</td>
                  <td>
                    <span className={`badge ${proof.status}`}>{t(`status_${proof.status}`)}</span>
                  </td>
                  <td>{t(`method_${proof.method}`)}</td>
                  <td>
                    <code>{proof.source}</code>
                    {proof.detail ? <div className="hint">{proof.detail}</div> : null}
                  </td>
                  <td>{proof.ip ?? '–'}</td>
                  <td className="wrap hint">{proof.userAgent ?? '–'}</td>
                  <td className="wrap">
                    {proof.text ? <q>{proof.text}</q> : null} {proof.textVersion ? <code>({proof.textVersion})</code> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Card>
  );
}

function TouchFacts({ touch, t }: { touch: Touch | undefined; t: T }) {
  const format = useFormat();
  if (!touch) return <dd>{t('noTouch')}</dd>;
  return (
    <dd>
      {touch.campaignId ? <Link to={`/campaigns/${encodeURIComponent(touch.campaignId)}`}>{touch.campaignCode ?? touch.campaignId}</Link> : '–'} ·{' '}
      {touch.channel} · {touch.source}
      {touch.medium ? ` / ${touch.medium}` : ''} · {format.dateTime(touch.at)}
    </dd>
  );
}

function FactsCard({ view, t }: { view: ContactView; t: T }) {
  const format = useFormat();
  const { orders } = view.contact;
  return (
    <div className="grid-2">
      <Card title={t('touches')} id="touches">
        <dl className="facts">
          <dt>{t('firstTouch')}</dt>
          <TouchFacts touch={view.contact.firstTouch} t={t} />
          <dt>{t('lastTouch')}</dt>
          <TouchFacts touch={view.contact.lastTouch} t={t} />
        </dl>
      </Card>
      <Card title={t('orders')} id="orders">
        {orders.count === 0 ? (
          <p className="muted">{t('ordersEmpty')}</p>
        ) : (
          <dl className="facts">
            <dt>{t('orderCount')}</dt>
            <dd>{format.number(orders.count)}</dd>
            <dt>{t('orderTotal')}</dt>
            <dd>{format.money(orders.totalMinor, orders.currency)}</dd>
            <dt>{t('firstOrder')}</dt>
            <dd>{format.date(orders.firstAt)}</dd>
            <dt>{t('lastOrder')}</dt>
            <dd>{format.date(orders.lastAt)}</dd>
          </dl>
        )}
      </Card>
      <Card title={t('segments')} id="segments">
        {view.segments.length === 0 ? (
          <p className="muted">{t('segmentsEmpty')}</p>
        ) : (
          <ul>
            {view.segments.map((segment) => (
              <li key={segment.id}>
                <Link to={`/segments/${encodeURIComponent(segment.id)}`}>{segment.name}</Link>{' '}
                <span className="muted">{t('enteredAt', { at: format.date(segment.enteredAt) })}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <JourneysCard view={view} t={t} />
    </div>
  );
}

/** The names of the journeys (live and archived), by id, once the page shows any: the journeys card and the timeline's journey mails. */
function useJourneyNames(enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['/v1/journeys', 'names'],
    queryFn: async () => {
      type Listed = ResponseOf<'GET /v1/journeys'>;
      const [live, archived] = await Promise.all([
        api.get<Listed>('/v1/journeys', { limit: 500 }),
        api.get<Listed>('/v1/journeys', { limit: 500, archived: true }),
      ]);
      return new Map([...live.items, ...archived.items].map((journey) => [journey.id, journey.name]));
    },
    enabled,
    staleTime: 60_000,
  });
}

/** The journeys the person is or was in: name (from the journey lists), the step they are at, their status. */
function JourneysCard({ view, t }: { view: ContactView; t: T }) {
  const format = useFormat();
  const names = useJourneyNames(view.journeys.length > 0);
  return (
    <Card title={t('journeys')} id="journeys">
      {view.journeys.length === 0 ? (
        <p className="muted">{t('journeysEmpty')}</p>
      ) : (
        <ul>
          {view.journeys.map((journey) => (
            <li key={journey.journeyId}>
              <Link to={`/journeys/${encodeURIComponent(journey.journeyId)}`}>{names.data?.get(journey.journeyId) ?? journey.journeyId}</Link>{' '}
              <span className={`badge journey-${journey.status}`}>{t(`journey_${journey.status}`)}</span>{' '}
              <span className="muted">{t('journeyStep', { step: journey.stepId, version: journey.version, at: format.date(journey.enteredAt) })}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function describeEntry(entry: ContactView['timeline'][number], t: T, format: ReturnType<typeof useFormat>, journeyNames?: Map<string, string>): string {
  switch (entry.kind) {
    case 'touchpoint':
      return [t(`touch_${entry.touchpointKind}`), entry.campaignCode, entry.source].filter(Boolean).join(' · ');
    case 'consent':
      return `${entry.topic}: ${t(`status_${entry.status}`)} (${t(`method_${entry.method}`)})`;
    case 'activity':
      return `${t(`activity_${entry.type}`)}: ${entry.summary}`;
    case 'order':
      return `${entry.orderId} · ${format.money(entry.amountMinor, entry.currency)}`;
    case 'email':
      return [
        entry.mailKind,
        entry.mailingId ??
          (entry.journeyId ? t('journeyMail', { journey: journeyNames?.get(entry.journeyId) ?? entry.journeyId, step: entry.stepId ?? '' }) : undefined),
      ]
        .filter(Boolean)
        .join(' · ');
    case 'task':
      return `${entry.title} (${t(entry.event === 'created' ? 'task_created' : 'task_completed')})`;
  }
}

/** A stable key for a timeline entry: orders are keyed by their order id, everything else by its own. */
const entryKey = (entry: ContactView['timeline'][number]) =>
  `${entry.kind}-${entry.kind === 'order' ? entry.orderId : entry.kind === 'task' ? `${entry.taskId}-${entry.event}` : entry.id}-${entry.at}`;

function TimelineCard({ view, t }: { view: ContactView; t: T }) {
  const format = useFormat();
  const journeyNames = useJourneyNames(view.timeline.some((entry) => entry.kind === 'email' && entry.journeyId !== undefined));
  return (
    <Card title={t('timeline')} id="timeline">
      {view.timeline.length === 0 ? (
        <p className="muted">{t('timelineEmpty')}</p>
      ) : (
        <ol className="timeline">
          {view.timeline.map((entry) => (
            <li key={entryKey(entry)}>
              <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
              <strong>{t(`kind_${entry.kind}`)}</strong> — {describeEntry(entry, t, format, journeyNames.data)}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function localNow(): string {
  const now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
  return now.toISOString().slice(0, 16);
}

function ActivityCard({ contactId, t }: { contactId: string; t: T }) {
  const c = useT(commonMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ type: 'call', at: localNow(), summary: '' });
  const log = useMutation({
    mutationFn: () =>
      api.send('POST', `/v1/contacts/${encodeURIComponent(contactId)}/activities`, {
        type: form.type,
        at: form.at ? new Date(form.at).toISOString() : '',
        summary: form.summary,
      }),
    onSuccess: async () => {
      setForm({ ...form, summary: '' });
      await queryClient.invalidateQueries({ queryKey: ['contact', contactId] });
    },
  });
  return (
    <Card title={t('logActivity')} id="log-activity">
      <form
        className="form-grid"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          log.mutate();
        }}
      >
        <FormProblem problem={log.error} fallback={c('fixFields')} />
        <SelectField
          label={t('activityType')}
          value={form.type}
          onChange={(event) => setForm({ ...form, type: event.target.value })}
          error={fieldError(log.error, 'type')}
        >
          {ACTIVITY_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`activity_${type}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('activityAt')}
          type="datetime-local"
          value={form.at}
          onChange={(event) => setForm({ ...form, at: event.target.value })}
          error={fieldError(log.error, 'at')}
        />
        <TextArea
          label={t('activitySummary')}
          className="full"
          rows={3}
          value={form.summary}
          onChange={(event) => setForm({ ...form, summary: event.target.value })}
          error={fieldError(log.error, 'summary')}
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={log.isPending}>
            {t('logIt')}
          </button>
          <span role="status">{log.isSuccess ? t('logged') : ''}</span>
        </div>
      </form>
    </Card>
  );
}

function GdprCard({ view, t, onErased }: { view: ContactView; t: T; onErased: () => void }) {
  const c = useT(commonMessages);
  const api = useApi();
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const id = view.contact.id;
  const exportData = useMutation({
    mutationFn: () => api.download(`/v1/contacts/${encodeURIComponent(id)}/export`, 'application/json'),
    onSuccess: ({ blob, fileName }) => saveFile(blob, fileName ?? `contact-${id}.json`),
  });
  const erase = useMutation({ mutationFn: () => api.send('DELETE', `/v1/contacts/${encodeURIComponent(id)}`), onSuccess: onErased });
  const name = displayName(view.contact, view.contact.email);
  const matches = typed.trim().toLowerCase() === view.contact.email.toLowerCase();
  return (
    <Card title={t('gdpr')} id="gdpr">
      <Allowed route="GET /v1/contacts/{id}/export">
        <p>{t('exportText')}</p>
        <button type="button" onClick={() => exportData.mutate()} disabled={exportData.isPending}>
          {t('export')}
        </button>
      </Allowed>
      <Allowed route="DELETE /v1/contacts/{id}">
        <p>{t('eraseText')}</p>
        <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
          {t('erase')}
        </button>
      </Allowed>
      <dialog ref={dialog} aria-labelledby="erase-title" className="card" onClose={() => setTyped('')}>
        <form
          method="dialog"
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            if (matches) erase.mutate();
          }}
        >
          <h2 id="erase-title">{t('eraseTitle', { name })}</h2>
          <p>{t('eraseText')}</p>
          <FormProblem problem={erase.error} fallback={c('fixFields')} />
          <TextField label={t('eraseConfirmLabel')} value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" autoFocus />
          <div className="form-actions">
            <button type="submit" className="danger" disabled={!matches || erase.isPending}>
              {t('eraseConfirm')}
            </button>
            <button type="button" onClick={() => dialog.current?.close()}>
              {c('cancel')}
            </button>
          </div>
        </form>
      </dialog>
    </Card>
  );
}

export default function ContactScreen() {
  const t = useT(contactMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const { can } = useCan();
  const { id = '' } = useParams();
  const [erased, setErased] = useState(false);
  const query = useQuery({ queryKey: ['contact', id], queryFn: () => api.get<ContactView>(`/v1/contacts/${encodeURIComponent(id)}`), enabled: !erased });
  if (erased || (query.error instanceof ApiProblem && query.error.status === 404)) {
    const survivorId = !erased && query.error instanceof ApiProblem ? query.error.mergedInto : undefined;
    return (
      <Page title={t('title')}>
        {survivorId ? (
          <MergedNotice survivorId={survivorId} />
        ) : (
          <div className={`notice ${erased ? 'ok' : 'warn'}`} role="status">
            <p>{erased ? t('erased') : t('gone')}</p>
          </div>
        )}
        <Link to="/contacts">{t('backToList')}</Link>
      </Page>
    );
  }
  if (query.isPending) return <p role="status">{c('loading')}</p>;
  if (query.isError) {
    return (
      <div className="notice error" role="alert">
        <p>{c('errorLoading', { message: query.error.message })}</p>
      </div>
    );
  }
  const view = query.data;
  const name = displayName(view.contact, view.contact.email);
  return (
    <Page
      title={name}
      description={
        <>
          {view.contact.email}
          {view.company ? (
            <>
              {' · '}
              <Link to={`/companies/${encodeURIComponent(view.company.id)}`}>{view.company.name}</Link>
            </>
          ) : null}
        </>
      }
    >
      <ProfileCard view={view} />
      <ContactCustomFields view={view} />
      <ConsentsCard view={view} t={t} />
      <ContactDataCards view={view} />
      <AbcClassCard abc={view.contact.abc} basis={view.company ? { viaCompany: view.company.name } : { contact: true }} />
      <ContactSalesCards view={view} />
      <FactsCard view={view} t={t} />
      <ScoreCard view={view} />
      <Allowed route="POST /v1/contacts/{id}/activities">
        <ActivityCard contactId={view.contact.id} t={t} />
      </Allowed>
      <TimelineCard view={view} t={t} />
      {can('GET /v1/contacts/{id}/export') || can('DELETE /v1/contacts/{id}') ? <GdprCard view={view} t={t} onErased={() => setErased(true)} /> : null}
    </Page>
  );
}
