import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { commonMessages } from '../../components/common-messages';
import { delimiterLabels, encodingLabels, importMessages } from './import-messages';
import type { ImportReport } from './import-types';
import { StepSection } from './step-section';
import { useImportTargets } from './use-target-label';
import { wizardMessages } from './wizard-messages';

/** The mapped columns and the first rows as the importer would read them. */
export function PreviewTable({ report }: { report: ImportReport }) {
  const t = useT(wizardMessages);
  const { labelOf: label } = useImportTargets();
  const columns = report.detected.headers.flatMap((header, index) => {
    const field = report.detected.mapping[header];
    return field && report.detected.headers.indexOf(header) === index ? [{ header, field }] : [];
  });
  if (report.preview.length === 0) return <p className="muted">{t('noPreview')}</p>;
  return (
    <>
      <p className="hint">{t('previewHint', { n: report.preview.length })}</p>
      <table>
        <caption className="visually-hidden">{t('previewCaption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              #
            </th>
            {columns.map(({ header, field }) => (
              <th scope="col" key={header}>
                {header}
                <br />
                <span className="hint">→ {label(field)}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.preview.map((row) => (
            <tr key={row.row}>
              <td className="num">{row.row}</td>
              {columns.map(({ header, field }) => (
                <td key={header}>{row.values[field] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Step 2: encoding, separator and headers as the API detected them, and the first rows. */
export function CheckStep({
  fileName,
  report,
  focusOnOpen,
  onBack,
  onNext,
}: {
  fileName: string;
  report: ImportReport;
  focusOnOpen: boolean;
  onBack: () => void;
  onNext: () => void;
}) {
  const t = useT(wizardMessages);
  const c = useT(commonMessages);
  const m = useT(importMessages);
  const encoding = useT(encodingLabels);
  const delimiter = useT(delimiterLabels);
  const format = useFormat();
  const { detected } = report;
  return (
    <StepSection title={t('checkHeading')} focusOnOpen={focusOnOpen}>
      <dl className="facts">
        <dt>{t('file')}</dt>
        <dd>{fileName}</dd>
        <dt>{t('encoding')}</dt>
        <dd>{encoding(detected.encoding)}</dd>
        <dt>{t('delimiter')}</dt>
        <dd>{delimiter(detected.delimiter)}</dd>
        <dt>{t('headers')}</dt>
        <dd>
          <ul className="header-list">
            {detected.headers.map((header, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a file may repeat a header; the column position is its identity
              <li key={`${index}-${header}`}>
                <code>{header}</code>
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('ignoredColumns')}</dt>
        <dd>{detected.ignoredColumns.length > 0 ? detected.ignoredColumns.join(', ') : c('none')}</dd>
        <dt>{m('rows')}</dt>
        <dd>{format.number(report.rows)}</dd>
      </dl>
      <PreviewTable report={report} />
      <div className="wizard-actions">
        <button type="button" onClick={onBack}>
          {c('back')}
        </button>
        <button type="button" className="primary" onClick={onNext}>
          {c('next')}: {t('stepMap')}
        </button>
      </div>
    </StepSection>
  );
}
