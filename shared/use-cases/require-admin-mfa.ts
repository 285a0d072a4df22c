/** The MFA methods a user has verified (Cognito AdminGetUser's `UserMFASettingList`: `SOFTWARE_TOKEN_MFA` for TOTP). */
export interface MfaSettingsPort {
  verifiedMfa(userPoolId: string, username: string): Promise<string[]>;
}

/** Who is about to receive tokens: the pool, the user and the groups Cognito found for them. */
export interface TokenRequest {
  userPoolId: string;
  username: string;
  groups: readonly string[];
}

/** The text Cognito shows (after "PreTokenGeneration failed with error") when it refuses the tokens. */
export const ADMIN_MFA_REQUIRED_MESSAGE =
  'Administrators sign in with an authenticator app. Set up multi-factor sign-in (TOTP) for your account in an authenticator app first, then sign in again.';

export class AdminMfaRequiredError extends Error {
  constructor() {
    super(ADMIN_MFA_REQUIRED_MESSAGE);
    this.name = 'AdminMfaRequiredError';
  }
}

/**
 * Admins may erase and export personal data, so their tokens need a second factor: a member of `admin`
 * without a verified TOTP is refused (the pool's MFA is optional for everyone else). Checked on every
 * issue of tokens, refreshes included, so removing one's authenticator ends an admin's session within
 * the hour. Members of other groups are let through without a look-up.
 */
export async function requireAdminMfa(ports: { mfa: MfaSettingsPort }, request: TokenRequest): Promise<'not-admin' | 'admin-with-mfa'> {
  if (!request.groups.includes('admin')) return 'not-admin';
  const verified = await ports.mfa.verifiedMfa(request.userPoolId, request.username);
  if (!verified.includes('SOFTWARE_TOKEN_MFA')) throw new AdminMfaRequiredError();
  return 'admin-with-mfa';
}
