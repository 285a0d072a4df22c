import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTouch, chooseCampaign, deriveSource, type Touch } from '#shared/domain/attribution';

const fair = { id: 'c-fair', code: 'hannover-2026', channel: 'fair' };
const newsletter = { id: 'c-news', code: 'spring-news', channel: 'email' };

describe('chooseCampaign', () => {
  it('credits the campaign named by utm_campaign over the form campaign', () => {
    expect(chooseCampaign(newsletter, fair)).toBe(newsletter);
  });

  it('falls back to the form campaign when utm_campaign matches nothing', () => {
    expect(chooseCampaign(undefined, fair)).toBe(fair);
  });

  it('attributes to no campaign when neither is known', () => {
    expect(chooseCampaign(undefined, undefined)).toBeUndefined();
  });
});

describe('deriveSource', () => {
  it('prefers utm_source, lower-cased', () => {
    expect(deriveSource(' LinkedIn ', 'https://www.google.com/')).toBe('linkedin');
  });

  it('uses the referring host without www when there is no utm_source', () => {
    expect(deriveSource(undefined, 'https://www.google.com/search?q=x')).toBe('google.com');
  });

  it('calls traffic without source or usable referrer direct', () => {
    expect(deriveSource(undefined, undefined)).toBe('direct');
    expect(deriveSource(undefined, 'not a url')).toBe('direct');
  });
});

const touchAt = (at: string, campaignId: string): Touch => ({ at, campaignId, channel: 'web', source: 'direct' });

describe('applyTouch', () => {
  it('keeps the first touch and moves the last touch forward', () => {
    const first = applyTouch({}, touchAt('2026-01-01T00:00:00.000Z', 'a'));
    const second = applyTouch(first, touchAt('2026-02-01T00:00:00.000Z', 'b'));
    expect(second.firstTouch.campaignId).toBe('a');
    expect(second.lastTouch.campaignId).toBe('b');
  });

  it('puts an older touch that arrives late (a fair import) first, leaving the last touch', () => {
    const web = applyTouch({}, touchAt('2026-02-01T00:00:00.000Z', 'web'));
    const withFair = applyTouch(web, touchAt('2026-01-15T00:00:00.000Z', 'fair'));
    expect(withFair.firstTouch.campaignId).toBe('fair');
    expect(withFair.lastTouch.campaignId).toBe('web');
  });

  it('ends with the earliest and latest touch whatever the arrival order', () => {
    const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (times) => {
        const result = times.reduce((pair, at, index) => applyTouch(pair, touchAt(at, String(index))), {} as ReturnType<typeof applyTouch>);
        const sorted = [...times].sort();
        expect(result.firstTouch.at).toBe(sorted[0]);
        expect(result.lastTouch.at).toBe(sorted[sorted.length - 1]);
      }),
    );
  });
});
