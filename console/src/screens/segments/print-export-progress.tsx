import { useQuery } from '@tanstack/react-query';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { printExportMessages } from './print-export-messages';

type PrintExportState = ResponseOf<'GET /v1/print-exports/{id}'>;

/** How often a queued or running export is asked for its state. */
const POLL_MS = 1500;

/**
 * A background print export's live state: queued, running (asked for every {@link POLL_MS} ms), then
 * the counts and a link to the file (valid 15 minutes), or that it failed. Lives in the card's status region.
 */
export function PrintExportProgress({ exportId }: { exportId: string }) {
  const t = useT(printExportMessages);
  const format = useFormat();
  const api = useApi();
  const state = useQuery({
    queryKey: ['/v1/print-exports', exportId],
    queryFn: () => api.get<PrintExportState>(`/v1/print-exports/${encodeURIComponent(exportId)}`),
    refetchInterval: (query) => (query.state.data?.status === 'done' || query.state.data?.status === 'failed' ? false : POLL_MS),
  });
  const data = state.data;
  if (state.isError || data?.status === 'failed') return <p className="notice error">{t('failed')}</p>;
  if (data?.status === 'done' && data.downloadUrl) {
    const counts = data.counts ?? { exported: 0, excluded: { postBlocked: 0, noAddress: 0 } };
    return (
      <div className="notice ok">
        <p>
          {t('ready', {
            exported: format.number(counts.exported),
            postBlocked: format.number(counts.excluded.postBlocked),
            noAddress: format.number(counts.excluded.noAddress),
          })}
        </p>
        <p>
          <a href={data.downloadUrl} download={data.fileName}>
            {t('download')}
          </a>{' '}
          <span className="hint">{t('validUntil', { time: format.dateTime(data.downloadExpiresAt) })}</span>
        </p>
      </div>
    );
  }
  return <p className="notice">{data?.status === 'running' ? t('running') : t('queued')}</p>;
}
