import { InvalidTokenError } from '#shared/domain/errors';
import { signToken, verifyToken } from '#shared/domain/consent-token';
import * as z from '#shared/zod';
import type { TokenSigner } from './token-signer';

/** The longest a signed link lives (unsubscribe links: 400 days): a retired key verifies for this long after it stopped signing. */
export const LONGEST_LINK_LIFETIME_DAYS = 400;
const DAY_MS = 86_400_000;

const keyRingSchema = z.object({
  keys: z.array(z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/), key: z.string().min(32), createdAt: z.iso.datetime() })).min(1),
  /** The key of the erased-address hash: never rotated (a new one would no longer find the addresses erased before). */
  hashKey: z.string().min(32),
});

/**
 * The link-signing secret with rotation: several keys with their creation dates; the newest signs,
 * and a key keeps verifying until {@link LONGEST_LINK_LIFETIME_DAYS} after the next one replaced it.
 * A secret from before rotation is one plain key: it becomes the key `k0` (created at the epoch),
 * which also verifies links without a key id, and it stays the hash key.
 */
export interface KeyRing {
  keys: Array<{ id: string; key: string; createdAt: string }>;
  hashKey: string;
}

export const LEGACY_KEY_ID = 'k0';

/** The secret's value as a key ring: JSON `{ keys, hashKey }`, or a plain key from before rotation. */
export function parseKeyRing(secret: string): KeyRing {
  if (!secret.trimStart().startsWith('{')) return { keys: [{ id: LEGACY_KEY_ID, key: secret, createdAt: new Date(0).toISOString() }], hashKey: secret };
  return keyRingSchema.parse(JSON.parse(secret));
}

const byAge = (ring: KeyRing) => [...ring.keys].sort((a, b) => a.createdAt.localeCompare(b.createdAt));

/** When each key stopped signing (the next key's creation), or undefined for the newest. */
function retiredAt(ring: KeyRing, id: string): Date | undefined {
  const keys = byAge(ring);
  const next = keys[keys.findIndex((entry) => entry.id === id) + 1];
  return next ? new Date(next.createdAt) : undefined;
}

function verifies(ring: KeyRing, id: string, now: Date): boolean {
  const retired = retiredAt(ring, id);
  return !retired || now.getTime() - retired.getTime() <= LONGEST_LINK_LIFETIME_DAYS * DAY_MS;
}

/**
 * Signs with the newest key whose `createdAt` has come (a rotation adds its key a day ahead, so every
 * function has read it before a link names it: shared/use-cases/rotate-link-key.ts), naming it
 * (`<payload>.<mac>.<key id>`); verifies with the key a token names, or a token without a key id
 * (signed before rotation) with `k0`, if that key still verifies.
 */
export function keyRingSigner(ring: KeyRing, now: () => Date = () => new Date()): TokenSigner {
  const keys = byAge(ring);
  if (!keys[0]) throw new Error('The key ring has no key');
  const oldest = keys[0];
  const signing = () => keys.filter((entry) => new Date(entry.createdAt) <= now()).at(-1) ?? oldest;
  return {
    sign: (claims) => {
      const key = signing();
      return `${signToken(claims, key.key)}.${key.id}`;
    },
    verify: (token, purpose, now) => {
      const parts = token.split('.');
      const id = parts.length === 3 ? parts[2] : LEGACY_KEY_ID;
      const entry = ring.keys.find((candidate) => candidate.id === id);
      if (!entry || !verifies(ring, entry.id, now)) throw new InvalidTokenError('The link is not valid');
      return verifyToken(parts.slice(0, 2).join('.'), entry.key, now, purpose);
    },
  };
}

/**
 * The ring after a rotation at `now`: `newKey` added as the newest, signing from `signsFrom` (default
 * `now`), keys that stopped signing more than {@link LONGEST_LINK_LIFETIME_DAYS} ago dropped (their
 * links have expired); the hash key kept.
 */
export function rotateKeyRing(ring: KeyRing, newKey: string, now: Date, signsFrom: Date = now): KeyRing {
  const ids = ring.keys.map((entry) => Number(entry.id.replace(/^k/, ''))).filter(Number.isFinite);
  const added = { id: `k${Math.max(0, ...ids) + 1}`, key: newKey, createdAt: signsFrom.toISOString() };
  const rotated: KeyRing = { keys: [...ring.keys, added], hashKey: ring.hashKey };
  return { ...rotated, keys: rotated.keys.filter((entry) => verifies(rotated, entry.id, now)) };
}
