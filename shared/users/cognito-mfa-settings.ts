import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { MfaSettingsPort } from '#shared/use-cases/require-admin-mfa';

/** A user's verified MFA methods from Cognito (AdminGetUser), with the function's own credentials. */
export function cognitoMfaSettings(config: { region: string }): MfaSettingsPort {
  const client = new CognitoIdentityProviderClient({ region: config.region, maxAttempts: 2 });
  return {
    async verifiedMfa(userPoolId, username) {
      const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
      return user.UserMFASettingList ?? [];
    },
  };
}
