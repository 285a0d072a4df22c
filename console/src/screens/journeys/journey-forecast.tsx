import { useMutation } from '@tanstack/react-query';
import { lazy, Suspense, useId, useState } from 'react';
import type { JourneyStepType } from '#shared/domain/journey';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';
import { FormProblem } from '../../components/fields';
import { Card } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { journeyMessages } from './journey-messages';

type Simulation = ResponseOf<'POST /v1/journeys/{id}/simulate'>;

const TimeChart = lazy(() => import('../../components/time-chart').then((module) => ({ default: module.TimeChart })));
const HORIZONS = [7, 30, 90] as const;
const DAY_MS = 86_400_000;

/** The UTC days of the forecast's horizon, from today on, as the chart labels them. */
const horizonDays = (days: number, from: Date) => Array.from({ length: days }, (_, day) => new Date(from.getTime() + day * DAY_MS).toISOString().slice(0, 10));

/**
 * The forecast of the journey's newest version over today's contacts (`POST /v1/journeys/{id}/simulate`):
 * who would enter, how many reach each step, and the mails per day set against the SES quota. Nothing is
 * sent or written; the marketer runs it before publishing and after an edit.
 */
export function JourneyForecast({ journeyId, steps }: { journeyId: string; steps: ReadonlyArray<{ id: string; type: JourneyStepType }> }) {
  const t = useT(journeyMessages);
  const format = useFormat();
  const api = useApi();
  const horizonId = useId();
  const [days, setDays] = useState<number>(30);
  const forecast = useMutation({
    mutationFn: (horizon: number) =>
      api
        .send<Simulation>('POST', `/v1/journeys/${encodeURIComponent(journeyId)}/simulate`, { days: horizon })
        .then((result) => ({ result, from: new Date(), horizon })),
  });
  const run = forecast.data;
  const busiest = run ? Math.max(0, ...run.result.mailsPerDay.map((entry) => entry.mails)) : 0;
  const totalMails = run ? run.result.mailsPerDay.reduce((sum, entry) => sum + entry.mails, 0) : 0;
  const quota = run?.result.sendQuotaPerDay;
  return (
    <Card title={t('forecast')} id="journey-forecast">
      <p className="hint">{t('forecastHint')}</p>
      <div className="forecast-controls">
        <label htmlFor={horizonId}>{t('forecastHorizon')}</label>
        <select id={horizonId} value={days} onChange={(event) => setDays(Number(event.target.value))}>
          {HORIZONS.map((horizon) => (
            <option key={horizon} value={horizon}>
              {t('forecastDays', { days: format.number(horizon) })}
            </option>
          ))}
        </select>
        <button type="button" className="primary" onClick={() => forecast.mutate(days)} disabled={forecast.isPending}>
          {forecast.isPending ? t('forecastRunning') : t('forecastRun')}
        </button>
      </div>
      <FormProblem problem={forecast.error} fallback={t('forecastFailed')} />
      <div role="status" aria-live="polite">
        {run ? (
          <>
            {!run.result.exact ? <p className="notice warn">{t('forecastScaled', { share: format.percent(run.result.scanned) })}</p> : null}
            {quota !== undefined && busiest > quota ? (
              <p className="notice warn" data-testid="forecast-over-quota">
                {t('forecastOverQuota', { busiest: format.number(busiest), quota: format.number(quota) })}
              </p>
            ) : null}
            <dl className="kpis journey-kpis">
              <div className="kpi">
                <dt>{t('forecastEntering')}</dt>
                <dd data-testid="forecast-entering">{format.number(run.result.entering)}</dd>
              </div>
              <div className="kpi">
                <dt>{t('forecastMails', { days: format.number(run.horizon) })}</dt>
                <dd data-testid="forecast-mails">{format.number(totalMails)}</dd>
              </div>
              <div className="kpi">
                <dt>{t('forecastBusiest')}</dt>
                <dd data-testid="forecast-busiest">{format.number(busiest)}</dd>
                <dd className="hint">
                  {quota === undefined
                    ? t('forecastNoQuota')
                    : t('forecastOfQuota', { share: format.percent(quota > 0 ? busiest / quota : 0), quota: format.number(quota) })}
                </dd>
              </div>
            </dl>
          </>
        ) : null}
      </div>
      {run ? (
        <>
          <table className="forecast-steps">
            <caption>{t('forecastStepsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('forecastStep')}</th>
                <th scope="col" className="number">
                  {t('forecastReached')}
                </th>
              </tr>
            </thead>
            <tbody>
              {steps.map((step, index) => (
                <tr key={step.id}>
                  <th scope="row">
                    {t('stepTitle', { n: index + 1, type: t(`type_${step.type}`) })} <code>{step.id}</code>
                  </th>
                  <td className="number" data-testid={`forecast-step-${step.id}`}>
                    {format.number(run.result.steps[step.id]?.reached ?? 0)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Suspense fallback={null}>
            <TimeChart
              title={t('forecastChart')}
              days={horizonDays(run.horizon, run.from)}
              series={[{ label: t('forecastChartSeries'), values: run.result.mailsPerDay.map((entry) => entry.mails), colour: '#1f5fbf' }]}
            />
          </Suspense>
        </>
      ) : null}
    </Card>
  );
}
