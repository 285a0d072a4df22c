import type { Channel } from '#shared/domain/campaign';
import type { AttributionModel } from '#shared/domain/campaign-analytics';
import { defineMessages } from '../../i18n/locale';

/** The words of campaign figures, shared by the campaign screens and the dashboard. */
export const figureMessages = defineMessages({
  en: {
    leads: 'Leads',
    newContacts: 'New contacts',
    confirmed: 'Confirmed opt-ins',
    customers: 'Customers',
    revenue: 'Revenue',
    otherRevenue: 'also {amounts}',
    cost: 'Cost',
    costPerLead: 'Cost per lead',
    conversionRate: 'Conversion rate',
    conversionHint: 'customers per lead',
    mailsSent: 'Mails sent',
    perDay: 'Per day',
    period: 'Period',
    last7: 'Last 7 days',
    last30: 'Last 30 days',
    last90: 'Last 90 days',
    year: 'This year',
    sinceStart: 'Since the start',
    custom: 'Custom',
    attribution: 'Attribution',
    first_touch: 'First touch',
    last_touch: 'Last touch',
    attributionHint: 'First touch credits the campaign that brought a person first; last touch the latest campaign before the opt-in or order.',
    downloadCsv: 'Download CSV',
    downloading: 'Preparing the file…',
    downloaded: 'The file {name} was downloaded.',
    updating: 'Updating the figures…',
    channel: 'Channel',
    newCampaign: 'New campaign',
  },
  de: {
    leads: 'Leads',
    newContacts: 'Neue Kontakte',
    confirmed: 'Bestätigte Opt-ins',
    customers: 'Kunden',
    revenue: 'Umsatz',
    otherRevenue: 'dazu {amounts}',
    cost: 'Kosten',
    costPerLead: 'Kosten pro Lead',
    conversionRate: 'Konversionsrate',
    conversionHint: 'Kunden pro Lead',
    mailsSent: 'Gesendete Mails',
    perDay: 'Pro Tag',
    period: 'Zeitraum',
    last7: 'Letzte 7 Tage',
    last30: 'Letzte 30 Tage',
    last90: 'Letzte 90 Tage',
    year: 'Dieses Jahr',
    sinceStart: 'Seit Beginn',
    custom: 'Eigener Zeitraum',
    attribution: 'Zuordnung',
    first_touch: 'Erster Kontakt',
    last_touch: 'Letzter Kontakt',
    attributionHint:
      '„Erster Kontakt“ rechnet der Kampagne an, über die eine Person zuerst kam; „Letzter Kontakt“ der letzten Kampagne vor Opt-in oder Bestellung.',
    downloadCsv: 'CSV herunterladen',
    downloading: 'Datei wird erstellt …',
    downloaded: 'Die Datei {name} wurde heruntergeladen.',
    updating: 'Zahlen werden aktualisiert …',
    channel: 'Kanal',
    newCampaign: 'Neue Kampagne',
  },
});

/** Every channel of the API, translated; the compiler says when the API gains one. */
export const CHANNEL_LABELS: Record<'en' | 'de', Record<Channel, string>> = {
  en: { web: 'Website', fair: 'Trade fair', ad: 'Advertising', email: 'E-mail', social: 'Social media', phone: 'Phone', print: 'Print', other: 'Other' },
  de: { web: 'Website', fair: 'Messe', ad: 'Anzeige', email: 'E-Mail', social: 'Social Media', phone: 'Telefon', print: 'Print', other: 'Sonstiges' },
};

export const CHANNEL_ORDER = Object.keys(CHANNEL_LABELS.en) as Channel[];

export const ATTRIBUTION_ORDER = ['first_touch', 'last_touch'] as const satisfies readonly AttributionModel[];

/** A channel label for whatever the API sends (an unknown value is shown as it is). */
export function channelLabel(locale: 'en' | 'de', channel: string): string {
  return channel in CHANNEL_LABELS[locale] ? CHANNEL_LABELS[locale][channel as Channel] : channel;
}
