import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signToken, type TokenClaims } from '#shared/domain/consent-token';
import { InvalidTokenError } from '#shared/domain/errors';
import { emailHasher } from '#shared/security/email-hash';
import { keyRingSigner, LONGEST_LINK_LIFETIME_DAYS, parseKeyRing } from '#shared/security/key-ring';
import { secretsManagerVersions } from '#shared/security/secrets-manager-versions';
import { RotationRefusedError, type RotationStep, rotateLinkKey } from '#shared/use-cases/rotate-link-key';

// mock: Secrets Manager. It cannot run locally; this stand-in of its JSON API keeps one secret's versions
// and their stages as Secrets Manager does (one version per stage label, AWSPREVIOUS following AWSCURRENT)
// and is called by the SDK's client through the real adapter.
const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:111111111111:secret:LinkSigningKey-AbCdEf';
const plainSecret = 'p'.repeat(64);
type Version = { value?: string; stages: string[] };
let versions: Map<string, Version>;
let rotationEnabled: boolean;
const calls: Array<{ target: string; secretId: unknown }> = [];
let server: Server;
let secrets: ReturnType<typeof secretsManagerVersions>;

function notFound(response: ServerResponse, message: string): void {
  response.statusCode = 400;
  response.end(JSON.stringify({ __type: 'ResourceNotFoundException', message }));
}

function moveStage(stage: string, to: string): void {
  for (const version of versions.values()) version.stages = version.stages.filter((candidate) => candidate !== stage);
  versions.get(to)?.stages.push(stage);
}

