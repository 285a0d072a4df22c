import type { Locale } from '../../i18n/locale';

const TAG: Record<Locale, string> = { en: 'en-GB', de: 'de-DE' };

/** How many minor digits a currency has (EUR 2, JPY 0, BHD 3), as Intl knows it. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch (error) {
    if (error instanceof RangeError) return 2;
    throw error;
  }
}

/** Minor units as a person edits them: `12500,00` in German, `12500.00` in English (no grouping). */
export function majorText(minor: number | undefined, currency: string, locale: Locale): string {
  if (minor === undefined) return '';
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(TAG[locale], { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(minor / 10 ** digits);
}

/**
 * An amount typed in major units (`1.250,50` or `1250,5` in German, `1,250.50` in English) as integer
 * minor units. A lone `.` in German (or `,` in English) followed by exactly three digits groups
 * thousands; otherwise it is taken as the decimal mark, as people type both. `undefined` when empty,
 * `'invalid'` when it is not an amount or has more decimals than the currency.
 */
export function parseMajor(text: string, currency: string, locale: Locale): number | undefined | 'invalid' {
  const compact = text.replace(/[\s\u00a0\u202f']/g, '').replace(/[€$£]|[A-Z]{3}/g, '');
  if (compact === '') return undefined;
  const [decimal, group] = locale === 'de' ? [',', '.'] : ['.', ','];
  let normalised: string;
  if (compact.includes(decimal)) {
    normalised = compact.split(group).join('').replace(decimal, '.');
  } else if (compact.includes(group)) {
    const parts = compact.split(group);
    const grouped = parts.length > 2 || parts[1]?.length === 3;
    normalised = grouped ? parts.join('') : parts.join('.');
  } else {
    normalised = compact;
  }
  if (!/^\d+(\.\d+)?$/.test(normalised)) return 'invalid';
  const [whole = '0', fraction = ''] = normalised.split('.');
  const digits = minorDigits(currency);
  if (fraction.length > digits) return 'invalid';
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : 'invalid';
}
