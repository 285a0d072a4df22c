import { describe, expect, it } from 'vitest';
import { signToken, type TokenClaims, verifyToken } from '#shared/domain/consent-token';
import { ExpiredTokenError, InvalidTokenError } from '#shared/domain/errors';

const KEY = 'k'.repeat(32);
const NOW = new Date('2026-03-10T10:00:00Z');
const claims = (overrides: Partial<TokenClaims> = {}): TokenClaims => ({
  v: 1,
  purpose: 'confirm',
  contactId: 'c-1',
  topics: ['newsletter'],
  requestId: 'r-1',
  exp: Math.floor(NOW.getTime() / 1000) + 3600,
  ...overrides,
});

describe('consent tokens', () => {
  it('verifies what it signed', () => {
    expect(verifyToken(signToken(claims(), KEY), KEY, NOW, 'confirm')).toEqual(claims());
  });

  it('rejects a token whose payload was changed', () => {
    const [, signature] = signToken(claims(), KEY).split('.');
    const forgedPayload = Buffer.from(JSON.stringify(claims({ contactId: 'someone-else' }))).toString('base64url');
    expect(() => verifyToken(`${forgedPayload}.${signature}`, KEY, NOW, 'confirm')).toThrow(InvalidTokenError);
  });

  it('rejects a token whose signature was changed', () => {
    const token = signToken(claims(), KEY);
    const flipped = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect(() => verifyToken(flipped, KEY, NOW, 'confirm')).toThrow(InvalidTokenError);
  });

  it('rejects a token signed with another key', () => {
    expect(() => verifyToken(signToken(claims(), 'x'.repeat(32)), KEY, NOW, 'confirm')).toThrow(InvalidTokenError);
  });

  it('rejects an expired token as expired, at the exact second of expiry', () => {
    const token = signToken(claims({ exp: Math.floor(NOW.getTime() / 1000) }), KEY);
    expect(() => verifyToken(token, KEY, NOW, 'confirm')).toThrow(ExpiredTokenError);
  });

  it('accepts a token one second before expiry', () => {
    const token = signToken(claims({ exp: Math.floor(NOW.getTime() / 1000) + 1 }), KEY);
    expect(verifyToken(token, KEY, NOW, 'confirm').contactId).toBe('c-1');
  });

  it('refuses a confirmation token used for another purpose', () => {
    expect(() => verifyToken(signToken(claims(), KEY), KEY, NOW, 'unsubscribe')).toThrow(InvalidTokenError);
  });

  it.each(['', 'abc', 'a.b.c', '.', 'eyJ2IjoxfQ.', '%%%.###'])('rejects the malformed token %j', (token) => {
    expect(() => verifyToken(token, KEY, NOW, 'confirm')).toThrow(InvalidTokenError);
  });

  it('refuses keys too short to be safe', () => {
    expect(() => signToken(claims(), 'short')).toThrow(/at least 32 bytes/);
  });
});
