import { describe, expect, it } from 'vitest';
import { ExpiredTokenError, InvalidTokenError } from '#shared/domain/errors';
import { signToken, type TokenClaims } from '#shared/domain/consent-token';
import { keyRingSigner, LEGACY_KEY_ID, LONGEST_LINK_LIFETIME_DAYS, parseKeyRing, rotateKeyRing } from '#shared/security/key-ring';

const DAY = 86_400_000;
const original = 'o'.repeat(40);
const second = 's'.repeat(40);
const third = 't'.repeat(40);
const start = new Date('2026-01-01T00:00:00Z');
const at = (days: number) => new Date(start.getTime() + days * DAY);
const unsubscribe = (now: Date): TokenClaims => ({
  v: 1,
  purpose: 'unsubscribe',
  contactId: 'c1',
  topics: ['newsletter'],
  exp: Math.floor(now.getTime() / 1000) + LONGEST_LINK_LIFETIME_DAYS * 86_400,
});

describe('the link-signing key ring', () => {
  it('reads a secret from before rotation as its one key k0, which is also the hash key', () => {
    expect(parseKeyRing(original)).toEqual({ keys: [{ id: LEGACY_KEY_ID, key: original, createdAt: '1970-01-01T00:00:00.000Z' }], hashKey: original });
    const rotated = rotateKeyRing(parseKeyRing(original), second, start);
    expect(parseKeyRing(JSON.stringify(rotated))).toEqual(rotated);
  });

  it('keeps verifying a link signed before rotation (no key id) for 400 days after the first rotation, then refuses it', () => {
    const legacyLink = signToken(unsubscribe(at(-30)), original);
    const ring = rotateKeyRing(parseKeyRing(original), second, start);
    expect(keyRingSigner(ring).verify(legacyLink, 'unsubscribe', at(360)).contactId).toBe('c1');
    // Past 400 days the link has expired anyway; the key no longer verifies either.
    expect(() => keyRingSigner(ring).verify(legacyLink, 'unsubscribe', at(LONGEST_LINK_LIFETIME_DAYS + 1))).toThrow(InvalidTokenError);
  });

  it('signs with the newest key, naming it, and verifies across the next rotation', () => {
    const ring = rotateKeyRing(parseKeyRing(original), second, start);
    const link = keyRingSigner(ring, () => at(10)).sign(unsubscribe(at(10)));
    expect(link.split('.')).toHaveLength(3);
    expect(link.endsWith('.k1')).toBe(true);
    const next = rotateKeyRing(ring, third, at(90));
    expect(
      keyRingSigner(next, () => at(90))
        .sign(unsubscribe(at(90)))
        .endsWith('.k2'),
    ).toBe(true);
    expect(keyRingSigner(next).verify(link, 'unsubscribe', at(300)).contactId).toBe('c1');
    // The link itself expires 400 days after it was signed.
    expect(() => keyRingSigner(next).verify(link, 'unsubscribe', at(411))).toThrow(ExpiredTokenError);
  });

  it('signs with a key added ahead only from its createdAt, and verifies its links before that', () => {
    const ring = rotateKeyRing(parseKeyRing(original), second, start, at(1));
    expect(
      keyRingSigner(ring, () => start)
        .sign(unsubscribe(start))
        .endsWith('.k0'),
    ).toBe(true);
    const early = keyRingSigner(ring, () => at(1)).sign(unsubscribe(at(1)));
    expect(early.endsWith('.k1')).toBe(true);
    expect(keyRingSigner(ring, () => start).verify(early, 'unsubscribe', start).contactId).toBe('c1');
  });

  it('refuses a link whose key id names no key, or whose signature is not that key’s', () => {
    const ring = rotateKeyRing(parseKeyRing(original), second, start);
    const link = keyRingSigner(ring, () => start).sign(unsubscribe(start));
    const [payload, mac] = link.split('.');
    expect(() => keyRingSigner(ring).verify(`${payload}.${mac}.k9`, 'unsubscribe', start)).toThrow(InvalidTokenError);
    expect(() => keyRingSigner(ring).verify(`${payload}.${mac}.k0`, 'unsubscribe', start)).toThrow(InvalidTokenError);
  });

  it('drops, at a rotation, the keys that stopped signing more than 400 days ago, and never the hash key', () => {
    let ring = rotateKeyRing(parseKeyRing(original), second, start);
    ring = rotateKeyRing(ring, third, at(90));
    expect(ring.keys.map((entry) => entry.id)).toEqual(['k0', 'k1', 'k2']);
    ring = rotateKeyRing(ring, 'u'.repeat(40), at(401));
    // k0 stopped signing at day 0 (401 days ago); k1 at day 90.
    expect(ring.keys.map((entry) => entry.id)).toEqual(['k1', 'k2', 'k3']);
    expect(ring.hashKey).toBe(original);
  });
});
