import { useId } from 'react';
import { ApiProblem } from '../../api/problem';
import { commonMessages } from '../../components/common-messages';
import { fieldError, FormProblem } from '../../components/fields';
import { useT } from '../../i18n/locale';
import { type ColumnMap, IGNORE_COLUMN, type ImportReport } from './import-types';
import { StepSection } from './step-section';
import { useImportTargets } from './use-target-label';
import { wizardMessages } from './wizard-messages';

type Target = ColumnMap[string];

function MappingRow({
  header,
  value,
  firstValue,
  error,
  onChange,
}: {
  header: string;
  value: Target;
  firstValue: string | undefined;
  error: string | undefined;
  onChange: (target: Target) => void;
}) {
  const { targets, labelOf } = useImportTargets();
  const id = useId();
  return (
    <tr>
      <th scope="row">
        <label htmlFor={id}>{header}</label>
      </th>
      <td>
        <select
          id={id}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => onChange(event.target.value as Target)}
        >
          {targets.map((target) => (
            <option key={target} value={target}>
              {labelOf(target)}
            </option>
          ))}
          {targets.includes(value) ? null : <option value={value}>{value}</option>}
        </select>
        {error ? (
          <span id={`${id}-error`} className="field-error">
            {error}
          </span>
        ) : null}
      </td>
      <td className="wrap">{firstValue ?? <span className="muted">–</span>}</td>
    </tr>
  );
}

/**
 * Step 3: one select per column, preselected with the API's auto-matched field. A change is sent as
 * `map=` in a new dry run at once; the API's 400 for a map that does not fit is shown at the column it
 * names (`query.map.<header>`), a problem of the whole map (no email column) above the table.
 */
export function MappingStep({
  report,
  overrides,
  checking,
  problem,
  focusOnOpen,
  onChange,
  onBack,
  onNext,
}: {
  report: ImportReport;
  overrides: ColumnMap;
  checking: boolean;
  problem: Error | null;
  focusOnOpen: boolean;
  onChange: (header: string, target: Target) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const t = useT(wizardMessages);
  const c = useT(commonMessages);
  const { detected } = report;
  const first = report.preview[0]?.values;
  const headers = detected.headers.filter((header, index) => detected.headers.indexOf(header) === index);
  const wholeMapProblem = problem instanceof ApiProblem ? problem.errors.find((issue) => issue.path === 'query.map')?.message : undefined;
  return (
    <StepSection title={t('mapHeading')} focusOnOpen={focusOnOpen}>
      <p className="hint">{t('mapHint')}</p>
      <FormProblem problem={problem} fallback={t('mapProblem')} />
      {wholeMapProblem ? (
        <p className="field-error" id="map-problem">
          {wholeMapProblem}
        </p>
      ) : null}
      <table className="mapping-table imports-table">
        <caption className="visually-hidden">{t('mapHeading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('column')}</th>
            <th scope="col">{t('field')}</th>
            <th scope="col">{t('firstValue')}</th>
          </tr>
        </thead>
        <tbody>
          {headers.map((header) => {
            const value: Target = overrides[header] ?? detected.mapping[header] ?? IGNORE_COLUMN;
            const mapped = detected.mapping[header];
            return (
              <MappingRow
                key={header}
                header={header}
                value={value}
                firstValue={mapped && first ? first[mapped] : undefined}
                error={fieldError(problem, `query.map.${header}`)}
                onChange={(target) => onChange(header, target)}
              />
            );
          })}
        </tbody>
      </table>
      <div role="status" aria-live="polite">
        <p className="muted">{checking ? t('mappingChecking') : problem ? '' : t('mappingOk')}</p>
      </div>
      <div className="wizard-actions">
        <button type="button" onClick={onBack}>
          {c('back')}
        </button>
        <button type="button" className="primary" onClick={onNext} disabled={checking || problem !== null}>
          {c('next')}: {t('stepOptions')}
        </button>
      </div>
    </StepSection>
  );
}
