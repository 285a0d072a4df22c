import { createHash, createHmac } from 'node:crypto';
import { ROLES, type Role, type User } from '#shared/domain/user';
import { isTimeZone } from './configured-users';

/**
 * The product's user pool as the user directory: ListUsers (name, email, `zoneinfo`, `locale`, the custom
 * `team` attribute) and each user's groups as roles (AdminListGroupsForUser). Called over Cognito's JSON
 * protocol with a SigV4 signature from the function's own credentials (no SDK client is bundled for it).
 */
export interface CognitoConfig {
  userPoolId: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Set in tests to point at a stand-in. */
  endpoint?: string;
}

type Attribute = { Name: string; Value?: string };
type CognitoUser = { Username: string; Attributes?: Attribute[]; Enabled?: boolean };

const hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

async function call<T>(config: CognitoConfig, target: string, body: Record<string, unknown>, now = new Date()): Promise<T> {
  const host = `cognito-idp.${config.region}.amazonaws.com`;
  const url = config.endpoint ?? `https://${host}/`;
  const payload = JSON.stringify(body);
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    host: new URL(url).host,
    'x-amz-date': amzDate,
    'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    ...(config.credentials.sessionToken ? { 'x-amz-security-token': config.credentials.sessionToken } : {}),
  };
  const names = Object.keys(headers).sort();
  const canonical = ['POST', '/', '', ...names.map((name) => `${name}:${headers[name]}`), '', names.join(';'), hex(payload)].join('\n');
  const scope = `${day}/${config.region}/cognito-idp/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, hex(canonical)].join('\n');
  const key = ['cognito-idp', 'aws4_request'].reduce(
    (signingKey, part) => hmac(signingKey, part),
    hmac(hmac(`AWS4${config.credentials.secretAccessKey}`, day), config.region),
  );
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      ...headers,
      authorization: `AWS4-HMAC-SHA256 Credential=${config.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
    },
    body: payload,
  });
  if (!response.ok) throw new Error(`Cognito ${target} answered ${response.status}`);
  return (await response.json()) as T;
}

const attribute = (user: CognitoUser, name: string) => user.Attributes?.find((entry) => entry.Name === name)?.Value;

/** Every enabled user of the pool with their groups as roles (groups that are no product role are left out). */
export async function listCognitoUsers(config: CognitoConfig): Promise<User[]> {
  const users: CognitoUser[] = [];
  let token: string | undefined;
  do {
    const page = await call<{ Users?: CognitoUser[]; PaginationToken?: string }>(config, 'ListUsers', {
      UserPoolId: config.userPoolId,
      Limit: 60,
      ...(token ? { PaginationToken: token } : {}),
    });
    users.push(...(page.Users ?? []).filter((user) => user.Enabled !== false));
    token = page.PaginationToken;
  } while (token);
  return Promise.all(
    users.map(async (user): Promise<User> => {
      const groups = await call<{ Groups?: Array<{ GroupName: string }> }>(config, 'AdminListGroupsForUser', {
        UserPoolId: config.userPoolId,
        Username: user.Username,
      });
      const roles = (groups.Groups ?? []).map((group) => group.GroupName).filter((name): name is Role => (ROLES as readonly string[]).includes(name));
      const zone = attribute(user, 'zoneinfo');
      const locale = attribute(user, 'locale')?.slice(0, 2).toLowerCase();
      const team = attribute(user, 'custom:team');
      const email = attribute(user, 'email') ?? user.Username;
      return {
        // The JWT's `sub` is what the API sees of a caller, so it is the user's id.
        id: attribute(user, 'sub') ?? user.Username,
        name: attribute(user, 'name') ?? email,
        email,
        ...(team ? { team } : {}),
        roles,
        timeZone: zone && isTimeZone(zone) ? zone : 'Europe/Berlin',
        ...(locale === 'de' || locale === 'en' ? { locale } : {}),
      };
    }),
  );
}
