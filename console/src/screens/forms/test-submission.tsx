import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import type { CaptureStatus } from '#shared/domain/capture-plan';
import type { Topic } from '#shared/domain/topic';
import type { FormWithEmbed } from '#shared/use-cases/manage-forms';
import { ApiProblem } from '../../api/problem';
import { commonMessages } from '../../components/common-messages';
import { CheckboxField, fieldError, FormProblem, TextField } from '../../components/fields';
import { Card } from '../../components/page';
import { loadConfig } from '../../config';
import { useT } from '../../i18n/locale';
import { useCustomFormFieldLabel } from '../fields/use-custom-fields';
import { isChannelBox, isCustomFormField } from './form-draft';
import { fieldLabels, formMessages } from './form-messages';

/** The submission route's JSON answer (202). */
interface SubmissionAnswer {
  contactId: string;
  status: CaptureStatus;
  ignoredFields?: string[];
}

/** Posts like a visitor's page would: JSON, no bearer token (the route is public), from the console's origin. */
async function submit(apiBaseUrl: string, formId: string, body: Record<string, unknown>): Promise<SubmissionAnswer> {
  const response = await fetch(`${apiBaseUrl}/v1/forms/${encodeURIComponent(formId)}/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (response.headers.get('content-type') ?? '').includes('json');
  if (!json) throw new ApiProblem(response.status, response.statusText, undefined);
  const answer: unknown = await response.json();
  if (!response.ok) {
    const problem = answer as { title?: string; detail?: string; errors?: Array<{ path: string; message: string }> };
    throw new ApiProblem(response.status, problem.title ?? response.statusText, problem.detail, problem.errors ?? []);
  }
  return answer as SubmissionAnswer;
}

export function TestSubmission({ form, topics }: { form: FormWithEmbed | undefined; topics: Topic[] }) {
  const t = useT(formMessages);
  const c = useT(commonMessages);
  const profileLabel = useT(fieldLabels);
  const customLabel = useCustomFormFieldLabel();
  const label = (name: FormWithEmbed['fields'][number]['name']) => (isCustomFormField(name) ? customLabel(name) : profileLabel(name));
  const config = useQuery({ queryKey: ['console-config'], queryFn: loadConfig, staleTime: Number.POSITIVE_INFINITY });
  const [values, setValues] = useState<Record<string, string>>({ email: '' });
  const [consent, setConsent] = useState<string[]>([]);
  const send = useMutation({
    mutationFn: () => {
      if (!form || !config.data) throw new Error(t('testSaveFirst'));
      const filled = Object.entries(values).filter(([, value]) => value.trim() !== '');
      const profile = Object.fromEntries(filled.filter(([name]) => !isCustomFormField(name)));
      const custom = Object.fromEntries(filled.filter(([name]) => isCustomFormField(name)).map(([name, value]) => [name.slice('fields.'.length), value]));
      return submit(config.data.apiBaseUrl, form.id, { ...profile, ...(Object.keys(custom).length > 0 ? { fields: custom } : {}), consent });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };
  if (!form) {
    return (
      <Card title={t('testTitle')} id="form-test">
        <p className="muted">{t('testSaveFirst')}</p>
      </Card>
    );
  }
  const set = (name: string) => (event: { target: { value: string } }) => setValues({ ...values, [name]: event.target.value });
  return (
    <Card title={t('testTitle')} id="form-test">
      <p className="hint">{t('testHint')}</p>
      <form className="form-grid" onSubmit={onSubmit} noValidate aria-labelledby="form-test">
        <FormProblem problem={send.error} fallback={c('fixFields')} />
        <TextField
          label={t('email')}
          type="email"
          autoComplete="off"
          value={values.email ?? ''}
          onChange={set('email')}
          error={fieldError(send.error, 'email')}
          required
        />
        {form.fields.map((field) =>
          isChannelBox(field.name) ? (
            <CheckboxField
              key={field.name}
              label={field.label ?? label(field.name)}
              checked={values[field.name] === 'on'}
              onChange={(event) => setValues({ ...values, [field.name]: event.target.checked ? 'on' : '' })}
            />
          ) : (
            <TextField
              key={field.name}
              label={field.label ?? label(field.name)}
              value={values[field.name] ?? ''}
              onChange={set(field.name)}
              error={fieldError(send.error, field.name)}
              required={field.required}
            />
          ),
        )}
        {form.topics.length > 0 ? (
          <fieldset className="full">
            <legend>{t('topics')}</legend>
            {form.topics.map((id) => {
              const topic = topics.find((candidate) => candidate.id === id);
              return (
                <CheckboxField
                  key={id}
                  label={topic?.name ?? id}
                  hint={topic?.consentText}
                  checked={consent.includes(id)}
                  onChange={(event) => setConsent(event.target.checked ? [...consent, id] : consent.filter((other) => other !== id))}
                />
              );
            })}
          </fieldset>
        ) : null}
        <div className="form-actions">
          <button type="submit" disabled={send.isPending || !config.data}>
            {send.isPending ? t('testSending') : t('testSubmit')}
          </button>
        </div>
      </form>
      <div role="status" className="test-answer">
        {send.data ? (
          <div className="notice ok">
            <p>{t('testResult', { status: t(`status_${send.data.status}`) })}</p>
            {send.data.ignoredFields && send.data.ignoredFields.length > 0 ? <p>{t('ignoredFields', { fields: send.data.ignoredFields.join(', ') })}</p> : null}
            <p>
              <Link to={`/contacts/${encodeURIComponent(send.data.contactId)}`}>{t('openContact')}</Link>
            </p>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
