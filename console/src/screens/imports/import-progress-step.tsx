import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../../api/api-context';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import type { ImportRecord } from './import-types';
import { StepSection } from './step-section';
import { wizardMessages } from './wizard-messages';

/**
 * Step 6: the import runs in the POST; meanwhile its record (the id computed in the browser) is
 * polled, so the bar moves while the request is still open. A 404 only means it has not started yet.
 */
export function ImportProgressStep({
  importId,
  rows,
  running,
  problem,
  focusOnOpen,
}: {
  importId: string | undefined;
  rows: number;
  running: boolean;
  problem: Error | null;
  focusOnOpen: boolean;
}) {
  const t = useT(wizardMessages);
  const format = useFormat();
  const api = useApi();
  const record = useQuery({
    queryKey: [`/v1/imports/${importId ?? ''}`, 'progress'],
    queryFn: () => api.get<ImportRecord>(`/v1/imports/${encodeURIComponent(importId ?? '')}`),
    enabled: importId !== undefined,
    // While the POST is open; after a failed one still, slower, as long as the record says running
    // (the import may go on, or stop and be taken over by a repeated post).
    refetchInterval: (query) => (running ? 400 : query.state.data?.status === 'running' ? 2000 : false),
    retry: false,
  });
  const total = record.data?.rows ?? rows;
  const processed = running || problem ? (record.data?.processed ?? 0) : total;
  return (
    <StepSection title={t('importHeading')} focusOnOpen={focusOnOpen}>
      <div className="import-progress">
        <label htmlFor="import-progress">{t('importProgress')}</label>
        <progress id="import-progress" max={Math.max(total, 1)} value={processed} />
        <p role="status" aria-live="polite">
          {problem ? '' : record.data || !running ? t('progress', { processed: format.number(processed), rows: format.number(total) }) : t('starting')}
          {!running && !problem ? ` ${t('done')}` : ''}
        </p>
      </div>
      {problem ? (
        <div className="notice error" role="alert">
          <p>{t('importFailed', { message: problem.message })}</p>
          <p>{t('retryHint')}</p>
          <p>{importId ? <Link to={`/imports/${encodeURIComponent(importId)}`}>{t('openReport')}</Link> : <Link to="/imports">{t('toHistory')}</Link>}</p>
        </div>
      ) : null}
    </StepSection>
  );
}
