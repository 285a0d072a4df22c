import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Page } from '../../components/page';
import { useFormat } from '../../i18n/format';
import { useT } from '../../i18n/locale';
import { CheckStep } from './check-step';
import { DryRunStep } from './dry-run-step';
import { importIdOf } from './import-id';
import { ImportProgressStep } from './import-progress-step';
import { type ChosenFile, importRequest, type ImportSettings, NO_SETTINGS, useImportPost, useImportUpload } from './import-request';
import type { ColumnMap, ImportReport } from './import-types';
import { MappingStep } from './mapping-step';
import { OptionsStep } from './options-step';
import { UploadProgressStep } from './upload-progress-step';
import { UploadStep } from './upload-step';
import { wizardMessages } from './wizard-messages';
import './imports.css';

const STEPS = ['upload', 'check', 'map', 'options', 'dryRun', 'import'] as const;
type Step = (typeof STEPS)[number];
const STEP_NAMES = { upload: 'stepUpload', check: 'stepCheck', map: 'stepMap', options: 'stepOptions', dryRun: 'stepDryRun', import: 'stepImport' } as const;

/** What the wizard knows once a file was checked; each later step adds to it. */
interface Checked {
  file: ChosenFile;
  /** The last dry run whose map fitted the file (what the mapping step shows). */
  report: ImportReport;
  /** The column map that dry run was made with. */
  checkedOverrides: ColumnMap;
}

/**
 * The import wizard (`/imports/new`): upload → check → map → options → dry run → import. Every step
 * before the last only asks the API for a dry run, so nothing is written until the person imports.
 * A file above 5 MB is checked by its head and at the end uploaded whole to the bucket, where the
 * import runs in the background (its progress is polled).
 */
export default function ImportWizardScreen() {
  const t = useT(wizardMessages);
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>('upload');
  const moved = useRef(false);
  const [checked, setChecked] = useState<Checked>();
  const [overrides, setOverrides] = useState<ColumnMap>({});
  const [settings, setSettings] = useState<ImportSettings>(NO_SETTINGS);
  const [dryRun, setDryRun] = useState<ImportReport>();
  const [importId, setImportId] = useState<string>();
  const mapCheck = useImportPost(true);
  const finalCheck = useImportPost(true);
  const run = useImportPost(false);
  const upload = useImportUpload();
  const format = useFormat();

  const go = (next: Step) => {
    moved.current = true;
    setStep(next);
  };
  const focusOnOpen = moved.current;

  const changeField = (header: string, target: ColumnMap[string]) => {
    if (!checked) return;
    const next = { ...overrides, [header]: target };
    setOverrides(next);
    mapCheck.mutate(
      { file: checked.file, settings: NO_SETTINGS, overrides: next },
      { onSuccess: (report) => setChecked({ ...checked, report, checkedOverrides: next }) },
    );
  };
  const startImport = async () => {
    if (!checked) return;
    const input = { file: checked.file, settings, overrides };
    if (checked.file.whole) {
      go('import');
      upload.mutate(input, { onSuccess: (id) => setImportId(id) });
      return;
    }
    setImportId(await importIdOf(checked.file.bytes, importRequest(settings, overrides).identity));
    go('import');
    run.mutate(input, { onSuccess: (report) => navigate(`/imports/${encodeURIComponent(report.importId)}`) });
  };

  const current = STEPS.indexOf(step);
  return (
    <Page title={t('title')} description={t('description')}>
      <ol className="steps" aria-label={t('stepsLabel')}>
        {STEPS.map((name, index) => (
          <li key={name} aria-current={name === step ? 'step' : undefined}>
            {index + 1}. {t(STEP_NAMES[name])}
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {t('stepOf', { n: current + 1, total: STEPS.length, name: t(STEP_NAMES[step]) })}
      </p>
      {checked?.file.whole && step !== 'upload' && step !== 'import' ? (
        <p className="notice warn">
          {t('largeFile', { size: format.number(Math.round(checked.file.whole.size / 1024 / 102.4) / 10), rows: format.number(checked.report.rows) })}
        </p>
      ) : null}
      {step === 'upload' || !checked ? (
        <UploadStep
          focusOnOpen={focusOnOpen}
          onChecked={(file, report) => {
            setChecked({ file, report, checkedOverrides: {} });
            setOverrides({});
            mapCheck.reset();
            setSettings({ ...NO_SETTINGS, fileName: file.name });
            go('check');
          }}
        />
      ) : step === 'check' ? (
        <CheckStep fileName={checked.file.name} report={checked.report} focusOnOpen={focusOnOpen} onBack={() => go('upload')} onNext={() => go('map')} />
      ) : step === 'map' ? (
        <MappingStep
          report={checked.report}
          overrides={overrides}
          checking={mapCheck.isPending}
          problem={overrides === checked.checkedOverrides ? null : mapCheck.error}
          focusOnOpen={focusOnOpen}
          onChange={changeField}
          onBack={() => go('check')}
          onNext={() => go('options')}
        />
      ) : step === 'options' ? (
        <OptionsStep
          settings={settings}
          checking={finalCheck.isPending}
          problem={finalCheck.error}
          focusOnOpen={focusOnOpen}
          onChange={setSettings}
          onBack={() => go('map')}
          onDryRun={() =>
            finalCheck.mutate(
              { file: checked.file, settings, overrides },
              {
                onSuccess: (report) => {
                  setDryRun(report);
                  go('dryRun');
                },
              },
            )
          }
        />
      ) : step === 'dryRun' && dryRun ? (
        <DryRunStep
          report={dryRun}
          large={checked.file.whole !== undefined}
          focusOnOpen={focusOnOpen}
          onBack={() => go('options')}
          onImport={() => void startImport()}
        />
      ) : checked.file.whole ? (
        <UploadProgressStep importId={importId} uploading={upload.isPending} problem={upload.error} focusOnOpen={focusOnOpen} />
      ) : (
        <ImportProgressStep
          importId={importId}
          rows={dryRun?.rows ?? checked.report.rows}
          running={run.isPending || run.isIdle}
          problem={run.error}
          focusOnOpen={focusOnOpen}
        />
      )}
    </Page>
  );
}
