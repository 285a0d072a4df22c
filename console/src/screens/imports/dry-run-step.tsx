import { commonMessages } from '../../components/common-messages';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { ImportCounts } from './import-counts';
import type { ImportReport } from './import-types';
import { RejectedRowsTable } from './rejected-rows-table';
import { StepSection } from './step-section';
import { wizardMessages } from './wizard-messages';

/** Step 5: what the import would do now, counted by reading only. */
export function DryRunStep({
  report,
  large,
  focusOnOpen,
  onBack,
  onImport,
}: {
  report: ImportReport /** The file is uploaded whole; the counts are of its head. */;
  large: boolean;
  focusOnOpen: boolean;
  onBack: () => void;
  onImport: () => void;
}) {
  const t = useT(wizardMessages);
  const c = useT(commonMessages);
  const format = useFormat();
  return (
    <StepSection title={t('dryRunHeading')} focusOnOpen={focusOnOpen}>
      <p className="notice warn">{t('nothingWritten')}</p>
      <ImportCounts counts={report} dryRun label={t('dryRunCounts')} />
      <h3>{t('wouldReject')}</h3>
      <RejectedRowsTable rows={report.rejected} caption={t('wouldReject')} />
      {report.rejected.length < report.rejectedCount ? (
        <p className="hint">{t('dryRunMoreRejected', { shown: format.number(report.rejected.length), total: format.number(report.rejectedCount) })}</p>
      ) : null}
      <div className="wizard-actions">
        <button type="button" onClick={onBack}>
          {c('back')}
        </button>
        <button type="button" className="primary" onClick={onImport}>
          {large ? t('startUpload') : t('startImport', { rows: format.number(report.rows) })}
        </button>
      </div>
    </StepSection>
  );
}
