import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Reads one secret's string value. Imported lazily: only functions in AWS need it. */
export async function readSecretString(secretId: string, region: string): Promise<string> {
  const client = new SecretsManagerClient({ region });
  const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!result.SecretString) throw new Error('The secret is empty');
  return result.SecretString;
}
