import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Campaign } from '#shared/domain/campaign';
import type { ResponseOf } from '#shared/http/response-schemas';
import { useApi } from '../../api/api-context';
import type { Page as ListPage } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { CheckboxField, fieldError, FormProblem, SelectField } from '../../components/fields';
import { Card } from '../../components/page';
import { saveFile } from '../../components/save-file';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { contactDataMessages } from '../contacts/contact-data-messages';
import '../contacts/contact-data.css';
import { printExportMessages } from './print-export-messages';
import { PrintExportProgress } from './print-export-progress';

type PrintExport = ResponseOf<'POST /v1/segments/{id}/print-export'>;
type PrintExportQueued = ResponseOf<'POST /v1/segments/{id}/print-export', 202>;

/**
 * "Print export": choose a campaign of channel print, download the segment's address list as CSV, and
 * see how many were exported and why the others were left out. In the background (asked for, or
 * always for a segment above 20,000 members: the API answers 202) the card follows the export and
 * offers its download link once written.
 */
export function PrintExportCard({ segmentId }: { segmentId: string }) {
  const t = useT(contactDataMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  const api = useApi();
  const b = useT(printExportMessages);
  const [campaignId, setCampaignId] = useState('');
  const [background, setBackground] = useState(false);
  const [exportId, setExportId] = useState<string>();
  const campaigns = useQuery({
    queryKey: ['/v1/campaigns', 'all'],
    queryFn: () => api.get<ListPage<Campaign>>('/v1/campaigns', { limit: 500 }),
    staleTime: 60_000,
  });
  const printCampaigns = (campaigns.data?.items ?? []).filter((campaign) => campaign.channel === 'print');
  const run = useMutation({
    mutationFn: () =>
      api.send<PrintExport | PrintExportQueued>('POST', `/v1/segments/${encodeURIComponent(segmentId)}/print-export`, undefined, {
        query: { campaignId, async: background ? 'true' : undefined },
        headers: { accept: 'application/json' },
      }),
    onMutate: () => setExportId(undefined),
    onSuccess: (result) => {
      if ('exportId' in result) setExportId(result.exportId);
      else saveFile(new Blob([`\uFEFF${result.csv}`], { type: 'text/csv;charset=utf-8' }), result.fileName);
    },
  });
  return (
    <Card title={t('printTitle')} id="print-export">
      <form
        className="print-export"
        noValidate
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          run.mutate();
        }}
      >
        <p className="hint">{t('printIntro')}</p>
        <FormProblem problem={run.error} fallback={c('fixFields')} />
        {campaigns.isSuccess && printCampaigns.length === 0 ? <p className="notice warn">{t('printNoCampaigns')}</p> : null}
        <SelectField
          label={t('printCampaign')}
          value={campaignId}
          onChange={(event) => setCampaignId(event.target.value)}
          error={fieldError(run.error, 'campaignId') ?? fieldError(run.error, 'query.campaignId')}
        >
          <option value="">{t('printNone')}</option>
          {printCampaigns.map((campaign) => (
            <option key={campaign.id} value={campaign.id}>
              {campaign.name}
            </option>
          ))}
        </SelectField>
        <CheckboxField label={b('background')} hint={b('backgroundHint')} checked={background} onChange={(event) => setBackground(event.target.checked)} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={run.isPending || campaignId === ''}>
            {run.isPending ? t('printRunning') : background ? b('prepare') : t('printDownload')}
          </button>
        </div>
        <div role="status" aria-live="polite">
          {exportId ? <PrintExportProgress exportId={exportId} /> : null}
          {run.isSuccess && !('exportId' in run.data) ? (
            <p className="notice ok">
              {t('printDone', {
                exported: format.number(run.data.exported),
                postBlocked: format.number(run.data.excluded.postBlocked),
                noAddress: format.number(run.data.excluded.noAddress),
              })}
            </p>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
