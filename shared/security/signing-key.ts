import type { signingConfig } from '#shared/config';
import { type KeyRing, parseKeyRing } from './key-ring';

type SigningConfig = ReturnType<typeof signingConfig>;

let cached: Promise<KeyRing> | undefined;

/**
 * The link-signing key ring (shared/security/key-ring.ts): `TOKEN_SECRET` locally (a plain key, read as
 * the ring of its one key `k0`), the Secrets Manager secret `TOKEN_SECRET_ARN` in AWS (read once per
 * container, never logged). Its `hashKey` hashes erased addresses and never changes with a rotation.
 */
export function loadKeyRing(config: SigningConfig): Promise<KeyRing> {
  if (config.TOKEN_SECRET) return Promise.resolve(config.TOKEN_SECRET).then(parseKeyRing);
  const secretId = config.TOKEN_SECRET_ARN ?? '';
  // Loaded only in AWS: locally the key comes from the environment.
  cached ??= import('./secret-reader')
    .then((module) => module.readSecretString(secretId, config.AWS_REGION))
    .then(parseKeyRing)
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
  return cached;
}
