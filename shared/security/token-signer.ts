import { signToken, type TokenClaims, verifyToken } from '#shared/domain/consent-token';

/** Signs and verifies link tokens with a key the caller loaded; the port use cases depend on. */
export interface TokenSigner {
  sign(claims: TokenClaims): string;
  verify(token: string, purpose: TokenClaims['purpose'], now: Date): TokenClaims;
}

export function hmacSigner(key: string): TokenSigner {
  return {
    sign: (claims) => signToken(claims, key),
    verify: (token, purpose, now) => verifyToken(token, key, now, purpose),
  };
}
