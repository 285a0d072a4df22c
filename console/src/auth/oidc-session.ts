import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { AuthConfig } from '../config';
import type { Session } from './session';

type OidcConfig = Extract<AuthConfig, { kind: 'oidc' }>;

/**
 * Cognito managed login through oidc-client-ts: authorization code with PKCE (the library's default
 * for `response_type: code`), a public client without secret, tokens in sessionStorage. The access
 * token goes to the API (the HTTP API's JWT authorizer accepts the console client's tokens).
 * Cognito's sign-out is its own `/logout` endpoint on the managed-login domain, not end_session.
 */
export function oidcSession(config: OidcConfig): Session {
  const manager = new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    post_logout_redirect_uri: config.logoutUri,
    response_type: 'code',
    scope: 'openid email profile',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
  });
  return {
    kind: 'oidc',
    accessToken: async () => {
      const user = await manager.getUser();
      return user && !user.expired ? user.access_token : undefined;
    },
    signIn: () => manager.signinRedirect({ state: window.location.pathname }),
    signOut: async () => {
      await manager.removeUser();
      if (config.domain) {
        const url = new URL('/logout', config.domain);
        url.searchParams.set('client_id', config.clientId);
        url.searchParams.set('logout_uri', config.logoutUri);
        window.location.assign(url.toString());
      }
    },
    completeSignIn: async () => {
      if (window.location.pathname !== new URL(config.redirectUri).pathname) return false;
      const user = await manager.signinRedirectCallback();
      const back = typeof user.state === 'string' && user.state.startsWith('/') ? user.state : '/';
      window.history.replaceState(null, '', back);
      return true;
    },
  };
}
