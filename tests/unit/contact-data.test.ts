import { describe, expect, it } from 'vitest';
import { channelAnswer, channelsPatchSchema, effectiveChannels, planChannelChanges } from '#shared/domain/channel-rules';
import type { ChannelState } from '#shared/domain/channel';
import { companyPatchSchema } from '#shared/domain/company-patch';
import { contactPatchSchema } from '#shared/domain/contact-patch';
import { addressLines, addressOf, addressSchema, postalAddressOf } from '#shared/domain/postal-address';
import { printCsvHeader, printCsvLine } from '#shared/domain/print-list-csv';
import { printRow } from '#shared/domain/print-export';
import { recipientVerdict } from '#shared/domain/mailing';
import { resolveColumns } from '#shared/domain/import-columns';

const NOW = new Date('2026-12-01T10:00:00.000Z');
const state = (status: ChannelState['status']): ChannelState => ({ status, at: NOW.toISOString(), method: 'admin', source: 'api' });
const sequence = () => {
  let next = 0;
  return () => {
    next += 1;
    return `id-${next}`;
  };
};

describe('effective channels', () => {
  it('allow every channel by default when nobody said anything', () => {
    expect(effectiveChannels(undefined, undefined)).toEqual({
      email: { status: 'allowed', reason: 'default' },
      post: { status: 'allowed', reason: 'default' },
      phone: { status: 'allowed', reason: 'default' },
    });
  });

  it('block a channel the company blocks, even when the person allowed it', () => {
    expect(effectiveChannels({ post: state('allowed') }, { post: state('blocked') }).post).toEqual({ status: 'blocked', reason: 'company' });
  });

  it('block a channel the person blocks, whatever the company allows, and name the person as the reason', () => {
    expect(effectiveChannels({ phone: state('blocked') }, { phone: state('allowed') }).phone).toEqual({ status: 'blocked', reason: 'contact' });
  });

  it('keep the person’s own allow as the reason when the company says nothing', () => {
    expect(effectiveChannels({ email: state('allowed') }, {}).email).toEqual({ status: 'allowed', reason: 'contact' });
  });
});

describe('channel changes', () => {
  it('leave a proof per channel that changed and none for a status already held', () => {
    const plan = planChannelChanges(
      { email: state('allowed') },
      { email: 'allowed', post: 'blocked' },
      { kind: 'contact', id: 'c-1' },
      { method: 'form', source: 'form:f-1', ip: '203.0.113.9' },
      NOW,
      sequence(),
    );
    expect(plan.channels.post).toEqual({ status: 'blocked', at: NOW.toISOString(), method: 'form', source: 'form:f-1' });
    expect(plan.proofs).toEqual([
      {
        id: 'id-1',
        subjectId: 'c-1',
        subject: 'contact',
        channel: 'post',
        status: 'blocked',
        at: NOW.toISOString(),
        method: 'form',
        source: 'form:f-1',
        ip: '203.0.113.9',
      },
    ]);
  });

  it('name an unknown channel as channels.<name> and a bad status as its channel', () => {
    const result = contactPatchSchema.safeParse({ channels: { fax: 'blocked', post: 'maybe' } });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['channels.fax', 'channels.post']));
  });

  it('accept allowed and blocked for email, post and phone', () => {
    expect(channelsPatchSchema.parse({ email: 'blocked', post: 'allowed', phone: 'blocked' })).toEqual({ email: 'blocked', post: 'allowed', phone: 'blocked' });
  });

  it('read import and form answers: ja/yes/x/1 allow, nein/no/0 block, blank says nothing', () => {
    for (const yes of ['ja', 'Ja', 'yes', 'X', '1']) expect(channelAnswer(yes), yes).toBe('allowed');
    for (const no of ['nein', 'NO', '0']) expect(channelAnswer(no), no).toBe('blocked');
    expect(channelAnswer('  ')).toBeUndefined();
    expect(channelAnswer('vielleicht')).toBe('invalid');
  });
});

