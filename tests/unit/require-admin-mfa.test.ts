import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cognitoMfaSettings } from '#shared/users/cognito-mfa-settings';
import { ADMIN_MFA_REQUIRED_MESSAGE, AdminMfaRequiredError, requireAdminMfa } from '#shared/use-cases/require-admin-mfa';

// mock: Cognito AdminGetUser. Cognito cannot run locally; this stand-in of its JSON API answers AdminGetUser
// with each user's verified MFA methods, called by the SDK's client through the real adapter.
const mfaByUser: Record<string, string[] | undefined> = {
  'anna@example.de': ['SOFTWARE_TOKEN_MFA'],
  'ben@example.de': undefined,
  'carla@example.de': ['SMS_MFA'],
};
const calls: Array<{ target: string; body: Record<string, unknown> }> = [];
let server: Server;
let mfa: ReturnType<typeof cognitoMfaSettings>;

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const target = String(request.headers['x-amz-target']).split('.').at(-1) ?? '';
      const body = JSON.parse(raw) as Record<string, unknown>;
      calls.push({ target, body });
      const username = String(body.Username);
      const settings = mfaByUser[username];
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      response.end(JSON.stringify({ Username: username, Enabled: true, ...(settings ? { UserMFASettingList: settings } : {}) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  mfa = cognitoMfaSettings({ region: 'eu-central-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  calls.length = 0;
});

const tokensFor = (username: string, groups: string[]) => requireAdminMfa({ mfa }, { userPoolId: 'eu-central-1_pool', username, groups });

describe('the sign-in check before Cognito issues tokens', () => {
  it('lets an admin with a verified authenticator app (TOTP) sign in, having asked Cognito for that user in that pool', async () => {
    await expect(tokensFor('anna@example.de', ['admin', 'sales'])).resolves.toBe('admin-with-mfa');
    expect(calls).toEqual([{ target: 'AdminGetUser', body: { UserPoolId: 'eu-central-1_pool', Username: 'anna@example.de' } }]);
  });

  it('refuses an admin without any MFA, saying to set up the authenticator app', async () => {
    const refused = tokensFor('ben@example.de', ['admin']);
    await expect(refused).rejects.toBeInstanceOf(AdminMfaRequiredError);
    await expect(tokensFor('ben@example.de', ['admin'])).rejects.toThrow(ADMIN_MFA_REQUIRED_MESSAGE);
    expect(ADMIN_MFA_REQUIRED_MESSAGE).toMatch(/authenticator app/);
  });

  it('refuses an admin whose only second factor is SMS (the pool offers TOTP only)', async () => {
    await expect(tokensFor('carla@example.de', ['admin'])).rejects.toBeInstanceOf(AdminMfaRequiredError);
  });

  it('lets members of other groups, and users in no group, through without asking Cognito', async () => {
    await expect(tokensFor('ben@example.de', ['sales', 'marketer'])).resolves.toBe('not-admin');
    await expect(tokensFor('ben@example.de', [])).resolves.toBe('not-admin');
    expect(calls).toEqual([]);
  });

  it('does not take a group merely named like admin for the admin group', async () => {
    await expect(tokensFor('ben@example.de', ['admins', 'Admin'])).resolves.toBe('not-admin');
  });
});
