import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';
import { commonMessages } from '../../components/common-messages';
import { FormProblem } from '../../components/fields';
import { Card, EmptyState, Page } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { displayName } from './contact-messages';
import { duplicateMessages } from './duplicate-messages';
import { MergeView } from './merge-view';
import './merge-view.css';
import { Allowed } from '../../roles/permissions';

type Duplicates = ResponseOf<'GET /v1/contacts/duplicates'>;

/** Likely duplicate pairs with their reasons; each pair can be compared and merged, or dismissed. */
export default function DuplicatesScreen() {
  const t = useT(duplicateMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const api = useApi();
  const queryClient = useQueryClient();
  const [comparing, setComparing] = useState<readonly [string, string] | undefined>();
  const [status, setStatus] = useState('');
  const list = useQuery({ queryKey: ['duplicates'], queryFn: () => api.get<Duplicates>('/v1/contacts/duplicates') });
  const dismiss = useMutation({
    mutationFn: (pair: { a: string; b: string }) => api.send('POST', '/v1/contacts/duplicates/dismissals', pair),
    onSuccess: async () => {
      setStatus(t('dismissed'));
      await queryClient.invalidateQueries({ queryKey: ['duplicates'] });
    },
  });
  return (
    <Page title={t('title')} description={t('description')} actions={<Link to="/contacts">{t('toContacts')}</Link>}>
      {comparing ? <MergeView key={comparing.join()} ids={comparing} onClose={() => setComparing(undefined)} /> : null}
      <Card title={t('pairs')} id="duplicates">
        <FormProblem problem={dismiss.error} fallback={c('fixFields')} />
        <p role="status">{status}</p>
        <div aria-live="polite" aria-busy={list.isFetching}>
          {list.isPending ? (
            <p role="status">{c('loading')}</p>
          ) : list.isError ? (
            <div className="notice error" role="alert">
              <p>{c('errorLoading', { message: list.error.message })}</p>
            </div>
          ) : list.data.items.length === 0 ? (
            <EmptyState title={t('emptyTitle')}>{t('emptyText')}</EmptyState>
          ) : (
            <>
              <p>{t('checked', { count: format.number(list.data.checked) })}</p>
              {list.data.truncated ? (
                <div className="notice warn">
                  <p>{t('truncated')}</p>
                </div>
              ) : null}
              <table className="duplicates-table">
                <thead>
                  <tr>
                    <th scope="col">{t('contactA')}</th>
                    <th scope="col">{t('contactB')}</th>
                    <th scope="col">{t('reasons')}</th>
                    <th scope="col">{t('actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map(({ a, b, reasons }) => {
                    const names = { a: displayName(a, a.email), b: displayName(b, b.email) };
                    return (
                      <tr key={`${a.id}|${b.id}`}>
                        {[a, b].map((contact) => (
                          <td key={contact.id}>
                            <Link to={`/contacts/${encodeURIComponent(contact.id)}`}>{displayName(contact, t('unnamed'))}</Link>
                            <br />
                            <small>{contact.email}</small>
                          </td>
                        ))}
                        <td className="reasons">
                          {reasons.map((reason) => (
                            <span key={reason} className="badge">
                              {t(`reason_${reason}`)}
                            </span>
                          ))}
                        </td>
                        <td>
                          <div className="form-actions">
                            <button type="button" className="primary" aria-label={t('compareLabel', names)} onClick={() => setComparing([a.id, b.id])}>
                              {t('compare')}
                            </button>
                            <Allowed route="POST /v1/contacts/duplicates/dismissals">
                              <button
                                type="button"
                                aria-label={t('dismissLabel', names)}
                                disabled={dismiss.isPending}
                                onClick={() => dismiss.mutate({ a: a.id, b: b.id })}
                              >
                                {t('dismiss')}
                              </button>
                            </Allowed>
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )}
        </div>
      </Card>
    </Page>
  );
}
