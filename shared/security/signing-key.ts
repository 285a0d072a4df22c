import type { signingConfig } from '#shared/config';

type SigningConfig = ReturnType<typeof signingConfig>;

let cached: Promise<string> | undefined;

/**
 * The key that signs confirmation and unsubscribe links: `TOKEN_SECRET` locally, the Secrets Manager
 * secret `TOKEN_SECRET_ARN` in AWS (read once per container, never logged).
 */
export function loadSigningKey(config: SigningConfig): Promise<string> {
  if (config.TOKEN_SECRET) return Promise.resolve(config.TOKEN_SECRET);
  const secretId = config.TOKEN_SECRET_ARN ?? '';
  // Loaded only in AWS: locally the key comes from the environment.
  cached ??= import('./secret-reader')
    .then((module) => module.readSecretString(secretId, config.AWS_REGION))
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
  return cached;
}
