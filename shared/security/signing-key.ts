import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { signingConfig } from '#shared/config';

type SigningConfig = ReturnType<typeof signingConfig>;

let cached: Promise<string> | undefined;

/**
 * The key that signs confirmation and unsubscribe links: `TOKEN_SECRET` locally, the Secrets Manager
 * secret `TOKEN_SECRET_ARN` in AWS (read once per container, never logged).
 */
export function loadSigningKey(config: SigningConfig): Promise<string> {
  if (config.TOKEN_SECRET) return Promise.resolve(config.TOKEN_SECRET);
  cached ??= (async () => {
    const client = new SecretsManagerClient({ region: config.AWS_REGION });
    const result = await client.send(new GetSecretValueCommand({ SecretId: config.TOKEN_SECRET_ARN }));
    if (!result.SecretString) throw new Error('The token signing secret is empty');
    return result.SecretString;
  })().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
