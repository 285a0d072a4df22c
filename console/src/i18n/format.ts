import { useMemo } from 'react';
import { type Locale, useLocale } from './locale';

const TAG: Record<Locale, string> = { en: 'en-GB', de: 'de-DE' };

/** Dates, times, numbers and money for the chosen language (Intl; de-DE writes 1.234,56 €). */
export function formatters(locale: Locale) {
  const tag = TAG[locale];
  const number = new Intl.NumberFormat(tag);
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    number: (value: number | undefined) => (value === undefined ? '–' : number.format(value)),
    percent: (value: number | undefined | null) => (value === undefined || value === null ? '–' : percent.format(value)),
    /** A UTC day (`2026-11-24`) or an ISO time, as a date. */
    date: (value: string | undefined) => (value ? date.format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value)) : '–'),
    dateTime: (value: string | undefined) => (value ? dateTime.format(new Date(value)) : '–'),
    /** Integer minor units of an ISO 4217 currency. */
    money: (minor: number | undefined | null, currency: string | undefined) => {
      if (minor === undefined || minor === null) return '–';
      if (!currency) return number.format(minor / 100);
      const format = new Intl.NumberFormat(tag, { style: 'currency', currency });
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      return format.format(minor / 10 ** digits);
    },
  };
}

export type Formatters = ReturnType<typeof formatters>;

export function useFormat(): Formatters {
  const { locale } = useLocale();
  return useMemo(() => formatters(locale), [locale]);
}
