import { Duration } from 'aws-cdk-lib';
import {
  CfnManagedLoginBranding,
  OAuthScope,
  type UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface ConsoleSignInProps {
  userPool: UserPool;
  domain: UserPoolDomain;
  /** Where the console is served (`https://<domain>`, no trailing slash). */
  consoleUrl: string;
}

/**
 * The console's app client: public (a browser keeps no secret), authorization code grant only (no
 * implicit), openid/email/profile, one callback and one sign-out URL on the console's domain, 1-hour
 * access and ID tokens, and a 12-hour session whose refresh tokens rotate. Cognito has no switch that
 * requires PKCE; it checks the verifier whenever the authorization request carried a challenge, which
 * oidc-client-ts always sends for the code flow. With the managed-login branding (Cognito's defaults)
 * the domain's managed login pages serve this client.
 */
export class ConsoleSignIn extends Construct {
  readonly client: UserPoolClient;
  readonly redirectUri: string;
  readonly logoutUri: string;

  constructor(scope: Construct, id: string, props: ConsoleSignInProps) {
    super(scope, id);
    this.redirectUri = `${props.consoleUrl}/auth/callback`;
    this.logoutUri = `${props.consoleUrl}/signed-out`;
    this.client = new UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      userPoolClientName: 'leadflow-console',
      generateSecret: false,
      // Password sign-in on the managed pages; with rotation CDK leaves out ALLOW_REFRESH_TOKEN_AUTH
      // (refreshing goes through the token endpoint, which rotates).
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [this.redirectUri],
        logoutUrls: [this.logoutUri],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // A working day; a rotated refresh token does not outlive the one it replaces.
      refreshTokenValidity: Duration.hours(12),
      // Two tabs refreshing at once both succeed.
      refreshTokenRotationGracePeriod: Duration.seconds(10),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
    const branding = new CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: props.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    branding.node.addDependency(props.domain);
  }
}
