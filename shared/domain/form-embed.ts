import escapeHtml from 'escape-html';
import type { Form, Locale } from './form';
import type { Topic } from './topic';
import { ADDRESS_FIELD_LABELS, channelBoxText, isChannelFormField } from './form-contact-data';

const LABELS: Record<Locale, Record<string, string>> = {
  de: {
    email: 'E-Mail',
    firstName: 'Vorname',
    lastName: 'Nachname',
    company: 'Firma',
    jobTitle: 'Position',
    phone: 'Telefon',
    submit: 'Absenden',
    website: 'Bitte leer lassen',
  },
  en: {
    email: 'Email',
    firstName: 'First name',
    lastName: 'Last name',
    company: 'Company',
    jobTitle: 'Job title',
    phone: 'Phone',
    submit: 'Submit',
    website: 'Leave this empty',
  },
};

const INPUT_TYPES: Record<string, string> = { email: 'email', phone: 'tel' };
const AUTOCOMPLETE: Record<string, string> = {
  email: 'email',
  firstName: 'given-name',
  lastName: 'family-name',
  company: 'organization',
  jobTitle: 'organization-title',
  phone: 'tel',
  street: 'address-line1',
  addressLine2: 'address-line2',
  postalCode: 'postal-code',
  city: 'address-level2',
  country: 'country-name',
};

/**
 * A ready `<form>` that posts to the submission route: labelled inputs (address parts with their
 * autocomplete tokens), a checkbox per declared channel with the text it agrees to, one checkbox per
 * topic with its consent text, the off-screen honeypot, and hidden UTM, referrer and page fields filled from
 * the page's URL by a few lines of inline script (the form still works without it).
 */
export function renderEmbedHtml(form: Form, topics: Topic[], actionUrl: string): string {
  const labels: Record<string, string> = { ...ADDRESS_FIELD_LABELS[form.locale], ...LABELS[form.locale] };
  const id = (name: string) => `lf-${escapeHtml(form.id)}-${name}`;
  const field = (name: string, required: boolean, label?: string) =>
    `  <p><label for="${id(name)}">${escapeHtml(label ?? labels[name] ?? name)}${required ? ' *' : ''}</label><br>` +
    `<input id="${id(name)}" name="${name}" type="${INPUT_TYPES[name] ?? 'text'}" autocomplete="${AUTOCOMPLETE[name] ?? 'off'}"${required ? ' required' : ''}></p>`;
  const topicBoxes = topics.map(
    (topic) => `  <p><label><input type="checkbox" name="consent" value="${escapeHtml(topic.id)}"> ${escapeHtml(topic.consentText)}</label></p>`,
  );
  const hidden = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'referrer', 'pageUrl'].map(
    (name) => `  <input type="hidden" name="${name}">`,
  );
  return [
    `<form action="${escapeHtml(actionUrl)}" method="post" accept-charset="utf-8" data-leadflow-form="${escapeHtml(form.id)}">`,
    field('email', true),
    ...form.fields.map((spec) =>
      isChannelFormField(spec.name)
        ? `  <p><label><input type="checkbox" name="${spec.name}" value="on"> ${escapeHtml(channelBoxText(form, spec.name))}</label></p>`
        : field(spec.name, spec.required, spec.label),
    ),
    ...topicBoxes,
    `  <p style="position:absolute;left:-10000px" aria-hidden="true"><label>${escapeHtml(labels.website ?? '')} <input name="website" tabindex="-1" autocomplete="off"></label></p>`,
    ...hidden,
    `  <p><button type="submit">${escapeHtml(labels.submit ?? 'Submit')}</button></p>`,
    `  <script>(function(f){var q=new URLSearchParams(location.search);['utm_source','utm_medium','utm_campaign','utm_term','utm_content'].forEach(function(n){if(q.get(n))f.elements[n].value=q.get(n)});f.elements.referrer.value=document.referrer;f.elements.pageUrl.value=location.href})(document.currentScript.parentNode)</script>`,
    `</form>`,
  ].join('\n');
}
