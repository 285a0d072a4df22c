import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { CustomFieldDefinition, CustomFieldTarget } from '#shared/domain/custom-field';
import type { CustomFieldValue, CustomFieldValues } from '#shared/domain/custom-field-value';
import { useApi } from '../../api/api-context';
import { commonMessages } from '../../components/common-messages';
import { CheckboxField, fieldError, FormProblem, SelectField, TextField } from '../../components/fields';
import { Card } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { fieldMessages } from './field-messages';
import { useCustomFields, useLabelOf } from './use-custom-fields';
import './fields.css';
import { useCan } from '../../roles/permissions';

/** What an input holds for a value: text for text, number, date and select; a tick for yes/no. */
type Draft = Record<string, string | boolean>;

const draftOf = (definitions: CustomFieldDefinition[], values: CustomFieldValues | undefined): Draft =>
  Object.fromEntries(
    definitions.map((definition) => [
      definition.key,
      definition.type === 'boolean' ? values?.[definition.key] === true : String(values?.[definition.key] ?? ''),
    ]),
  );

/** The change to send: each field's typed value, or null to clear it (the API checks the rest). */
function patchOf(definitions: CustomFieldDefinition[], draft: Draft): Record<string, CustomFieldValue | null> {
  return Object.fromEntries(
    definitions.map((definition) => {
      const raw = draft[definition.key];
      if (definition.type === 'boolean') return [definition.key, raw === true];
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (text === '') return [definition.key, null];
      if (definition.type === 'number') {
        const number = Number(text.replace(',', '.'));
        return [definition.key, Number.isFinite(number) ? number : text];
      }
      return [definition.key, text];
    }),
  );
}

/**
 * The custom fields of a contact or a company: their values with the definitions' labels in the
 * user's language, and an editor with an input per type (text, number, date, checkbox, select).
 */
export function CustomFieldValuesCard({
  target,
  path,
  values,
  queryKey,
}: {
  target: CustomFieldTarget;
  /** The PATCH route, e.g. /v1/contacts/<id>. */
  path: string;
  values: CustomFieldValues | undefined;
  queryKey: readonly unknown[];
}) {
  const t = useT(fieldMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const labelOf = useLabelOf();
  const api = useApi();
  const queryClient = useQueryClient();
  const definitions = useCustomFields(target);
  const [draft, setDraft] = useState<Draft | undefined>();
  const [saved, setSaved] = useState(false);
  const { can } = useCan();
  const editable = can(target === 'company' ? 'PATCH /v1/companies/{id}' : 'PATCH /v1/contacts/{id}');
  const save = useMutation({
    mutationFn: () => api.send('PATCH', path, { fields: patchOf(definitions.items, draft ?? {}) }),
    onSuccess: async () => {
      setDraft(undefined);
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey });
    },
  });
  const shown = (definition: CustomFieldDefinition): string => {
    const value = values?.[definition.key];
    if (value === undefined) return t('noValue');
    if (definition.type === 'boolean') return value === true ? t('yes') : t('no');
    if (definition.type === 'number' && typeof value === 'number') return format.number(value);
    if (definition.type === 'date' && typeof value === 'string') return format.date(`${value}T12:00:00Z`);
    if (definition.type === 'select') {
      const option = definition.options?.find((candidate) => candidate.value === value);
      return option ? labelOf(option.label) : String(value);
    }
    return String(value);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const set = (key: string, value: string | boolean) => setDraft({ ...(draft ?? {}), [key]: value });

  return (
    <Card title={t('fieldsHeading')} id={`${target}-custom-fields`}>
      <div className="custom-field-values">
        {definitions.isPending ? (
          <p role="status">{c('loading')}</p>
        ) : definitions.items.length === 0 ? (
          <p className="muted">
            {t(`noneDefined_${target}`)} {can('POST /v1/fields') ? <Link to="/fields">{t('defineLink')}</Link> : null}
          </p>
        ) : draft === undefined ? (
          <>
            <dl>
              {definitions.items.map((definition) => (
                <div key={definition.key} style={{ display: 'contents' }}>
                  <dt>{labelOf(definition.label)}</dt>
                  <dd>{shown(definition)}</dd>
                </div>
              ))}
            </dl>
            {editable ? (
              <div className="form-actions">
                <button
                  type="button"
                  onClick={() => {
                    setSaved(false);
                    setDraft(draftOf(definitions.items, values));
                  }}
                >
                  {t('edit')}
                </button>
              </div>
            ) : null}
          </>
        ) : (
          <form onSubmit={submit} className="form-grid" noValidate>
            <FormProblem problem={save.error} fallback={c('fixFields')} />
            {definitions.items.map((definition) => {
              const label = labelOf(definition.label);
              const error = fieldError(save.error, `fields.${definition.key}`);
              const value = draft[definition.key];
              if (definition.type === 'boolean')
                return (
                  <CheckboxField key={definition.key} label={label} checked={value === true} onChange={(event) => set(definition.key, event.target.checked)} />
                );
              if (definition.type === 'select')
                return (
                  <SelectField
                    key={definition.key}
                    label={label}
                    value={String(value ?? '')}
                    error={error}
                    onChange={(event) => set(definition.key, event.target.value)}
                  >
                    <option value="">{t('unset')}</option>
                    {(definition.options ?? []).map((option) => (
                      <option key={option.value} value={option.value}>
                        {labelOf(option.label)}
                      </option>
                    ))}
                  </SelectField>
                );
              return (
                <TextField
                  key={definition.key}
                  label={label}
                  type={definition.type === 'number' ? 'number' : definition.type === 'date' ? 'date' : 'text'}
                  step={definition.type === 'number' ? 'any' : undefined}
                  value={String(value ?? '')}
                  error={error}
                  onChange={(event) => set(definition.key, event.target.value)}
                />
              );
            })}
            <div className="form-actions">
              <button type="submit" className="primary" disabled={save.isPending}>
                {save.isPending ? c('saving') : c('save')}
              </button>
              <button type="button" onClick={() => setDraft(undefined)}>
                {t('cancel')}
              </button>
            </div>
          </form>
        )}
        <p role="status" aria-live="polite" className="visually-hidden">
          {saved ? t('valuesSaved') : ''}
        </p>
      </div>
    </Card>
  );
}
