import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from '#shared/zod';
import { ExpiredTokenError, InvalidTokenError } from './errors';

/**
 * What a signed link proves: which contact may act on which topics, for which request, until when.
 * `purpose` keeps a confirmation token from being replayed as an unsubscribe token and vice versa.
 */
export const tokenClaimsSchema = z.object({
  v: z.literal(1),
  purpose: z.enum(['confirm', 'unsubscribe', 'preferences']),
  contactId: z.string().min(1),
  topics: z.array(z.string().min(1)).max(50),
  requestId: z.string().min(1).optional(),
  exp: z.number().int().positive(),
});
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;

const MIN_KEY_BYTES = 32;

function mac(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

function assertKey(key: string): void {
  if (Buffer.byteLength(key) < MIN_KEY_BYTES) {
    throw new Error(`The token signing key must be at least ${MIN_KEY_BYTES} bytes`);
  }
}

/**
 * Signs claims into a compact URL-safe token: `base64url(json).base64url(hmac-sha256)`.
 *
 * @example
 * signToken({ v: 1, purpose: 'confirm', contactId: 'c1', topics: ['newsletter'], exp: 1767225600 }, key)
 */
export function signToken(claims: TokenClaims, key: string): string {
  assertKey(key);
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/**
 * Verifies a token's signature (in constant time), shape and expiry against `now`.
 * Throws {@link InvalidTokenError} for anything forged or malformed and {@link ExpiredTokenError}
 * for a genuine token past its lifetime. Single use is not decided here: the caller checks the
 * token's `requestId` against the stored state.
 */
export function verifyToken(token: string, key: string, now: Date, purpose: TokenClaims['purpose']): TokenClaims {
  assertKey(key);
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new InvalidTokenError('The link is malformed');
  const [payload, signature] = parts as [string, string];
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidTokenError('The link is not valid');
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new InvalidTokenError('The link is malformed', { cause });
  }
  const parsed = tokenClaimsSchema.safeParse(decoded);
  if (!parsed.success) throw new InvalidTokenError('The link is malformed', { cause: parsed.error });
  if (parsed.data.purpose !== purpose) throw new InvalidTokenError('The link is not valid for this action');
  if (parsed.data.exp * 1000 <= now.getTime()) throw new ExpiredTokenError(new Date(parsed.data.exp * 1000));
  return parsed.data;
}
