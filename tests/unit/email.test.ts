import { describe, expect, it } from 'vitest';
import { normaliseEmail, normaliseText } from '#shared/domain/email';

describe('normaliseEmail', () => {
  it('ignores case and surrounding whitespace', () => {
    expect(normaliseEmail('  Anna.Weiss@Example.DE \n')).toBe('anna.weiss@example.de');
  });

  it('treats composed and decomposed umlauts as the same address', () => {
    const composed = 'j\u00fcrgen@example.de';
    const decomposed = 'ju\u0308rgen@example.de';
    expect(normaliseEmail(decomposed)).toBe(normaliseEmail(composed));
  });

  it('turns an internationalised domain into its punycode form', () => {
    expect(normaliseEmail('info@Müller.de')).toBe('info@xn--mller-kva.de');
    expect(normaliseEmail('info@xn--mller-kva.de')).toBe('info@xn--mller-kva.de');
  });

  it('keeps dots and plus tags, which are different mailboxes', () => {
    expect(normaliseEmail('a.b+news@example.com')).toBe('a.b+news@example.com');
    expect(normaliseEmail('ab@example.com')).not.toBe(normaliseEmail('a.b@example.com'));
  });
});

describe('normaliseText', () => {
  it('collapses inner whitespace and keeps umlauts and ß exactly', () => {
    expect(normaliseText('  Jürgen   Weiß ')).toBe('Jürgen Weiß');
  });

  it('returns undefined for blank input', () => {
    expect(normaliseText('   ')).toBeUndefined();
    expect(normaliseText(undefined)).toBeUndefined();
  });
});
