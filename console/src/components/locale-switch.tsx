import { LOCALES, useLocale, useT } from '../i18n/locale';
import { shellMessages } from '../shell-messages';

const NAMES = { en: 'English', de: 'Deutsch' } as const;

/** Language choice; remembered in the browser, defaulting to the browser's own language. */
export function LocaleSwitch() {
  const { locale, setLocale } = useLocale();
  const t = useT(shellMessages);
  return (
    <label className="locale-switch">
      <span>{t('language')}</span>
      <select value={locale} onChange={(event) => setLocale(event.target.value as (typeof LOCALES)[number])}>
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
