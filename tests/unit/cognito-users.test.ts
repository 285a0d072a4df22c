import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCognitoUsers } from '#shared/users/cognito-users';

// A stand-in for Cognito's JSON API (there is no local Cognito), called by the SDK's client: answers ListUsers in two pages and each user's groups.
const calls: Array<{ target: string; body: Record<string, unknown>; authorization: string; token?: string }> = [];
let server: Server;
let endpoint: string;

const user = (sub: string, attributes: Record<string, string>) => ({
  Username: `${sub}-name`,
  Enabled: true,
  Attributes: [{ Name: 'sub', Value: sub }, ...Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }))],
});

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const target = String(request.headers['x-amz-target']).split('.').at(-1) ?? '';
      const body = JSON.parse(raw) as Record<string, unknown>;
      calls.push({ target, body, authorization: String(request.headers.authorization), token: request.headers['x-amz-security-token'] as string | undefined });
      const answer =
        target === 'ListUsers'
          ? body.PaginationToken
            ? {
                Users: [
                  user('u-2', { email: 'ben@example.com', name: 'Ben Nord', zoneinfo: 'Mars/Olympus' }),
                  { ...user('u-3', { email: 'x@example.com' }), Enabled: false },
                ],
              }
            : {
                Users: [
                  user('u-1', {
                    email: 'anna@example.com',
                    name: 'Anna Vertrieb',
                    zoneinfo: 'America/New_York',
                    locale: 'de-DE',
                    'custom:team': 'sales-north',
                  }),
                ],
                PaginationToken: 'next',
              }
          : { Groups: body.Username === 'u-1-name' ? [{ GroupName: 'sales' }, { GroupName: 'not-a-role' }] : [{ GroupName: 'admin' }] };
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the Cognito user directory (against a stand-in)', () => {
  it('reads every enabled user of the pool with name, email, team, time zone, locale, and their groups as roles', async () => {
    const users = await listCognitoUsers({
      userPoolId: 'eu-central-1_pool',
      region: 'eu-central-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' },
      endpoint,
    });
    expect(users).toEqual([
      { id: 'u-1', name: 'Anna Vertrieb', email: 'anna@example.com', team: 'sales-north', roles: ['sales'], timeZone: 'America/New_York', locale: 'de' },
      { id: 'u-2', name: 'Ben Nord', email: 'ben@example.com', roles: ['admin'], timeZone: 'Europe/Berlin' },
    ]);
    expect(calls.filter((call) => call.target === 'ListUsers').map((call) => call.body.PaginationToken)).toEqual([undefined, 'next']);
    expect(calls.every((call) => call.body.UserPoolId === 'eu-central-1_pool')).toBe(true);
    expect(calls[0]?.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/cognito-idp\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(calls[0]?.token).toBe('session');
  });
});
