import { useSearchParams } from 'react-router';
import type { AttributionModel } from '#shared/domain/campaign-analytics';
import { useT } from '../../i18n/locale';
import { ATTRIBUTION_ORDER, figureMessages } from './campaign-messages';

/** The attribution model in the address (`?attribution=last_touch`); first touch when absent. */
export function useAttributionParam(): [AttributionModel, (model: AttributionModel) => void] {
  const [params, setParams] = useSearchParams();
  const model = ATTRIBUTION_ORDER.find((entry) => entry === params.get('attribution')) ?? 'first_touch';
  const set = (next: AttributionModel) =>
    setParams(
      (current) => {
        const search = new URLSearchParams(current);
        if (next === 'first_touch') search.delete('attribution');
        else search.set('attribution', next);
        return search;
      },
      { replace: true },
    );
  return [model, set];
}

/** First touch / last touch as two pressed-or-not buttons; every figure of the screen follows. */
export function AttributionSwitch({ model, onChange }: { model: AttributionModel; onChange: (model: AttributionModel) => void }) {
  const t = useT(figureMessages);
  return (
    <fieldset className="attribution-switch">
      <legend>{t('attribution')}</legend>
      <div className="segmented" role="group" aria-label={t('attribution')} aria-describedby="attribution-hint">
        {ATTRIBUTION_ORDER.map((entry) => (
          <button key={entry} type="button" aria-pressed={model === entry} onClick={() => onChange(entry)}>
            {t(entry)}
          </button>
        ))}
      </div>
      <p id="attribution-hint" className="hint">
        {t('attributionHint')}
      </p>
    </fieldset>
  );
}
