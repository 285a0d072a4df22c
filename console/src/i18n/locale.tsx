import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'leadflow.locale';

/** German when the browser prefers it (or the user chose it), else English. */
export function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'de' || stored === 'en') return stored;
  const preferred = navigator.languages?.[0] ?? navigator.language ?? 'en';
  return preferred.toLowerCase().startsWith('de') ? 'de' : 'en';
}

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

const LocaleContext = createContext<LocaleState>({ locale: 'en', setLocale: () => undefined });

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export const useLocale = () => useContext(LocaleContext);

/**
 * A screen's texts in both languages: English is the source, German must have the same keys (the
 * compiler says which are missing). `{name}` placeholders are filled from `t(key, { name })`.
 */
export function defineMessages<const K extends string>(messages: { en: Record<K, string>; de: Record<K, string> }) {
  return messages;
}

export type Translate<K extends string> = (key: K, values?: Record<string, string | number>) => string;

export function useT<K extends string>(messages: { en: Record<K, string>; de: Record<K, string> }): Translate<K> {
  const { locale } = useLocale();
  return useCallback(
    (key: K, values?: Record<string, string | number>) => {
      const text = messages[locale][key];
      return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)) : text;
    },
    [locale, messages],
  );
}
