import { describe, expect, it } from 'vitest';
import { createFormSchema } from '#shared/domain/form';
import { submittedAddress } from '#shared/domain/form-address';
import { tickedChannels } from '#shared/domain/form-contact-data';
import { renderEmbedHtml } from '#shared/domain/form-embed';
import { submissionFromForm, submissionSchema } from '#shared/domain/submission';
import { aForm } from '#tests/helpers/factories';

const form = aForm({
  locale: 'de',
  fields: [
    { name: 'channel.post', required: false },
    { name: 'channel.phone', required: false, label: 'Rufen Sie mich an.' },
    { name: 'street', required: false },
    { name: 'addressLine2', required: false },
    { name: 'postalCode', required: false },
    { name: 'city', required: false },
    { name: 'country', required: false },
  ],
});

/** A urlencoded browser post as the submission route reads it. */
const posted = (body: string) => submissionSchema.parse(submissionFromForm(new URLSearchParams(body)).value);

describe('channel boxes of a form', () => {
  it('reads a ticked box as allowed, with its text for the proof; an unticked one records nothing', () => {
    const submission = posted('email=anna%40example.de&channel.post=on');
    expect(submission['channel.post']).toBe(true);
    expect(submission['channel.phone']).toBe(undefined);
    expect(tickedChannels(form, submission)).toEqual({
      channels: { post: 'allowed' },
      channelText: 'Ja, ich möchte Informationen und Angebote per Post erhalten.',
    });
    expect(tickedChannels(form, posted('email=anna%40example.de'))).toBe(undefined);
    expect(tickedChannels(form, posted('email=anna%40example.de&channel.post=off'))).toBe(undefined);
  });

  it('keeps the form’s own texts of the ticked boxes, and takes JSON true too', () => {
    const submission = submissionSchema.parse({ email: 'anna@example.de', 'channel.post': true, 'channel.phone': 'ja' });
    expect(tickedChannels(form, submission)).toEqual({
      channels: { post: 'allowed', phone: 'allowed' },
      channelText: 'Ja, ich möchte Informationen und Angebote per Post erhalten. / Rufen Sie mich an.',
    });
  });

  it('ignores a box the form does not declare, and refuses a value that is no checkbox', () => {
    expect(tickedChannels(aForm({ fields: [] }), posted('email=anna%40example.de&channel.post=on'))).toBe(undefined);
    const result = submissionSchema.safeParse({ email: 'anna@example.de', 'channel.email': 'vielleicht' });
    expect(result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'))).toEqual(['channel.email']);
  });

  it('a form may not make a channel box required', () => {
    const result = createFormSchema.safeParse({ name: 'F', allowedOrigins: ['https://www.example.de'], fields: [{ name: 'channel.post', required: true }] });
    expect(result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'))).toEqual(['fields.0.required']);
  });
});

describe('the address of a form', () => {
  it('makes a complete set the address, reading the country as typed', () => {
    const submission = posted('email=a%40example.de&street=Hauptstra%C3%9Fe+5&addressLine2=2.+OG&postalCode=30159&city=Hannover&country=Deutschland');
    expect(submittedAddress(form, submission)).toEqual({
      address: { street: 'Hauptstraße 5', addressLine2: '2. OG', postalCode: '30159', city: 'Hannover', country: 'DE' },
    });
  });

  it('is nothing when no part is filled in', () => {
    expect(submittedAddress(form, posted('email=a%40example.de'))).toBe(undefined);
  });

  it('names the fields that are missing or do not fit, as a PATCH would', () => {
    expect(submittedAddress(form, posted('email=a%40example.de&postalCode=3015&city=Hannover&country=DE'))).toEqual({
      issues: [
        { path: 'street', message: 'is required for the address' },
        { path: 'postalCode', message: 'must be 5 digits for DE' },
      ],
    });
  });

  it('means Germany when the form asks for no country', () => {
    const noCountry = aForm({
      fields: [
        { name: 'street', required: false },
        { name: 'postalCode', required: false },
        { name: 'city', required: false },
      ],
    });
    expect(submittedAddress(noCountry, posted('email=a%40example.de&street=Weg+1&postalCode=10115&city=Berlin&country=AT'))).toEqual({
      address: { street: 'Weg 1', postalCode: '10115', city: 'Berlin', country: 'DE' },
    });
  });
});

describe('the embed HTML', () => {
  it('has the channel boxes with their texts and the address inputs with autocomplete tokens', () => {
    const html = renderEmbedHtml(form, [], 'https://api.example/v1/forms/f/submissions');
    expect(html).toContain(
      '<label><input type="checkbox" name="channel.post" value="on"> Ja, ich möchte Informationen und Angebote per Post erhalten.</label>',
    );
    expect(html).toContain('name="channel.phone" value="on"> Rufen Sie mich an.');
    for (const [name, token] of [
      ['street', 'address-line1'],
      ['addressLine2', 'address-line2'],
      ['postalCode', 'postal-code'],
      ['city', 'address-level2'],
      ['country', 'country-name'],
    ])
      expect(html).toMatch(new RegExp(`name="${name}" type="text" autocomplete="${token}"`));
    expect(html).toContain('>Straße und Hausnummer</label>');
  });
});
