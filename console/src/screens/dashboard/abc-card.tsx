import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';
import { FormProblem } from '../../components/fields';
import { Card } from '../../components/page';
import { QueryState } from '../../components/query-state';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { AbcBadge } from '../companies/abc-badge';
import { abcMessages } from '../companies/abc-messages';
import { Allowed } from '../../roles/permissions';

type AbcStatus = ResponseOf<'GET /v1/abc'>;
const CLASSES = ['A', 'B', 'C'] as const;
/** How often the card asks again while a run it asked for (or one under way) has not finished. */
const POLL_MS = 2000;

/** Revenue and accounts per ABC class, per currency; a button that asks for a run now, and the run's state. */
export function AbcCard() {
  const t = useT(abcMessages);
  const format = useFormat();
  const api = useApi();
  const client = useQueryClient();
  const [requested, setRequested] = useState<{ runId: string; at: number } | undefined>();
  /**
   * Waiting for the run asked for: until its id is the last run's, or (when a run that started meanwhile took
   * its place, which then skips) until a run finished after the request; a failure ends the wait too.
   */
  const isWaiting = (data: AbcStatus | undefined) =>
    requested !== undefined &&
    data?.runId !== requested.runId &&
    data?.status !== 'failed' &&
    !(data?.status === 'done' && data.computedAt !== undefined && Date.parse(data.computedAt) > requested.at);
  const status = useQuery({
    queryKey: ['/v1/abc'],
    queryFn: () => api.get<AbcStatus>('/v1/abc'),
    refetchInterval: (query) => {
      const data = query.state.data;
      return isWaiting(data) || data?.status === 'running' ? POLL_MS : false;
    },
  });
  const recompute = useMutation({
    mutationFn: () => api.send<ResponseOf<'POST /v1/abc/recompute'>>('POST', '/v1/abc/recompute'),
    onSuccess: ({ runId }) => {
      setRequested({ runId, at: Date.now() });
      void client.invalidateQueries({ queryKey: ['/v1/abc'] });
    },
  });
  const waiting = isWaiting(status.data);
  const share = (revenue: number, total: number) => (total > 0 ? format.percent(revenue / total) : '–');
  return (
    <Card
      title={t('analyticsTitle')}
      id="abc-analytics"
      actions={
        <Allowed route="POST /v1/abc/recompute">
          <button type="button" onClick={() => recompute.mutate()} disabled={recompute.isPending || waiting}>
            {t('recompute')}
          </button>
        </Allowed>
      }
    >
      <div className="abc-card">
        <FormProblem problem={recompute.error} fallback={t('status_failed')} />
        <p role="status" aria-live="polite">
          {waiting ? t('requested') : status.data ? <span className={`badge ${status.data.status}`}>{t(`status_${status.data.status}`)}</span> : null}
        </p>
        <QueryState query={status}>
          {(data) =>
            data.status === 'never' || !data.computedAt ? (
              <p className="muted">{t('analyticsEmpty')}</p>
            ) : (
              <>
                <p className="hint">
                  {t('period', {
                    from: data.period?.from ?? '',
                    to: data.period?.to ?? '',
                    at: format.dateTime(data.computedAt),
                    a: format.percent(data.thresholds.a),
                    b: format.percent(data.thresholds.b),
                  })}{' '}
                  {data.currencies.length > 1 ? t('perCurrency') : null}
                </p>
                {data.currencies.length === 0 ? <p className="muted">{t('analyticsNoRevenue')}</p> : null}
                {data.currencies.map((entry) => {
                  const total = CLASSES.reduce((sum, abc) => sum + entry.classes[abc].revenueMinor, 0);
                  return (
                    <table key={entry.currency}>
                      <caption>{t('currencyCaption', { currency: entry.currency })}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('klass')}</th>
                          <th scope="col" className="number">
                            {t('accounts')}
                          </th>
                          <th scope="col" className="number">
                            {t('revenue')}
                          </th>
                          <th scope="col" className="number">
                            {t('share')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {CLASSES.map((abc) => (
                          <tr key={abc}>
                            <th scope="row">
                              <AbcBadge abc={abc} />
                            </th>
                            <td className="number">{format.number(entry.classes[abc].accounts)}</td>
                            <td className="number">{format.money(entry.classes[abc].revenueMinor, entry.currency)}</td>
                            <td className="number">{share(entry.classes[abc].revenueMinor, total)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  );
                })}
                <p className="muted">{t('noneAccounts', { count: format.number(data.none.accounts) })}</p>
              </>
            )
          }
        </QueryState>
      </div>
    </Card>
  );
}
