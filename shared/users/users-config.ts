import { cachedDirectory, type UserDirectory } from './user-directory';
import { listCognitoUsers } from './cognito-users';
import { parseConfiguredUsers } from './configured-users';

let directory: UserDirectory | undefined;

/**
 * The user directory of this container: the Cognito user pool when `USER_POOL_ID` is set (the manifest's
 * `readUsers` access), else the configured list in `USERS_JSON` (the local stack); cached for 60 s.
 */
export function userDirectory(env: NodeJS.ProcessEnv = process.env): UserDirectory {
  if (directory) return directory;
  const poolId = env.USER_POOL_ID;
  if (poolId) {
    directory = cachedDirectory(() => listCognitoUsers({ userPoolId: poolId, region: env.AWS_REGION ?? 'eu-central-1' }));
  } else {
    const users = parseConfiguredUsers(env.USERS_JSON ?? '[]');
    directory = cachedDirectory(async () => users);
  }
  return directory;
}
