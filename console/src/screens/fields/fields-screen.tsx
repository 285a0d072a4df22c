import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { input } from 'zod';
import {
  CUSTOM_FIELD_TYPES,
  type CustomFieldDefinition,
  type CustomFieldTarget,
  type CustomFieldType,
  type createCustomFieldSchema,
} from '#shared/domain/custom-field';
import { useApi } from '../../api/api-context';
import { ApiProblem } from '../../api/problem';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, SelectField, TextField } from '../../components/fields';
import { Card, EmptyState, Page } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { fieldMessages } from './field-messages';
import { type OptionDraft, OptionsEditor } from './options-editor';
import { useCustomFields, useLabelOf } from './use-custom-fields';
import './fields.css';
import { Allowed, useCan } from '../../roles/permissions';

type Body = input<typeof createCustomFieldSchema>;
const EMPTY = { key: '', de: '', en: '', type: 'text' as CustomFieldType, appliesTo: 'contact' as CustomFieldTarget, options: [] as OptionDraft[] };

function bodyOf(draft: typeof EMPTY): Body {
  return {
    key: draft.key.trim(),
    label: { de: draft.de.trim(), en: draft.en.trim() },
    type: draft.type,
    appliesTo: draft.appliesTo,
    ...(draft.type === 'select'
      ? {
          options: draft.options.map((option) => {
            const value = option.value.trim();
            return { value, label: { de: option.de.trim() || value, en: option.en.trim() || value } };
          }),
        }
      : {}),
  };
}

function AddField({ onCreated }: { onCreated: (key: string) => void }) {
  const t = useT(fieldMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(EMPTY);
  const create = useMutation({
    mutationFn: () => api.send<CustomFieldDefinition>('POST', '/v1/fields', bodyOf(draft)),
    onSuccess: async (created) => {
      setDraft(EMPTY);
      onCreated(created.key);
      await queryClient.invalidateQueries({ queryKey: ['/v1/fields'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const set = (name: 'key' | 'de' | 'en') => (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value });
  return (
    <Card title={t('add')} id="add-field">
      <form onSubmit={submit} className="form-grid" noValidate>
        <FormProblem problem={create.error} fallback={c('fixFields')} />
        <TextField label={t('key')} hint={t('keyHint')} value={draft.key} onChange={set('key')} error={fieldError(create.error, 'key')} required />
        <TextField label={t('labelDe')} value={draft.de} onChange={set('de')} error={fieldError(create.error, 'label.de')} required />
        <TextField label={t('labelEn')} value={draft.en} onChange={set('en')} error={fieldError(create.error, 'label.en')} required />
        <SelectField
          label={t('type')}
          value={draft.type}
          error={fieldError(create.error, 'type')}
          onChange={(event) => {
            const type = event.target.value as CustomFieldType;
            setDraft({ ...draft, type, options: type === 'select' && draft.options.length === 0 ? [{ value: '', de: '', en: '' }] : draft.options });
          }}
        >
          {CUSTOM_FIELD_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(type)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('appliesTo')}
          value={draft.appliesTo}
          error={fieldError(create.error, 'appliesTo')}
          onChange={(event) => setDraft({ ...draft, appliesTo: event.target.value as CustomFieldTarget })}
        >
          <option value="contact">{t('contact')}</option>
          <option value="company">{t('company')}</option>
        </SelectField>
        {draft.type === 'select' ? (
          <OptionsEditor options={draft.options} onChange={(options) => setDraft({ ...draft, options })} error={create.error} />
        ) : null}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? c('saving') : t('add')}
          </button>
        </div>
      </form>
    </Card>
  );
}

export default function FieldsScreen() {
  const t = useT(fieldMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const labelOf = useLabelOf();
  const api = useApi();
  const mayDelete = useCan().can('DELETE /v1/fields/{key}');
  const queryClient = useQueryClient();
  const list = useCustomFields();
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();
  const remove = useMutation({
    mutationFn: (key: string) => api.send('DELETE', `/v1/fields/${encodeURIComponent(key)}`),
    onSuccess: async (_, key) => {
      setNotice({ kind: 'ok', text: t('deleted', { key }) });
      await queryClient.invalidateQueries({ queryKey: ['/v1/fields'] });
    },
    onError: (error, key) => {
      const reason = error instanceof ApiProblem ? (error.detail ?? error.message) : error.message;
      setNotice({ kind: 'error', text: t('notDeleted', { key, reason }) });
    },
  });
  return (
    <Page title={t('title')} description={t('description')}>
      <Allowed route="POST /v1/fields">
        <AddField onCreated={(key) => setNotice({ kind: 'ok', text: t('created', { key }) })} />
      </Allowed>
      <div role="status" aria-live="polite">
        {notice ? <p className={`notice ${notice.kind}`}>{notice.text}</p> : null}
      </div>
      <Card>
        {list.isPending ? (
          <p role="status">{c('loading')}</p>
        ) : list.items.length === 0 ? (
          <EmptyState title={t('emptyTitle')}>{t('emptyText')}</EmptyState>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('key')}</th>
                <th scope="col">{t('label')}</th>
                <th scope="col">{t('type')}</th>
                <th scope="col">{t('appliesTo')}</th>
                <th scope="col">{t('options')}</th>
                <th scope="col">{c('created')}</th>
                {mayDelete ? (
                  <th scope="col">
                    <span className="visually-hidden">{c('actions')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {list.items.map((field) => (
                <tr key={field.key}>
                  <th scope="row">
                    <code>{field.key}</code>
                  </th>
                  <td>{labelOf(field.label)}</td>
                  <td>{t(field.type)}</td>
                  <td>{t(field.appliesTo)}</td>
                  <td className="wrap">{(field.options ?? []).map((option) => labelOf(option.label)).join(', ') || t('noValue')}</td>
                  <td>{format.date(field.createdAt)}</td>
                  {mayDelete ? (
                    <td>
                      <button
                        type="button"
                        className="link danger"
                        aria-label={t('deleteLabel', { key: field.key })}
                        onClick={() => {
                          if (window.confirm(t('deleteConfirm', { label: labelOf(field.label) }))) remove.mutate(field.key);
                        }}
                      >
                        {c('delete')}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </Page>
  );
}
