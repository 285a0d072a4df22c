import type { FormEvent } from 'react';
import type { Campaign } from '#shared/domain/campaign';
import type { Topic } from '#shared/domain/topic';
import { usePaged } from '../../api/use-paged';
import { commonMessages } from '../../components/common-messages';
import { CheckboxField, fieldError, FormProblem, NamedOptions, SelectField, TextArea, TextField } from '../../components/fields';
import { useT } from '../../i18n/locale';
import { importMessages } from './import-messages';
import type { ImportSettings } from './import-request';
import { StepSection } from './step-section';
import { wizardMessages } from './wizard-messages';

/**
 * Step 4: attribution and consent. The consent source is what each consent proof records as its
 * wording, so the API requires it with topics; its 400 names the field, shown beside it.
 */
export function OptionsStep({
  settings,
  checking,
  problem,
  focusOnOpen,
  onChange,
  onBack,
  onDryRun,
}: {
  settings: ImportSettings;
  checking: boolean;
  problem: Error | null;
  focusOnOpen: boolean;
  onChange: (settings: ImportSettings) => void;
  onBack: () => void;
  onDryRun: () => void;
}) {
  const t = useT(wizardMessages);
  const m = useT(importMessages);
  const c = useT(commonMessages);
  const campaigns = usePaged<Campaign>('/v1/campaigns', {}, { limit: 500 });
  const topics = usePaged<Topic>('/v1/topics', {}, { limit: 500 });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onDryRun();
  };
  const toggle = (id: string, on: boolean) => {
    const chosen = new Set(settings.topics);
    if (on) chosen.add(id);
    else chosen.delete(id);
    // The order of the list, so the same choice always sends (and hashes) the same query.
    onChange({ ...settings, topics: topics.items.map((topic) => topic.id).filter((topicId) => chosen.has(topicId)) });
  };
  const topicsError = fieldError(problem, 'query.topics');
  return (
    <StepSection title={t('optionsHeading')} focusOnOpen={focusOnOpen}>
      <form className="form-grid" onSubmit={submit} noValidate>
        <FormProblem problem={problem} fallback={c('fixFields')} />
        <SelectField
          label={m('campaign')}
          hint={t('campaignHint')}
          value={settings.campaignId}
          onChange={(event) => onChange({ ...settings, campaignId: event.target.value })}
          error={fieldError(problem, 'query.campaignId')}
          disabled={campaigns.isPending}
        >
          <NamedOptions items={campaigns.items} none={m('noCampaign')} />
        </SelectField>
        <TextField
          label={m('fileName')}
          hint={t('fileNameHint')}
          value={settings.fileName}
          onChange={(event) => onChange({ ...settings, fileName: event.target.value })}
          error={fieldError(problem, 'query.fileName')}
          maxLength={255}
        />
        <fieldset className="full" aria-describedby="import-topics-hint">
          <legend>{t('topicsLegend')}</legend>
          <p className="hint" id="import-topics-hint">
            {topics.items.length === 0 && !topics.isPending ? t('noTopics') : t('topicsHint')}
          </p>
          {topics.items.map((topic) => (
            <CheckboxField
              key={topic.id}
              label={`${topic.name} (${topic.id})`}
              checked={settings.topics.includes(topic.id)}
              onChange={(event) => toggle(topic.id, event.target.checked)}
            />
          ))}
          {topicsError ? <p className="field-error">{topicsError}</p> : null}
        </fieldset>
        <div className="full">
          <TextArea
            label={`${t('consentSource')}${settings.topics.length > 0 ? ` (${c('required')})` : ''}`}
            hint={t('consentSourceHint')}
            value={settings.consentSource}
            onChange={(event) => onChange({ ...settings, consentSource: event.target.value })}
            error={fieldError(problem, 'query.consentSource')}
            required={settings.topics.length > 0}
            rows={2}
            maxLength={500}
          />
        </div>
        <div className="form-actions">
          <button type="button" onClick={onBack}>
            {c('back')}
          </button>
          <button type="submit" className="primary" disabled={checking}>
            {checking ? t('dryRunning') : t('runDryRun')}
          </button>
        </div>
        <div role="status" aria-live="polite" className="full">
          {checking ? <p className="muted">{t('dryRunning')}</p> : null}
        </div>
      </form>
    </StepSection>
  );
}
