import type { Address } from './address';
import { CHANNELS, type Channel } from './channel';
import type { ChannelsPatch } from './channel-rules';
import type { Form, Locale } from './form';

/**
 * What a form may ask besides the profile: a checkbox per marketing channel (`channel.post`, …; ticked
 * means allowed, recorded with the form's proof, unticked records nothing) and the parts of a postal
 * address (a complete set becomes the contact's `address`).
 */
export const FORM_CHANNEL_FIELDS = ['channel.post', 'channel.phone', 'channel.email'] as const satisfies ReadonlyArray<`channel.${Channel}`>;
export type FormChannelField = (typeof FORM_CHANNEL_FIELDS)[number];
export const FORM_ADDRESS_FIELDS = ['street', 'addressLine2', 'postalCode', 'city', 'country'] as const satisfies ReadonlyArray<keyof Address>;
export type FormAddressField = (typeof FORM_ADDRESS_FIELDS)[number];

/** The text next to each channel box when the form gives none; it is the text the channel's proof keeps. */
export const CHANNEL_BOX_TEXTS: Record<Locale, Record<FormChannelField, string>> = {
  de: {
    'channel.post': 'Ja, ich möchte Informationen und Angebote per Post erhalten.',
    'channel.phone': 'Ja, Sie dürfen mich zu Angeboten telefonisch kontaktieren.',
    'channel.email': 'Ja, ich möchte Informationen und Angebote per E-Mail erhalten.',
  },
  en: {
    'channel.post': 'Yes, I would like to receive information and offers by post.',
    'channel.phone': 'Yes, you may call me about offers.',
    'channel.email': 'Yes, I would like to receive information and offers by email.',
  },
};

export const ADDRESS_FIELD_LABELS: Record<Locale, Record<FormAddressField, string>> = {
  de: { street: 'Straße und Hausnummer', addressLine2: 'Adresszusatz', postalCode: 'PLZ', city: 'Ort', country: 'Land' },
  en: { street: 'Street and number', addressLine2: 'Address line 2', postalCode: 'Postal code', city: 'City', country: 'Country' },
};

export const isChannelFormField = (name: string): name is FormChannelField => (FORM_CHANNEL_FIELDS as readonly string[]).includes(name);
export const isAddressFormField = (name: string): name is FormAddressField => (FORM_ADDRESS_FIELDS as readonly string[]).includes(name);

/** The text a channel box shows: the form's label for it, else the default in the form's language. */
export function channelBoxText(form: Pick<Form, 'locale' | 'fields'>, name: FormChannelField): string {
  return form.fields.find((field) => field.name === name)?.label ?? CHANNEL_BOX_TEXTS[form.locale][name];
}

/**
 * The channels a submission ticks among the boxes the form declares, each `allowed`, with the texts
 * of the ticked boxes (kept with the proofs). Undefined when none is ticked: an unticked box records nothing.
 */
export function tickedChannels(
  form: Pick<Form, 'locale' | 'fields'>,
  ticked: Partial<Record<FormChannelField, boolean>>,
): { channels: ChannelsPatch; channelText: string } | undefined {
  const declared = form.fields.map((field) => field.name).filter(isChannelFormField);
  const boxes = declared.filter((name) => ticked[name] === true);
  if (boxes.length === 0) return undefined;
  const channels: ChannelsPatch = {};
  for (const name of boxes) {
    const channel = name.slice('channel.'.length) as Channel;
    if (CHANNELS.includes(channel)) channels[channel] = 'allowed';
  }
  return { channels, channelText: boxes.map((name) => channelBoxText(form, name)).join(' / ') };
}
