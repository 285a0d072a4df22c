import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { Form, Locale } from '#shared/domain/form';
import type { FormWithEmbed } from '#shared/use-cases/manage-forms';
import { useApi } from '../../api/api-context';
import { ArchiveButton } from '../../components/archive-button';
import { commonMessages } from '../../components/common-messages';
import { CheckboxField, fieldError, FormProblem, NamedOptions, SelectField, TextField } from '../../components/fields';
import { Card, Page } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { FieldList } from './field-list';
import { useCustomFields } from '../fields/use-custom-fields';
import { bodyOf, declaredFields, draftOf, emptyDraft, FORM_LOCALES, type FormBody, type FormDraft, withCustomFields } from './form-draft';
import { useCan } from '../../roles/permissions';
import { ReadOnlyGroup, ReadOnlyNotice } from '../../roles/read-only';
import { formMessages } from './form-messages';
import { FormPreview } from './form-preview';
import { issueAt, issueForItem } from './form-problems';
import { OriginList } from './origin-list';
import { TestSubmission } from './test-submission';
import { useCatalog } from './use-catalog';
import './forms.css';

export interface FormNotice {
  notice?: 'created' | 'archived';
}

function FormBuilder({ saved }: { saved: FormWithEmbed | undefined }) {
  const t = useT(formMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { can } = useCan();
  const editable = can(saved ? 'PATCH /v1/forms/{id}' : 'POST /v1/forms');
  const { campaigns, topics } = useCatalog();
  const format = useFormat();
  const [draft, setDraft] = useState<FormDraft>(() => (saved ? draftOf(saved) : emptyDraft()));
  // The custom fields of contacts join the field list as rows a form may ask for.
  const customKeys = useCustomFields('contact')
    .items.map((field) => field.key)
    .join(' ');
  useEffect(() => {
    if (customKeys) setDraft((current) => withCustomFields(current, customKeys.split(' ')));
  }, [customKeys]);
  const [notice, setNotice] = useState<string>(() => ((location.state as FormNotice | null)?.notice === 'created' ? t('created') : ''));
  const set = <K extends keyof FormDraft>(name: K, value: FormDraft[K]) => {
    setDraft((current) => ({ ...current, [name]: value }));
    setNotice('');
  };

  const save = useMutation({
    mutationFn: (body: FormBody) =>
      saved ? api.send<FormWithEmbed>('PATCH', `/v1/forms/${encodeURIComponent(saved.id)}`, body) : api.send<FormWithEmbed>('POST', '/v1/forms', body),
    onSuccess: async (form) => {
      queryClient.setQueryData(['/v1/forms', form.id], form);
      await queryClient.invalidateQueries({ queryKey: ['/v1/forms'] });
      if (saved) setNotice(t('saved'));
      else navigate(`/forms/${encodeURIComponent(form.id)}`, { replace: true, state: { notice: 'created' } satisfies FormNotice });
    },
  });
  const archive = useMutation({
    mutationFn: (id: string) => api.send('DELETE', `/v1/forms/${encodeURIComponent(id)}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['/v1/forms'] });
      navigate('/forms', { state: { notice: 'archived' } satisfies FormNotice });
    },
  });

  const body = bodyOf(draft);
  const dirty = saved ? JSON.stringify(body) !== JSON.stringify(bodyOf(draftOf(saved))) : true;
  const savedId = saved?.id;
  const savedAt = saved?.createdAt;
  const draftForm = useMemo<Form>(
    () => ({
      id: savedId ?? 'new',
      name: draft.name,
      topics: draft.topics,
      fields: declaredFields(draft),
      doubleOptIn: draft.doubleOptIn,
      allowedOrigins: draft.allowedOrigins,
      locale: draft.locale,
      createdAt: savedAt ?? '',
    }),
    [draft, savedId, savedAt],
  );
  const error = save.error;
  const sent = save.variables;
  const fieldErrors = Object.fromEntries(
    (sent?.fields ?? []).map((field, index) => [
      field.name,
      { label: fieldError(error, `fields.${index}.label`), name: fieldError(error, `fields.${index}.name`) ?? issueAt(error, `fields.${index}`) },
    ]),
  );
  const topicItems = topics.data?.items ?? [];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    if (editable) save.mutate(body);
  };

  return (
    <Page
      title={saved ? t('editTitle', { name: saved.name }) : t('newTitle')}
      description={t('builderDescription')}
      actions={
        saved && !saved.archivedAt && can('DELETE /v1/forms/{id}') ? (
          <ArchiveButton confirmText={t('archiveConfirm', { name: saved.name })} pending={archive.isPending} onArchive={() => archive.mutate(saved.id)} />
        ) : undefined
      }
    >
      {saved ? <ReadOnlyNotice route="PATCH /v1/forms/{id}" /> : null}
      {saved?.archivedAt ? <p className="notice warn">{t('isArchived', { date: format.date(saved.archivedAt) })}</p> : null}
      <div className="form-builder">
        <div className="form-builder-main">
          <Card title={t('settings')} id="form-settings">
            <ReadOnlyGroup readOnly={!editable}>
              <form className="form-grid" onSubmit={onSubmit} noValidate aria-labelledby="form-settings">
                <FormProblem problem={error} fallback={c('fixFields')} />
                <FormProblem problem={archive.error} fallback={c('fixFields')} />
                <TextField
                  label={c('name')}
                  value={draft.name}
                  onChange={(event) => set('name', event.target.value)}
                  error={fieldError(error, 'name')}
                  required
                  maxLength={200}
                />
                <SelectField
                  label={t('campaign')}
                  hint={t('campaignHint')}
                  value={draft.campaignId}
                  onChange={(event) => set('campaignId', event.target.value)}
                  error={fieldError(error, 'campaignId')}
                >
                  <NamedOptions items={campaigns.data?.items} none={t('noCampaign')} />
                </SelectField>
                <fieldset className="full" aria-describedby="form-topics-hint">
                  <legend>{t('topicsLegend')}</legend>
                  <p id="form-topics-hint" className="hint">
                    {t('topicsHint')}
                  </p>
                  {topics.isSuccess && topicItems.length === 0 ? <p className="notice warn">{t('noTopics')}</p> : null}
                  {topicItems.map((topic) => {
                    const topicError = issueForItem(error, 'topics', sent?.topics, topic.id);
                    return (
                      <div key={topic.id}>
                        <CheckboxField
                          label={topic.name}
                          hint={topic.consentText}
                          checked={draft.topics.includes(topic.id)}
                          onChange={(event) => set('topics', event.target.checked ? [...draft.topics, topic.id] : draft.topics.filter((id) => id !== topic.id))}
                        />
                        {topicError ? <p className="field-error">{topicError}</p> : null}
                      </div>
                    );
                  })}
                  {issueAt(error, 'topics') ? <p className="field-error">{issueAt(error, 'topics')}</p> : null}
                </fieldset>
                <fieldset className="full">
                  <legend>{t('fieldsLegend')}</legend>
                  <p className="hint">{t('fieldsHint')}</p>
                  <FieldList fields={draft.fields} onChange={(fields) => set('fields', fields)} errors={fieldErrors} />
                  {issueAt(error, 'fields') ? <p className="field-error">{issueAt(error, 'fields')}</p> : null}
                </fieldset>
                <CheckboxField
                  label={t('doubleOptIn')}
                  hint={t('doubleOptInHint')}
                  checked={draft.doubleOptIn}
                  onChange={(event) => set('doubleOptIn', event.target.checked)}
                />
                <SelectField
                  label={t('locale')}
                  value={draft.locale}
                  onChange={(event) => set('locale', event.target.value as Locale)}
                  error={fieldError(error, 'locale')}
                >
                  {FORM_LOCALES.map((locale) => (
                    <option key={locale} value={locale}>
                      {locale === 'de' ? t('localeDe') : t('localeEn')}
                    </option>
                  ))}
                </SelectField>
                <OriginList
                  origins={draft.allowedOrigins}
                  onChange={(origins) => set('allowedOrigins', origins)}
                  errorOf={(origin) => issueForItem(error, 'allowedOrigins', sent?.allowedOrigins, origin)}
                  listError={issueAt(error, 'allowedOrigins')}
                />
                <div className="full redirect-field">
                  <TextField
                    label={t('redirectUrl')}
                    hint={t('redirectHint')}
                    type="url"
                    value={draft.redirectUrl}
                    onChange={(event) => set('redirectUrl', event.target.value)}
                    error={fieldError(error, 'redirectUrl')}
                    placeholder="https://www.example.de/danke"
                  />
                </div>
                {editable ? (
                  <div className="form-actions">
                    <button type="submit" className="primary" disabled={save.isPending}>
                      {save.isPending ? c('saving') : saved ? c('save') : t('create')}
                    </button>
                    <span role="status" className="save-status">
                      {notice}
                    </span>
                  </div>
                ) : null}
              </form>
            </ReadOnlyGroup>
          </Card>
        </div>
        <div className="form-builder-side">
          <FormPreview draftForm={draftForm} topics={topicItems} saved={saved} dirty={dirty} />
          {editable ? <TestSubmission key={saved?.id ?? 'new'} form={saved} topics={topicItems} /> : null}
        </div>
      </div>
    </Page>
  );
}

export default function FormScreen() {
  const { id } = useParams();
  const t = useT(formMessages);
  const api = useApi();
  const form = useQuery({
    queryKey: ['/v1/forms', id],
    queryFn: () => api.get<FormWithEmbed>(`/v1/forms/${encodeURIComponent(id ?? '')}`),
    enabled: id !== undefined,
  });
  if (id === undefined) return <FormBuilder key="new" saved={undefined} />;
  if (!form.data) {
    return (
      <Page title={t('title')}>
        <QueryState query={form}>{() => null}</QueryState>
      </Page>
    );
  }
  return <FormBuilder key={form.data.id} saved={form.data} />;
}
