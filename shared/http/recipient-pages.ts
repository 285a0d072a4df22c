import escapeHtml from 'escape-html';
import type { Locale } from '#shared/domain/form';
import { htmlPage } from './html-page';

/**
 * The pages a recipient reaches from a mail: plain HTML that works without JavaScript or CSS, in the
 * contact's language (German or English), with real form controls and labels.
 */

const TEXT = {
  de: {
    confirmTitle: 'Abmelden',
    confirmMessage: (topics: string) => `Möchten Sie keine E-Mails mehr zu „${topics}“ erhalten?`,
    confirmButton: 'Ja, abmelden',
    doneTitle: 'Abgemeldet',
    doneMessage: (topics: string) => `Sie erhalten keine E-Mails mehr zu „${topics}“.`,
    alreadyTitle: 'Bereits abgemeldet',
    alreadyMessage: (topics: string) => `Sie sind von „${topics}“ bereits abgemeldet. Sie müssen nichts weiter tun.`,
    preferencesLink: 'Alle Themen und Einstellungen ansehen',
    preferencesTitle: 'Ihre E-Mail-Einstellungen',
    preferencesMessage: 'Wählen Sie, zu welchen Themen Sie E-Mails von uns erhalten möchten.',
    preferencesLegend: 'Themen',
    preferencesSave: 'Einstellungen speichern',
    preferencesSaved: 'Ihre Einstellungen sind gespeichert.',
    noTopics: 'Es gibt derzeit keine Themen.',
  },
  en: {
    confirmTitle: 'Unsubscribe',
    confirmMessage: (topics: string) => `Do you want to stop receiving emails about “${topics}”?`,
    confirmButton: 'Yes, unsubscribe',
    doneTitle: 'Unsubscribed',
    doneMessage: (topics: string) => `You will no longer receive emails about “${topics}”.`,
    alreadyTitle: 'Already unsubscribed',
    alreadyMessage: (topics: string) => `You are already unsubscribed from “${topics}”. There is nothing more to do.`,
    preferencesLink: 'See all topics and settings',
    preferencesTitle: 'Your email preferences',
    preferencesMessage: 'Choose which topics you want to receive emails about.',
    preferencesLegend: 'Topics',
    preferencesSave: 'Save preferences',
    preferencesSaved: 'Your preferences are saved.',
    noTopics: 'There are no topics at the moment.',
  },
} as const;

const topicList = (names: readonly string[]) => names.join(', ');
const link = (href: string | undefined, label: string) => (href ? `<p><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></p>` : '');

/** GET of an unsubscribe link: asks first (link scanners must not unsubscribe anyone), one button. */
export function unsubscribeConfirmPage(locale: Locale, topics: readonly string[], actionUrl: string, preferencesUrl: string | undefined): string {
  const text = TEXT[locale];
  const form = `<form method="post" action="${escapeHtml(actionUrl)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(text.confirmButton)}</button></form>`;
  return htmlPage({
    lang: locale,
    title: text.confirmTitle,
    message: text.confirmMessage(topicList(topics)),
    extraHtml: form + link(preferencesUrl, text.preferencesLink),
  });
}

export function unsubscribedPage(
  locale: Locale,
  outcome: 'unsubscribed' | 'already_unsubscribed',
  topics: readonly string[],
  preferencesUrl: string | undefined,
): string {
  const text = TEXT[locale];
  const done = outcome === 'unsubscribed';
  return htmlPage({
    lang: locale,
    title: done ? text.doneTitle : text.alreadyTitle,
    message: (done ? text.doneMessage : text.alreadyMessage)(topicList(topics)),
    extraHtml: link(preferencesUrl, text.preferencesLink),
  });
}

export function preferencesPage(
  locale: Locale,
  topics: ReadonlyArray<{ id: string; name: string; description?: string; subscribed: boolean }>,
  actionUrl: string,
  saved: boolean,
): string {
  const text = TEXT[locale];
  const boxes = topics
    .map((topic, index) => {
      const id = `topic-${index}`;
      const description = topic.description ? `<br><small id="${id}-d">${escapeHtml(topic.description)}</small>` : '';
      return `<p><input type="checkbox" id="${id}" name="topic" value="${escapeHtml(topic.id)}"${topic.subscribed ? ' checked' : ''}${topic.description ? ` aria-describedby="${id}-d"` : ''}> <label for="${id}">${escapeHtml(topic.name)}</label>${description}</p>`;
    })
    .join('');
  const body =
    topics.length === 0 ? `<p>${escapeHtml(text.noTopics)}</p>` : `<fieldset><legend>${escapeHtml(text.preferencesLegend)}</legend>${boxes}</fieldset>`;
  const form = `<form method="post" action="${escapeHtml(actionUrl)}">${body}<p><button type="submit">${escapeHtml(text.preferencesSave)}</button></p></form>`;
  const status = saved ? `<p role="status"><strong>${escapeHtml(text.preferencesSaved)}</strong></p>` : '';
  return htmlPage({ lang: locale, title: text.preferencesTitle, message: text.preferencesMessage, extraHtml: status + form });
}
