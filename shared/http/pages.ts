import type { CaptureStatus } from '#shared/domain/capture-plan';
import type { Locale } from '#shared/domain/form';
import { htmlPage } from './html-page';

const THANKS: Record<Locale, Record<CaptureStatus, { title: string; message: string }>> = {
  de: {
    pending_confirmation: {
      title: 'Fast geschafft',
      message: 'Wir haben Ihnen eine E-Mail geschickt. Bitte bestätigen Sie Ihre Anmeldung über den Link darin.',
    },
    subscribed: { title: 'Vielen Dank', message: 'Ihre Anmeldung ist eingegangen.' },
    captured: { title: 'Vielen Dank', message: 'Ihre Angaben sind bei uns eingegangen.' },
  },
  en: {
    pending_confirmation: { title: 'Almost done', message: 'We have sent you an email. Please confirm your subscription with the link in it.' },
    subscribed: { title: 'Thank you', message: 'Your subscription has been received.' },
    captured: { title: 'Thank you', message: 'We have received your details.' },
  },
};

export function thankYouPage(locale: Locale, status: CaptureStatus): string {
  return htmlPage({ lang: locale, ...THANKS[locale][status] });
}

const CONFIRMED: Record<Locale, Record<'confirmed' | 'already_confirmed', { title: string; message: string }>> = {
  de: {
    confirmed: { title: 'Anmeldung bestätigt', message: 'Vielen Dank, Ihre Anmeldung ist bestätigt.' },
    already_confirmed: { title: 'Bereits bestätigt', message: 'Diese Anmeldung ist bereits bestätigt. Sie müssen nichts weiter tun.' },
  },
  en: {
    confirmed: { title: 'Subscription confirmed', message: 'Thank you, your subscription is confirmed.' },
    already_confirmed: { title: 'Already confirmed', message: 'This subscription is already confirmed. There is nothing more to do.' },
  },
};

export function confirmedPage(locale: Locale, outcome: 'confirmed' | 'already_confirmed'): string {
  return htmlPage({ lang: locale, ...CONFIRMED[locale][outcome] });
}
