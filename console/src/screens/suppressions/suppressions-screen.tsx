import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Suppression, SuppressionReason } from '#shared/store/suppression-repository';
import { useApi } from '../../api/api-context';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem, SelectField, TextField } from '../../components/fields';
import { PagedList } from '../../components/paged-list';
import { Card, EmptyState, Page } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { defineMessages, useT } from '../../i18n/locale';
import { ConfirmDialog } from '../mailings/confirm-dialog';
import '../mailings/mailing.css';

const REASONS: readonly SuppressionReason[] = ['manual', 'bounce', 'complaint'];

const messages = defineMessages({
  en: {
    title: 'Suppressions',
    description: 'Addresses no mailing reaches, whatever their consent: hard bounces and complaints arrive here from SES; add others by hand.',
    add: 'Suppress an address',
    email: 'E-mail address',
    reason: 'Reason',
    reason_manual: 'By hand',
    reason_bounce: 'Bounce',
    reason_complaint: 'Complaint',
    since: 'Since',
    source: 'Source',
    source_admin: 'Console or API',
    remove: 'Remove',
    removeLabel: 'Remove {email} from the suppression list',
    removeTitle: 'Remove {email} from the suppression list?',
    removeBody: 'Mailings can reach this address again, if the person has granted consent for their topic.',
    removeConfirm: 'Yes, remove',
    added: '{email} is on the suppression list (reason: {reason}).',
    removed: '{email} was removed from the suppression list.',
    emptyTitle: 'No suppressed addresses',
    emptyText: 'Bounced and complaining addresses appear here by themselves. Add an address above to keep every mailing away from it.',
  },
  de: {
    title: 'Sperrliste',
    description:
      'Adressen, die kein Mailing erreicht – unabhängig von der Einwilligung: Harte Bounces und Beschwerden kommen von SES; weitere tragen Sie von Hand ein.',
    add: 'Adresse sperren',
    email: 'E-Mail-Adresse',
    reason: 'Grund',
    reason_manual: 'Von Hand',
    reason_bounce: 'Bounce',
    reason_complaint: 'Beschwerde',
    since: 'Seit',
    source: 'Herkunft',
    source_admin: 'Konsole oder API',
    remove: 'Entfernen',
    removeLabel: '{email} von der Sperrliste entfernen',
    removeTitle: '{email} von der Sperrliste entfernen?',
    removeBody: 'Mailings können diese Adresse dann wieder erreichen, sofern die Person in das Thema eingewilligt hat.',
    removeConfirm: 'Ja, entfernen',
    added: '{email} steht auf der Sperrliste (Grund: {reason}).',
    removed: '{email} wurde von der Sperrliste entfernt.',
    emptyTitle: 'Keine gesperrten Adressen',
    emptyText: 'Unzustellbare Adressen und Beschwerden erscheinen hier von selbst. Tragen Sie oben eine Adresse ein, um sie von jedem Mailing fernzuhalten.',
  },
});

export default function SuppressionsScreen() {
  const t = useT(messages);
  const c = useT(commonMessages);
  const format = useFormat();
  const api = useApi();
  const queryClient = useQueryClient();
  const list = usePaged<Suppression>('/v1/suppressions');
  const [form, setForm] = useState<{ email: string; reason: SuppressionReason }>({ email: '', reason: 'manual' });
  const [notice, setNotice] = useState('');
  const [removing, setRemoving] = useState<Suppression>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['/v1/suppressions'] });
  const add = useMutation({
    mutationFn: () => api.send<Suppression>('POST', '/v1/suppressions', { email: form.email.trim(), reason: form.reason }),
    onSuccess: async (suppression) => {
      // Adding an address twice keeps its first entry; the answer is that entry either way.
      setNotice(t('added', { email: suppression.email, reason: t(`reason_${suppression.reason}`) }));
      setForm({ email: '', reason: 'manual' });
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (email: string) => api.send('DELETE', `/v1/suppressions/${encodeURIComponent(email)}`),
    onSuccess: async (_answer, email) => {
      setRemoving(undefined);
      setNotice(t('removed', { email }));
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    add.mutate();
  };
  return (
    <Page title={t('title')} description={t('description')}>
      <div role="status" aria-live="polite">
        {notice ? <p className="notice ok">{notice}</p> : null}
      </div>
      <Card title={t('add')} id="add-suppression">
        <form className="form-grid" onSubmit={submit} noValidate>
          <FormProblem problem={add.error} fallback={c('fixFields')} />
          <TextField
            label={t('email')}
            type="email"
            autoComplete="off"
            value={form.email}
            onChange={(event) => setForm({ ...form, email: event.target.value })}
            error={fieldError(add.error, 'email')}
            required
          />
          <SelectField
            label={t('reason')}
            value={form.reason}
            onChange={(event) => setForm({ ...form, reason: event.target.value as SuppressionReason })}
            error={fieldError(add.error, 'reason')}
          >
            {REASONS.map((reason) => (
              <option key={reason} value={reason}>
                {t(`reason_${reason}`)}
              </option>
            ))}
          </SelectField>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={add.isPending}>
              {add.isPending ? c('saving') : t('add')}
            </button>
          </div>
        </form>
      </Card>
      <Card>
        <PagedList list={list} empty={<EmptyState title={t('emptyTitle')}>{t('emptyText')}</EmptyState>}>
          {(items) => (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('email')}</th>
                  <th scope="col">{t('reason')}</th>
                  <th scope="col">{t('source')}</th>
                  <th scope="col">{t('since')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{c('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((suppression) => (
                  <tr key={suppression.emailNormalised}>
                    <th scope="row">{suppression.email}</th>
                    <td>{t(`reason_${suppression.reason}`)}</td>
                    <td>{suppression.source === 'admin' ? t('source_admin') : <code>{suppression.source}</code>}</td>
                    <td>{format.dateTime(suppression.at)}</td>
                    <td>
                      <button
                        type="button"
                        className="link danger"
                        aria-label={t('removeLabel', { email: suppression.email })}
                        onClick={() => setRemoving(suppression)}
                      >
                        {t('remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </PagedList>
      </Card>
      <ConfirmDialog
        open={removing !== undefined}
        title={t('removeTitle', { email: removing?.email ?? '' })}
        confirmLabel={t('removeConfirm')}
        cancelLabel={c('cancel')}
        danger
        busy={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing.email)}
        onClose={() => setRemoving(undefined)}
      >
        <p>{t('removeBody')}</p>
        <FormProblem problem={remove.error} fallback={remove.error?.message ?? ''} />
      </ConfirmDialog>
    </Page>
  );
}
