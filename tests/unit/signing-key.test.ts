import { describe, expect, it } from 'vitest';
import { signToken } from '#shared/domain/consent-token';
import { keyRingSigner, rotateKeyRing, parseKeyRing } from '#shared/security/key-ring';
import { loadKeyRing } from '#shared/security/signing-key';

const plain = 'a-test-signing-key-of-at-least-thirty-two-chars';
const config = (TOKEN_SECRET: string) => ({ TOKEN_SECRET, AWS_REGION: 'eu-central-1' });
const claims = { v: 1 as const, purpose: 'confirm' as const, contactId: 'c1', topics: ['newsletter'], exp: 4_102_444_800 };
const now = new Date('2027-01-01T00:00:00Z');

describe('the key ring the functions sign links and hash erased addresses with', () => {
  it('reads a plain TOKEN_SECRET as the ring of k0: links signed before verify, and the hash key is the secret itself', async () => {
    const ring = await loadKeyRing(config(plain));
    expect(ring.hashKey).toBe(plain);
    expect(keyRingSigner(ring).verify(signToken(claims, plain), 'confirm', now).contactId).toBe('c1');
  });

  it('reads a rotated ring: its newest key signs, its hash key stays the one from before the rotation', async () => {
    const rotated = rotateKeyRing(parseKeyRing(plain), 'n'.repeat(64), now);
    const ring = await loadKeyRing(config(JSON.stringify(rotated)));
    expect(ring.hashKey).toBe(plain);
    expect(
      keyRingSigner(ring, () => now)
        .sign(claims)
        .endsWith('.k1'),
    ).toBe(true);
    expect(keyRingSigner(ring).verify(signToken(claims, plain), 'confirm', now).contactId).toBe('c1');
  });

  it('refuses a ring that is not one (no keys), instead of signing with something else', async () => {
    await expect(loadKeyRing(config(JSON.stringify({ keys: [], hashKey: plain })))).rejects.toThrow();
  });
});
