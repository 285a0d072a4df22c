import { AdminListGroupsForUserCommand, CognitoIdentityProviderClient, paginateListUsers, type UserType } from '@aws-sdk/client-cognito-identity-provider';
import { ROLES, type Role, type User } from '#shared/domain/user';
import { isTimeZone } from './configured-users';

/**
 * The product's user pool as the user directory: ListUsers (name, email, `zoneinfo`, `locale`, the custom
 * `team` attribute) and each user's groups as roles (AdminListGroupsForUser), through the SDK's client with
 * the function's own credentials.
 */
export interface CognitoConfig {
  userPoolId: string;
  region: string;
  /** Set in tests: fixed credentials and a stand-in's endpoint. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  endpoint?: string;
}

const attribute = (user: UserType, name: string) => user.Attributes?.find((entry) => entry.Name === name)?.Value;

/** Every enabled user of the pool with their groups as roles (groups that are no product role are left out). */
export async function listCognitoUsers(config: CognitoConfig): Promise<User[]> {
  const client = new CognitoIdentityProviderClient({
    region: config.region,
    maxAttempts: 3,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
  });
  const users: UserType[] = [];
  for await (const page of paginateListUsers({ client, pageSize: 60 }, { UserPoolId: config.userPoolId }))
    users.push(...(page.Users ?? []).filter((user) => user.Enabled !== false));
  return Promise.all(
    users.map(async (user): Promise<User> => {
      const groups = await client.send(new AdminListGroupsForUserCommand({ UserPoolId: config.userPoolId, Username: user.Username }));
      const roles = (groups.Groups ?? []).map((group) => group.GroupName ?? '').filter((name): name is Role => (ROLES as readonly string[]).includes(name));
      const zone = attribute(user, 'zoneinfo');
      const locale = attribute(user, 'locale')?.slice(0, 2).toLowerCase();
      const team = attribute(user, 'custom:team');
      const email = attribute(user, 'email') ?? user.Username ?? '';
      return {
        // The JWT's `sub` is what the API sees of a caller, so it is the user's id.
        id: attribute(user, 'sub') ?? user.Username ?? email,
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
