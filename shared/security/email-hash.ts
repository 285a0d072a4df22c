import { createHmac } from 'node:crypto';

/**
 * A keyed hash of a normalised email address (HMAC-SHA256 with the product's secret and a purpose
 * label). Unlike a plain SHA-256 it cannot be reversed by hashing a list of known addresses without
 * the key, so the suppression list left by an erasure holds no readable personal data.
 */
export function emailHasher(key: string): (emailNormalised: string) => string {
  return (emailNormalised) => createHmac('sha256', key).update(`suppression:${emailNormalised}`).digest('base64url');
}
