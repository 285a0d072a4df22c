import { describe, expect, it } from 'vitest';
import { fieldAttributes, readField, SEGMENT_FIELD_CATALOG, type SegmentFacts } from '#shared/domain/segment-rule';

const NOW = new Date('2026-11-15T12:00:00.000Z');
const concrete = (field: string) => field.replace('<topic>', 'newsletter');
const FIELDS = SEGMENT_FIELD_CATALOG.map((entry) => concrete(entry.field));

/** A contact whose every fact has a value of its own, so each field's reading is distinguishable. */
const FULL: SegmentFacts = {
  id: 'c-1',
  version: 3,
  createdAt: '2025-03-01T08:00:00.000Z',
  email: 'Anna@Example.de',
  emailNormalised: 'anna@example.de',
  company: 'Acme GmbH',
  jobTitle: 'Leiterin Einkauf',
  source: 'fair',
  locale: 'de',
  country: 'Deutschland',
  address: { street: 'Hauptstraße 5', postalCode: '30159', city: 'Hannover', country: 'DE' },
  channels: { email: { status: 'allowed', at: '2025-03-02T08:00:00.000Z', method: 'admin', source: 'api' } },
  companyChannels: { post: { status: 'blocked', at: '2025-03-02T08:00:00.000Z', method: 'admin', source: 'api' } },
  firstTouch: { campaignId: 'cmp-first', campaignCode: 'FIRST', source: 'messe', medium: 'stand', at: '2025-03-01T08:00:00.000Z' } as never,
  lastTouch: { campaignId: 'cmp-last', campaignCode: 'LAST', source: 'newsletter', medium: 'email', at: '2026-10-01T08:00:00.000Z' } as never,
  tags: ['vip'],
  consents: { newsletter: { status: 'granted', at: '2025-03-02T08:00:00.000Z' } } as never,
  orders: {
    count: 4,
    totalMinor: 12_345,
    currency: 'EUR',
    firstAt: '2025-04-01T08:00:00.000Z',
    lastAt: '2026-09-01T08:00:00.000Z',
    byMonth: { '2026-08': 500, '2026-09': 700 },
  } as never,
  activity: { lastAt: '2026-11-01T08:00:00.000Z' } as never,
  score: 42,
  abc: 'B',
};

describe('segment field readers', () => {
  it('read a value for every field of the catalog from a contact that has all facts', () => {
    for (const field of FIELDS) {
      const value = readField(field, FULL, NOW);
      expect(value === undefined || (Array.isArray(value) && value.length === 0), field).toBe(false);
    }
  });

  it('read only the attribute their field declares, so a scan projecting it suffices', () => {
    for (const field of FIELDS) {
      const attributes = fieldAttributes(field);
      expect(attributes.length, field).toBeGreaterThan(0);
      const projected = {
        id: FULL.id,
        version: FULL.version,
        ...Object.fromEntries(attributes.map((attribute) => [attribute, FULL[attribute]])),
      } as SegmentFacts;
      expect(readField(field, projected, NOW), field).toEqual(readField(field, FULL, NOW));
    }
  });

  it('never read another field’s value: fields of one kind read different values of the same contact', () => {
    const byKind = new Map<string, Array<{ field: string; value: string }>>();
    // Channels read one of two statuses, so three of them cannot all differ: their own test follows.
    for (const entry of SEGMENT_FIELD_CATALOG.filter((candidate) => !candidate.field.startsWith('channel.'))) {
      const field = concrete(entry.field);
      byKind.set(entry.kind, [...(byKind.get(entry.kind) ?? []), { field, value: JSON.stringify(readField(field, FULL, NOW)) }]);
    }
    for (const [kind, readings] of byKind) {
      const seen = new Map<string, string>();
      for (const { field, value } of readings) {
        expect(seen.get(value), `${kind}: ${field} reads what ${seen.get(value)} reads (${value})`).toBeUndefined();
        seen.set(value, field);
      }
    }
  });

  it('read each channel’s own effective status: the person’s, else the company’s block, else allowed', () => {
    expect(readField('channel.email', FULL, NOW)).toEqual(['allowed']);
    expect(readField('channel.post', FULL, NOW)).toEqual(['blocked']);
    expect(
      readField('channel.phone', { ...FULL, channels: { phone: { status: 'blocked', at: NOW.toISOString(), method: 'admin', source: 'api' } } }, NOW),
    ).toEqual(['blocked']);
    expect(readField('channel.phone', FULL, NOW)).toEqual(['allowed']);
  });

  it('read the address’s country and the flat country of older profiles under the stored field name `country`', () => {
    expect(readField('country', FULL, NOW)).toEqual(['DE', 'Deutschland']);
    expect(readField('address.country', FULL, NOW)).toEqual(['DE']);
    expect(readField('address.postalCode', FULL, NOW)).toEqual(['30159']);
  });

  it('read last quarter’s revenue relative to the evaluation instant', () => {
    // In November the previous quarter is July–September: 500 + 700.
    expect(readField('orders.lastQuarterMinor', FULL, NOW)).toBe(1_200);
    expect(readField('orders.lastQuarterMinor', FULL, new Date('2027-02-01T00:00:00.000Z'))).toBe(0);
  });
});
