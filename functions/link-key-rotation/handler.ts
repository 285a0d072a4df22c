import { randomBytes } from 'node:crypto';
import { systemClock } from '#shared/container';
import { logger } from '#shared/logger';
import { observedHandler } from '#shared/observed-handler';
import { secretsManagerVersions } from '#shared/security/secrets-manager-versions';
import { rotateLinkKey } from '#shared/use-cases/rotate-link-key';
import * as z from '#shared/zod';

/** What Secrets Manager sends a rotation function, once per step. */
const rotationEvent = z.object({
  SecretId: z.string().min(1),
  ClientRequestToken: z.string().min(1),
  Step: z.enum(['createSecret', 'setSecret', 'testSecret', 'finishSecret']),
});

const ports = {
  secrets: secretsManagerVersions({ region: process.env.AWS_REGION ?? 'eu-central-1' }),
  // 48 random bytes, URL-safe: 64 characters, as long as the secret Secrets Manager generated first.
  newKey: () => randomBytes(48).toString('base64url'),
  clock: systemClock,
};

/**
 * Secrets Manager's rotation of the link-signing secret (every 90 days, infra/constructs/stateful.ts):
 * a new key signs, the previous ones verify until their links have expired, the hash key stays.
 * Never logs a key.
 */
export const handler = observedHandler(async (event: unknown): Promise<void> => {
  const parsed = rotationEvent.parse(event);
  const done = await rotateLinkKey(ports, { secretId: parsed.SecretId, versionId: parsed.ClientRequestToken, step: parsed.Step });
  logger.info('link-signing key rotation step', { step: parsed.Step, versionId: parsed.ClientRequestToken, done });
});
