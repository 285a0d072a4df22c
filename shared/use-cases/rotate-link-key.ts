import { keyRingSigner, parseKeyRing, rotateKeyRing } from '#shared/security/key-ring';
import type { Clock } from './ports';

/**
 * A new key signs a day after the rotation: until then it only verifies. The functions read the ring
 * once per container, so one that started before the rotation knows the new key only once it is
 * recycled; a link naming the new key reaches it, if at all, a day later (Lambda recycles its
 * execution environments within hours).
 */
export const NEW_KEY_SIGNS_AFTER_MS = 24 * 3_600_000;

/** The versions of one secret and their stages (AWSCURRENT, AWSPENDING…), as Secrets Manager keeps them. */
export interface SecretVersionsPort {
  /** Whether rotation is on, and each version's stages (DescribeSecret). */
  describe(secretId: string): Promise<{ rotationEnabled: boolean; stagesByVersion: Record<string, string[]> }>;
  /** The value of the version at `stage` (and of `versionId`, when given); undefined when there is none. */
  read(secretId: string, stage: 'AWSCURRENT' | 'AWSPENDING', versionId?: string): Promise<string | undefined>;
  /** Puts `value` as version `versionId`, staged AWSPENDING (PutSecretValue with the rotation's token). */
  putPending(secretId: string, versionId: string, value: string): Promise<void>;
  /** Moves AWSCURRENT from `fromVersionId` to `toVersionId` (UpdateSecretVersionStage); AWSPREVIOUS follows. */
  makeCurrent(secretId: string, toVersionId: string, fromVersionId: string | undefined): Promise<void>;
}

export interface RotationPorts {
  secrets: SecretVersionsPort;
  /** A new random signing key (at least 32 bytes). */
  newKey: () => string;
  clock: Clock;
}

/** One of Secrets Manager's four rotation steps for a version (`ClientRequestToken`) of the secret. */
export interface RotationStep {
  secretId: string;
  versionId: string;
  step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
}

export class RotationRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RotationRefusedError';
  }
}

/**
 * Rotates the link-signing key ring (shared/security/key-ring.ts) in Secrets Manager's four steps:
 * `createSecret` stages the current ring plus a new key as AWSPENDING (signing from a day later:
 * {@link NEW_KEY_SIGNS_AFTER_MS}; keys whose links have expired dropped, the hash key kept); `setSecret` has nothing to set (no other service holds the key);
 * `testSecret` checks the pending ring signs and verifies with its new key and keeps the hash key;
 * `finishSecret` makes it AWSCURRENT. Each step is safe to repeat, as Secrets Manager may retry it.
 * Returns what the step did.
 */
export async function rotateLinkKey(ports: RotationPorts, request: RotationStep): Promise<'created' | 'tested' | 'finished' | 'nothing to do'> {
  const { secrets } = ports;
  const { secretId, versionId } = request;
  const described = await secrets.describe(secretId);
  if (!described.rotationEnabled) throw new RotationRefusedError('Rotation is not enabled on the secret');
  const stages = described.stagesByVersion[versionId];
  if (!stages) throw new RotationRefusedError(`The secret has no version ${versionId}`);
  if (stages.includes('AWSCURRENT')) return 'nothing to do';
  if (!stages.includes('AWSPENDING')) throw new RotationRefusedError(`Version ${versionId} is not pending rotation`);

  const current = await secrets.read(secretId, 'AWSCURRENT');
  if (current === undefined) throw new RotationRefusedError('The secret has no current value');
  switch (request.step) {
    case 'createSecret': {
      if ((await secrets.read(secretId, 'AWSPENDING', versionId)) !== undefined) return 'nothing to do';
      const now = ports.clock.now();
      const rotated = rotateKeyRing(parseKeyRing(current), ports.newKey(), now, new Date(now.getTime() + NEW_KEY_SIGNS_AFTER_MS));
      await secrets.putPending(secretId, versionId, JSON.stringify(rotated));
      return 'created';
    }
    case 'setSecret':
      return 'nothing to do';
    case 'testSecret': {
      const pending = await secrets.read(secretId, 'AWSPENDING', versionId);
      if (pending === undefined) throw new RotationRefusedError(`Version ${versionId} has no pending value`);
      testPendingRing(current, pending, ports.clock.now());
      return 'tested';
    }
    case 'finishSecret': {
      const from = Object.entries(described.stagesByVersion).find(([, versionStages]) => versionStages.includes('AWSCURRENT'))?.[0];
      await secrets.makeCurrent(secretId, versionId, from);
      return 'finished';
    }
  }
}

/**
 * The pending ring parses, keeps the current hash key, signs with a new key once that key's time has
 * come and verifies what it signs, and still verifies a link the current ring signs (the previous key
 * keeps verifying). Throws otherwise: the rotation stops there and AWSCURRENT stays as it was.
 */
function testPendingRing(current: string, pending: string, now: Date): void {
  const currentRing = parseKeyRing(current);
  const ring = parseKeyRing(pending);
  if (ring.hashKey !== currentRing.hashKey) throw new RotationRefusedError('The pending key ring changes the hash key');
  const later = new Date(now.getTime() + NEW_KEY_SIGNS_AFTER_MS);
  const probe = { v: 1 as const, purpose: 'unsubscribe' as const, contactId: 'rotation-test', topics: [], exp: Math.floor(later.getTime() / 1000) + 60 };
  const signer = keyRingSigner(ring, () => later);
  const signed = signer.sign(probe);
  if (signed === keyRingSigner(currentRing, () => later).sign(probe)) throw new RotationRefusedError('The pending key ring signs with no new key');
  signer.verify(signed, 'unsubscribe', now);
  signer.verify(keyRingSigner(currentRing, () => now).sign(probe), 'unsubscribe', now);
}
