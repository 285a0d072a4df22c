import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';
import { commonMessages } from '../../components/common-messages';
import { FormProblem } from '../../components/fields';
import { Card } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { contactMessages, displayName } from './contact-messages';
import { duplicateMessages } from './duplicate-messages';
import { Allowed } from '../../roles/permissions';

type ContactView = ResponseOf<'GET /v1/contacts/{id}'>;

function Profile({ view, side }: { view: ContactView; side: 'survivor' | 'other' }) {
  const t = useT(duplicateMessages);
  const statuses = useT(contactMessages);
  const format = useFormat();
  const contact = view.contact;
  const consents = Object.entries(view.consentsByTopic);
  return (
    <section className={`card merge-side ${side}`} aria-labelledby={`merge-${contact.id}`}>
      <p className={`badge ${side === 'survivor' ? 'granted' : 'pending'}`}>{side === 'survivor' ? t('survivor') : t('mergedAway')}</p>
      <h3 id={`merge-${contact.id}`}>{displayName(contact, t('unnamed'))}</h3>
      <dl className="facts">
        <dt>{t('email')}</dt>
        <dd>{contact.email}</dd>
        <dt>{t('company')}</dt>
        <dd>{contact.company ?? '–'}</dd>
        <dt>{t('phone')}</dt>
        <dd>{contact.phone ?? '–'}</dd>
        <dt>{t('created')}</dt>
        <dd>{format.date(contact.createdAt)}</dd>
        <dt>{t('consents')}</dt>
        <dd>
          {consents.length === 0
            ? t('noConsents')
            : consents.map(([topic, state]) => (
                <span key={topic} className={`badge ${state.status}`}>
                  {topic}: {statuses(`status_${state.status as 'pending' | 'granted' | 'withdrawn'}`)}
                </span>
              ))}
        </dd>
        <dt>{t('touchpoints')}</dt>
        <dd>{format.number(view.touchpoints.length)}</dd>
        <dt>{t('orders')}</dt>
        <dd>{format.number(view.orders.length)}</dd>
        <dt>{t('activities')}</dt>
        <dd>{format.number(view.activities.length)}</dd>
      </dl>
    </section>
  );
}

/**
 * Both profiles side by side, the survivor first (a swap button chooses the other), and a confirming
 * dialog; after the merge the survivor's 360° page opens.
 */
export function MergeView({ ids, onClose }: { ids: readonly [string, string]; onClose: () => void }) {
  const t = useT(duplicateMessages);
  const c = useT(commonMessages);
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const [order, setOrder] = useState<readonly [string, string]>(ids);
  const [announce, setAnnounce] = useState('');
  const views = useQueries({
    queries: ids.map((id) => ({ queryKey: ['contact', id], queryFn: () => api.get<ContactView>(`/v1/contacts/${encodeURIComponent(id)}`) })),
  });
  const byId = new Map(views.flatMap((query) => (query.data ? [[query.data.contact.id, query.data] as const] : [])));
  const survivor = byId.get(order[0]);
  const other = byId.get(order[1]);
  const merge = useMutation({
    mutationFn: () => api.send<ContactView>('POST', `/v1/contacts/${encodeURIComponent(order[0])}/merge`, { otherId: order[1] }),
    onSuccess: async (view) => {
      queryClient.setQueryData(['contact', view.contact.id], view);
      await queryClient.invalidateQueries({ queryKey: ['duplicates'] });
      dialog.current?.close();
      navigate(`/contacts/${encodeURIComponent(view.contact.id)}`);
    },
  });
  const failed = views.find((query) => query.isError)?.error;
  return (
    <Card title={t('mergeTitle')} id="merge">
      <p>{t('mergeText')}</p>
      {failed ? (
        <div className="notice error" role="alert">
          <p>{c('errorLoading', { message: failed.message })}</p>
        </div>
      ) : !survivor || !other ? (
        <p role="status">{c('loading')}</p>
      ) : (
        <>
          <div className="merge-sides">
            <Profile view={survivor} side="survivor" />
            <Profile view={other} side="other" />
          </div>
          <div className="form-actions">
            <Allowed route="POST /v1/contacts/{id}/merge">
              <button
                type="button"
                onClick={() => {
                  setOrder([order[1], order[0]]);
                  setAnnounce(t('swapped', { name: displayName(other.contact, other.contact.email) }));
                }}
              >
                {t('swap')}
              </button>
              <button type="button" className="primary" onClick={() => dialog.current?.showModal()}>
                {t('merge')}
              </button>
            </Allowed>
            <button type="button" onClick={onClose}>
              {t('closeCompare')}
            </button>
            <span role="status">{announce}</span>
          </div>
          <dialog ref={dialog} aria-labelledby="merge-confirm-title" className="card" onClose={() => merge.reset()}>
            <form
              method="dialog"
              className="stack"
              onSubmit={(event) => {
                event.preventDefault();
                merge.mutate();
              }}
            >
              <h2 id="merge-confirm-title">
                {t('confirmTitle', { other: displayName(other.contact, other.contact.email), survivor: displayName(survivor.contact, survivor.contact.email) })}
              </h2>
              <p>{t('confirmText', { other: other.contact.email, survivor: survivor.contact.email })}</p>
              <FormProblem problem={merge.error} fallback={c('fixFields')} />
              {/* showModal focuses the first control, the confirming button. */}
              <div className="form-actions">
                <button type="submit" className="primary" disabled={merge.isPending}>
                  {merge.isPending ? t('merging') : t('confirm')}
                </button>
                <button type="button" onClick={() => dialog.current?.close()}>
                  {c('cancel')}
                </button>
              </div>
            </form>
          </dialog>
        </>
      )}
    </Card>
  );
}