describe('postal addresses', () => {
  it('accept a German address and upper-case its country', () => {
    expect(addressSchema.parse({ street: 'Hauptstraße 5', postalCode: '30159', city: 'Hannover', country: 'de' })).toEqual({
      street: 'Hauptstraße 5',
      postalCode: '30159',
      city: 'Hannover',
      country: 'DE',
    });
  });

  it.each([
    ['DE', '3015', /5 digits/],
    ['AT', '10100', /4 digits/],
    ['CH', 'A800', /4 digits/],
    ['FR', '!!', /postal code/],
  ])('reject a postal code that does not fit %s, naming address.postalCode', (country, postalCode, message) => {
    const result = contactPatchSchema.safeParse({ address: { street: 'Weg 1', postalCode, city: 'Ort', country } });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['address.postalCode']);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it('accept international formats loosely (a British postcode, a Dutch one)', () => {
    expect(addressSchema.safeParse({ street: '10 Downing St', postalCode: 'SW1A 2AA', city: 'London', country: 'GB' }).success).toBe(true);
    expect(addressSchema.safeParse({ street: 'Dam 1', postalCode: '1012 JS', city: 'Amsterdam', country: 'NL' }).success).toBe(true);
  });

  it('reject a country that is no alpha-2 code and a missing street', () => {
    const result = companyPatchSchema.safeParse({ address: { street: '', postalCode: '30159', city: 'Hannover', country: 'Germany' } });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['address.country', 'address.street']);
  });

  it('read the flat postalCode, city and country of a contact stored before addresses', () => {
    expect(addressOf({ postalCode: '30159', city: 'Hannover', country: 'Deutschland' })).toEqual({ postalCode: '30159', city: 'Hannover', country: 'DE' });
    expect(addressOf({})).toBeUndefined();
  });

  it('send business post to the company’s address when the person has no complete one', () => {
    const company = { address: { street: 'Industriestraße 1', postalCode: '70565', city: 'Stuttgart', country: 'DE' } };
    expect(postalAddressOf({ city: 'Hannover' }, company)).toEqual({ address: company.address, from: 'company' });
    expect(postalAddressOf({ address: { street: 'Weg 2', postalCode: '1010', city: 'Wien', country: 'AT' } }, company)?.from).toBe('contact');
    expect(postalAddressOf({ city: 'Hannover' }, undefined)).toBeUndefined();
  });

  it('write an envelope’s lines with the postal code before the city', () => {
    expect(addressLines({ street: 'Hauptstraße 5', addressLine2: 'c/o Einkauf', postalCode: '30159', city: 'Hannover', country: 'DE' })).toEqual([
      'Hauptstraße 5',
      'c/o Einkauf',
      '30159 Hannover',
      'DE',
    ]);
  });
});

describe('print list CSV', () => {
  it('separates by semicolons, quotes what needs it and defuses formulas', () => {
    expect(printCsvHeader()).toBe('name;company;street;addressLine2;postalCode;city;country\r\n');
    const row = printRow({ firstName: '=cmd', lastName: 'Müller' }, 'Weiß; Söhne', {
      street: 'Hauptstraße 5',
      postalCode: '30159',
      city: 'Hannover',
      country: 'DE',
    });
    expect(printCsvLine(row)).toBe('\'=cmd Müller;"Weiß; Söhne";Hauptstraße 5;;30159;Hannover;DE\r\n');
  });
});

describe('marketing mail and the email channel', () => {
  const recipient = { id: 'c-1', email: 'a@example.de', emailNormalised: 'a@example.de', consents: { news: { status: 'granted' as const } } };
  it('skips a person whose email channel is blocked like one without consent, whatever the topics', () => {
    expect(recipientVerdict(recipient, 'news', false)).toBe('send');
    expect(recipientVerdict({ ...recipient, channels: { email: state('blocked') } }, 'news', false)).toBe('skippedNoConsent');
    expect(recipientVerdict({ ...recipient, companyChannels: { email: state('blocked') } }, 'news', false)).toBe('skippedNoConsent');
  });
});

describe('import columns for channels and the street', () => {
  it('match German and English headers', () => {
    const { mapping } = resolveColumns(['E-Mail', 'Straße', 'Werbung per Post', 'Telefonwerbung', 'E-Mail-Werbung', 'Email marketing']);
    expect(mapping).toMatchObject({
      Straße: 'street',
      'Werbung per Post': 'channel.post',
      Telefonwerbung: 'channel.phone',
      'E-Mail-Werbung': 'channel.email',
    });
  });
});
