import { type DragEvent, useId, useState } from 'react';
import { fieldError, FormProblem } from '../../components/fields';
import { useT } from '../../i18n/locale';
import { type ChosenFile, NO_SETTINGS, readChosenFile, useImportPost } from './import-request';
import type { ImportReport } from './import-types';
import { StepSection } from './step-section';
import { wizardMessages } from './wizard-messages';

const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel', 'text/plain'];
const isCsv = (file: File) => /\.(csv|txt)$/i.test(file.name) || CSV_TYPES.includes(file.type);

/**
 * Step 1: a file, dropped on the zone or chosen with the file input (the keyboard's way; the zone is
 * only a larger target for a mouse). The bytes go to a dry run at once, which says what was detected;
 * of a file above 5 MB only its head (the first lines within 1 MB).
 */
export function UploadStep({ focusOnOpen, onChecked }: { focusOnOpen: boolean; onChecked: (file: ChosenFile, report: ImportReport) => void }) {
  const t = useT(wizardMessages);
  const inputId = useId();
  const check = useImportPost(true);
  const [over, setOver] = useState(false);
  const [reading, setReading] = useState<string>();
  const [notCsv, setNotCsv] = useState<string>();

  const choose = async (file: File) => {
    check.reset();
    setNotCsv(undefined);
    if (!isCsv(file)) {
      setNotCsv(file.name);
      return;
    }
    setReading(file.name);
    const chosen: ChosenFile = await readChosenFile(file);
    check.mutate(
      { file: chosen, settings: NO_SETTINGS, overrides: {} },
      {
        onSuccess: (report) => onChecked(chosen, report),
        onSettled: () => setReading(undefined),
      },
    );
  };
  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file) void choose(file);
  };
  const error = notCsv ? t('notCsv', { name: notCsv }) : (fieldError(check.error, 'header') ?? fieldError(check.error, 'body'));
  return (
    <StepSection title={t('uploadHeading')} focusOnOpen={focusOnOpen}>
      <FormProblem problem={check.error} fallback={t('fileProblem', { message: check.error?.message ?? '' })} />
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop zone is for the mouse; the file input inside it is the keyboard's way */}
      <div
        className={over ? 'dropzone over' : 'dropzone'}
        data-testid="dropzone"
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>{t('dropHere')}</p>
        <div className="field">
          <label htmlFor={inputId}>{t('fileInput')}</label>
          <input
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            aria-invalid={error ? true : undefined}
            aria-describedby={`${inputId}-hint${error ? ` ${inputId}-error` : ''}`}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void choose(file);
            }}
          />
          <span id={`${inputId}-hint`} className="hint">
            {t('fileHint')}
          </span>
          {error ? (
            <span id={`${inputId}-error`} className="field-error">
              {error}
            </span>
          ) : null}
        </div>
      </div>
      <div role="status" aria-live="polite">
        {reading ? <p className="muted">{t('reading', { name: reading })}</p> : null}
      </div>
    </StepSection>
  );
}