function answer(target: string, body: Record<string, unknown>, response: ServerResponse): void {
  if (body.SecretId !== SECRET_ARN) {
    notFound(response, 'Secrets Manager can’t find the specified secret.');
    return;
  }
  if (target === 'DescribeSecret') {
    const stages = Object.fromEntries([...versions].map(([id, version]) => [id, [...version.stages]]));
    response.end(JSON.stringify({ ARN: SECRET_ARN, Name: 'LinkSigningKey', RotationEnabled: rotationEnabled, VersionIdsToStages: stages }));
    return;
  }
  if (target === 'GetSecretValue') {
    const found = [...versions].find(
      ([id, version]) => (body.VersionId === undefined || body.VersionId === id) && version.stages.includes(String(body.VersionStage ?? 'AWSCURRENT')),
    );
    if (!found || found[1].value === undefined) {
      notFound(response, 'Secrets Manager can’t find the specified secret value.');
      return;
    }
    response.end(JSON.stringify({ ARN: SECRET_ARN, VersionId: found[0], SecretString: found[1].value, VersionStages: found[1].stages }));
    return;
  }
  if (target === 'PutSecretValue') {
    const id = String(body.ClientRequestToken);
    const existing = versions.get(id);
    if (existing?.value !== undefined && existing.value !== body.SecretString) {
      response.statusCode = 400;
      response.end(JSON.stringify({ __type: 'ResourceExistsException', message: 'A version with this token has another value.' }));
      return;
    }
    versions.set(id, { value: String(body.SecretString), stages: existing?.stages ?? [] });
    for (const stage of (body.VersionStages as string[] | undefined) ?? ['AWSCURRENT']) moveStage(stage, id);
    response.end(JSON.stringify({ ARN: SECRET_ARN, VersionId: id }));
    return;
  }
  if (target === 'UpdateSecretVersionStage') {
    const current = [...versions].find(([, version]) => version.stages.includes('AWSCURRENT'))?.[0];
    if (body.VersionStage === 'AWSCURRENT' && current !== body.RemoveFromVersionId) {
      response.statusCode = 400;
      response.end(JSON.stringify({ __type: 'InvalidParameterException', message: 'AWSCURRENT is attached to another version.' }));
      return;
    }
    moveStage(String(body.VersionStage), String(body.MoveToVersionId));
    if (body.VersionStage === 'AWSCURRENT' && current) moveStage('AWSPREVIOUS', current);
    response.end(JSON.stringify({ ARN: SECRET_ARN }));
    return;
  }
  response.statusCode = 400;
  response.end(JSON.stringify({ __type: 'InvalidRequestException', message: `not in this stand-in: ${target}` }));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const target = String(request.headers['x-amz-target']).split('.').at(-1) ?? '';
      const body = JSON.parse(raw) as Record<string, unknown>;
      calls.push({ target, secretId: body.SecretId });
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      answer(target, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  secrets = secretsManagerVersions({
    region: 'eu-central-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  versions = new Map([['v0', { value: plainSecret, stages: ['AWSCURRENT'] }]]);
  rotationEnabled = true;
  calls.length = 0;
});

const DAY = 86_400_000;
const start = new Date('2027-01-01T00:00:00Z');
const at = (days: number) => new Date(start.getTime() + days * DAY);
let drawn = 0;
const portsAt = (now: Date) => ({
  secrets,
  newKey: () => `${String(++drawn).padStart(4, '0')}${'n'.repeat(60)}`,
  clock: { now: () => now },
});
const step = (now: Date, versionId: string, name: RotationStep['step']) => rotateLinkKey(portsAt(now), { secretId: SECRET_ARN, versionId, step: name });

/** What Secrets Manager does on a rotation: a version staged AWSPENDING, the four steps, AWSPENDING removed. */
async function rotate(now: Date): Promise<string> {
  const versionId = randomUUID();
  versions.set(versionId, { stages: ['AWSPENDING'] });
  for (const name of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) await step(now, versionId, name);
  moveStage('AWSPENDING', 'none');
  return versionId;
}

const current = () => [...versions.values()].find((version) => version.stages.includes('AWSCURRENT'))?.value ?? '';
const unsubscribeLink = (signedAt: Date): TokenClaims => ({
  v: 1,
  purpose: 'unsubscribe',
  contactId: 'c1',
  topics: ['newsletter'],
  exp: Math.floor(signedAt.getTime() / 1000) + LONGEST_LINK_LIFETIME_DAYS * 86_400,
});

describe('the rotation of the link-signing secret (Secrets Manager’s four steps)', () => {
  it('turns a plain secret into a key ring whose new key signs, while links signed before keep verifying and erased-address hashes stay the same', async () => {
    const oldLink = signToken(unsubscribeLink(at(-100)), plainSecret);
    const oldRingLink = keyRingSigner(parseKeyRing(plainSecret)).sign(unsubscribeLink(at(-1)));
    const versionId = await rotate(start);

    const ring = parseKeyRing(current());
    expect(ring.keys.map((entry) => entry.id)).toEqual(['k0', 'k1']);
    expect(ring.keys[0]?.key).toBe(plainSecret);
    // The new key signs a day later: until then every function has read it (and only verifies with it).
    expect(ring.keys[1]).toMatchObject({ createdAt: at(1).toISOString() });
    expect(ring.keys[1]?.key).not.toBe(plainSecret);
    expect(ring.hashKey).toBe(plainSecret);
    expect(emailHasher(ring.hashKey)('anna@example.de')).toBe(emailHasher(plainSecret)('anna@example.de'));
    expect(
      keyRingSigner(ring, () => start)
        .sign(unsubscribeLink(start))
        .endsWith('.k0'),
    ).toBe(true);
    const signer = keyRingSigner(ring, () => at(1));
    expect(signer.sign(unsubscribeLink(at(1))).endsWith('.k1')).toBe(true);
    expect(signer.verify(oldLink, 'unsubscribe', at(200)).contactId).toBe('c1');
    expect(signer.verify(oldRingLink, 'unsubscribe', at(200)).contactId).toBe('c1');
    // The rotated version is current, the plain one previous; the calls named that secret only.
    expect(versions.get(versionId)?.stages).toEqual(['AWSCURRENT']);
    expect(versions.get('v0')?.stages).toEqual(['AWSPREVIOUS']);
    expect(new Set(calls.map((call) => call.secretId))).toEqual(new Set([SECRET_ARN]));
    expect(new Set(calls.map((call) => call.target))).toEqual(new Set(['DescribeSecret', 'GetSecretValue', 'PutSecretValue', 'UpdateSecretVersionStage']));
  });

  it('rotates every 90 days: a link keeps verifying until it expires, keys retired 400 days ago are dropped, the hash key never changes', async () => {
    await rotate(start);
    const linkOfDay10 = keyRingSigner(parseKeyRing(current()), () => at(10)).sign(unsubscribeLink(at(10)));
    expect(linkOfDay10.endsWith('.k1')).toBe(true);
    for (const day of [90, 180, 270, 360, 450]) await rotate(at(day));
    const ring = parseKeyRing(current());
    // k0 stopped signing at day 1 and was dropped at day 450; k1 (day 1 to 91) still verifies.
    expect(ring.keys.map((entry) => entry.id)).toEqual(['k1', 'k2', 'k3', 'k4', 'k5', 'k6']);
    expect(ring.hashKey).toBe(plainSecret);
    expect(keyRingSigner(ring).verify(linkOfDay10, 'unsubscribe', at(409)).contactId).toBe('c1');
    expect(() => keyRingSigner(ring).verify(signToken(unsubscribeLink(at(-1)), plainSecret), 'unsubscribe', at(451))).toThrow(InvalidTokenError);
  });

  it('repeats a step Secrets Manager retries without a second key or a second move', async () => {
    const versionId = randomUUID();
    versions.set(versionId, { stages: ['AWSPENDING'] });
    await expect(step(start, versionId, 'createSecret')).resolves.toBe('created');
    const pending = versions.get(versionId)?.value;
    await expect(step(start, versionId, 'createSecret')).resolves.toBe('nothing to do');
    expect(versions.get(versionId)?.value).toBe(pending);
    await expect(step(start, versionId, 'setSecret')).resolves.toBe('nothing to do');
    await expect(step(start, versionId, 'testSecret')).resolves.toBe('tested');
    // Until finishSecret the plain secret stays current: functions still read it.
    expect(current()).toBe(plainSecret);
    await expect(step(start, versionId, 'finishSecret')).resolves.toBe('finished');
    await expect(step(start, versionId, 'finishSecret')).resolves.toBe('nothing to do');
    expect(versions.get(versionId)?.stages).toContain('AWSCURRENT');
  });

  it('refuses when rotation is off, the version is unknown or not pending, and leaves the secret as it was', async () => {
    rotationEnabled = false;
    await expect(step(start, 'v1', 'createSecret')).rejects.toThrow('Rotation is not enabled on the secret');
    rotationEnabled = true;
    await expect(step(start, 'v9', 'createSecret')).rejects.toThrow('The secret has no version v9');
    versions.set('v1', { value: 'x'.repeat(40), stages: [] });
    await expect(step(start, 'v1', 'createSecret')).rejects.toThrow(RotationRefusedError);
    await expect(rotateLinkKey(portsAt(start), { secretId: 'another-secret', versionId: 'v1', step: 'createSecret' })).rejects.toThrow(/can’t find/);
    expect(current()).toBe(plainSecret);
    expect(calls.map((call) => call.target)).not.toContain('PutSecretValue');
  });

  it('fails the test step, so the pending ring never becomes current, if it changes the hash key, drops the current key or is no ring', async () => {
    const key = (id: string, fill: string, createdAt: string) => ({ id, key: fill.repeat(40), createdAt });
    const badRings = [
      // Another hash key would no longer find the addresses erased before.
      JSON.stringify({ keys: [key('k0', 'p', '1970-01-01T00:00:00.000Z'), key('k1', 'n', start.toISOString())], hashKey: 'h'.repeat(40) }),
      // Without k0 the links signed so far would stop verifying.
      JSON.stringify({ keys: [key('k1', 'n', start.toISOString())], hashKey: plainSecret }),
      // The same key again: nothing rotated.
      plainSecret,
      '{"keys": []}',
    ];
    for (const bad of badRings) {
      const versionId = randomUUID();
      versions.set(versionId, { value: bad, stages: ['AWSPENDING'] });
      await expect(step(start, versionId, 'testSecret'), bad.slice(0, 40)).rejects.toThrow();
      expect(current()).toBe(plainSecret);
    }
  });
});
