import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretVersionsPort } from '#shared/use-cases/rotate-link-key';

export interface SecretsManagerConfig {
  region: string;
  /** A stand-in's address (tests); unset in AWS. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** A secret's versions and stages in Secrets Manager, with the function's own credentials. */
export function secretsManagerVersions(config: SecretsManagerConfig): SecretVersionsPort {
  const client = new SecretsManagerClient({
    region: config.region,
    maxAttempts: 3,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
  });
  return {
    async describe(secretId) {
      const secret = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
      return { rotationEnabled: secret.RotationEnabled === true, stagesByVersion: secret.VersionIdsToStages ?? {} };
    },
    async read(secretId, stage, versionId) {
      try {
        const value = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, ...(versionId ? { VersionId: versionId } : {}) }));
        return value.SecretString;
      } catch (error) {
        // No version at that stage (yet): the caller decides what that means.
        if (error instanceof ResourceNotFoundException) return undefined;
        throw error;
      }
    },
    async putPending(secretId, versionId, value) {
      await client.send(new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: versionId, SecretString: value, VersionStages: ['AWSPENDING'] }));
    },
    async makeCurrent(secretId, toVersionId, fromVersionId) {
      await client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: toVersionId,
          ...(fromVersionId ? { RemoveFromVersionId: fromVersionId } : {}),
        }),
      );
    },
  };
}
