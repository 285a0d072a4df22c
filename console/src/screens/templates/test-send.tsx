import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { Template } from '#shared/domain/template';
import { useApi } from '../../api/api-context';
import { ApiProblem } from '../../api/problem';
import { commonMessages } from '../../components/common-messages';
import { FormProblem } from '../../components/fields';
import { Card } from '../../components/page';
import { useT } from '../../i18n/locale';
import type { ContactChoice } from './contact-picker';
import { templateMessages } from './template-messages';

/** The test route's answer (202). */
interface TestSendAnswer {
  sent: number;
}

const addressesIn = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

/** Sends the saved template, rendered for the chosen contact, to one to five addresses (POST /v1/templates/{id}/test). */
export function TestSend({ template, contact }: { template: Template | undefined; contact: ContactChoice | undefined }) {
  const t = useT(templateMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const id = useId();
  const [to, setTo] = useState('');
  const send = useMutation({
    mutationFn: (addresses: string[]) =>
      api.send<TestSendAnswer>('POST', `/v1/templates/${encodeURIComponent(template?.id ?? '')}/test`, {
        to: addresses,
        ...(contact ? { contactId: contact.id } : {}),
      }),
  });
  if (!template) {
    return (
      <Card title={t('testSend')} id="template-test">
        <p className="muted">{t('testSaveFirst')}</p>
      </Card>
    );
  }
  // `to.2` names the third address sent; the message says which one it was.
  const sent = send.variables ?? [];
  const problems =
    send.error instanceof ApiProblem
      ? send.error.errors
          .filter((issue) => issue.path === 'to' || issue.path.startsWith('to.'))
          .map((issue) => {
            const address = sent[Number(issue.path.split('.')[1])];
            return address !== undefined && issue.path !== 'to' ? `${address}: ${issue.message}` : issue.message;
          })
      : [];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate(addressesIn(to));
  };
  return (
    <Card title={t('testSend')} id="template-test">
      <p className="hint">{t('testSendHint')}</p>
      <form className="stack" onSubmit={onSubmit} noValidate aria-labelledby="template-test">
        <FormProblem problem={send.error} fallback={c('fixFields')} />
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('testTo')}</label>
          <input
            id={`${id}-to`}
            type="text"
            inputMode="email"
            autoComplete="off"
            value={to}
            onChange={(event) => setTo(event.target.value)}
            aria-invalid={problems.length > 0 ? true : undefined}
            aria-describedby={`${id}-hint${problems.length > 0 ? ` ${id}-error` : ''}`}
          />
          <span id={`${id}-hint`} className="hint">
            {t('testToHint')}
          </span>
          {problems.length > 0 ? (
            <span id={`${id}-error`} className="field-error">
              {problems.join(' · ')}
            </span>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="submit" disabled={send.isPending}>
            {send.isPending ? t('testSending') : t('testSubmit')}
          </button>
          <span role="status" className="save-status">
            {send.data ? t('testSent', { count: send.data.sent }) : ''}
          </span>
        </div>
      </form>
    </Card>
  );
}
