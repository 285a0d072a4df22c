import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useNavigate } from 'react-router';
import { useApi } from '../../api/api-context';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { statusLabels } from './import-messages';
import type { ImportRecord } from './import-types';
import { StepSection } from './step-section';
import { wizardMessages } from './wizard-messages';

const FINISHED = new Set<ImportRecord['status']>(['done', 'failed']);

/**
 * Step 6 for a large file: it is uploaded to the bucket, then the import runs in the background. Its
 * record is polled every second until it is done or failed (rows are known once the file was read),
 * and the report opens when it is done.
 */
export function UploadProgressStep({
  importId,
  uploading,
  problem,
  focusOnOpen,
}: {
  importId: string | undefined;
  uploading: boolean;
  problem: Error | null;
  focusOnOpen: boolean;
}) {
  const t = useT(wizardMessages);
  const status = useT(statusLabels);
  const format = useFormat();
  const api = useApi();
  const navigate = useNavigate();
  const record = useQuery({
    queryKey: [`/v1/imports/${importId ?? ''}`, 'background'],
    queryFn: () => api.get<ImportRecord>(`/v1/imports/${encodeURIComponent(importId ?? '')}`),
    enabled: importId !== undefined,
    refetchInterval: (query) => (query.state.data && FINISHED.has(query.state.data.status) ? false : 1000),
  });
  const current = record.data;
  useEffect(() => {
    if (importId && current?.status === 'done') void navigate(`/imports/${encodeURIComponent(importId)}`);
  }, [current?.status, importId, navigate]);
  const failed = problem?.message ?? (current?.status === 'failed' ? (current.error ?? '') : undefined);
  return (
    <StepSection title={t('importHeading')} focusOnOpen={focusOnOpen}>
      <div className="import-progress">
        <label htmlFor="import-progress">{t('importProgress')}</label>
        <progress id="import-progress" max={Math.max(current?.rows ?? 0, 1)} value={current?.processed ?? 0} />
        <p role="status" aria-live="polite">
          {uploading
            ? t('uploading')
            : current
              ? `${t('backgroundStatus', { status: status(current.status) })} ${current.rows > 0 ? t('progress', { processed: format.number(current.processed), rows: format.number(current.rows) }) : ''}`
              : t('starting')}
          {current?.status === 'done' ? ` ${t('done')}` : ''}
        </p>
      </div>
      {failed !== undefined ? (
        <div className="notice error" role="alert">
          <p>{t('importFailed', { message: failed })}</p>
          <p>{importId ? <Link to={`/imports/${encodeURIComponent(importId)}`}>{t('openReport')}</Link> : <Link to="/imports">{t('toHistory')}</Link>}</p>
        </div>
      ) : null}
    </StepSection>
  );
}
