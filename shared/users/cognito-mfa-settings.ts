import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { MfaSettingsPort } from '#shared/use-cases/require-admin-mfa';
import type { CognitoConfig } from './cognito-users';

/** A user's verified MFA methods from Cognito (AdminGetUser's `UserMFASettingList`), with the function's own credentials. */
export function cognitoMfaSettings(config: Omit<CognitoConfig, 'userPoolId'>): MfaSettingsPort {
  const client = new CognitoIdentityProviderClient({
    region: config.region,
    maxAttempts: 2,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
  });
  return {
    async verifiedMfa(userPoolId, username) {
      const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
      return user.UserMFASettingList ?? [];
    },
  };
}
