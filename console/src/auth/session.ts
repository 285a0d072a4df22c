import type { AuthConfig } from '../config';

/**
 * The signed-in session, whatever signed it in: a bearer token for the API, and how to end it.
 * `token` sessions keep the local admin token in sessionStorage (gone with the tab); `oidc` sessions
 * keep what oidc-client-ts stores (also sessionStorage) and renew nothing silently: an expired
 * access token shows the "session expired" page.
 */
export interface Session {
  accessToken(): Promise<string | undefined>;
  signIn(): Promise<void>;
  signOut(): Promise<void>;
  /** Finishes a sign-in that came back to the console (the OIDC callback); false when nothing was pending. */
  completeSignIn(): Promise<boolean>;
  kind: AuthConfig['kind'];
}

const TOKEN_KEY = 'leadflow.token';

/**
 * Local sign-in: `npm start` prints `http://127.0.0.1:3000/#token=…`. The token travels in the
 * fragment, which browsers never send in a request line, so it appears in no server log; it is moved
 * to sessionStorage and the fragment removed from the address bar at once.
 */
export function tokenSession(): Session {
  const takeFromFragment = () => {
    const fragment = new URLSearchParams(window.location.hash.slice(1));
    const token = fragment.get('token');
    if (!token) return false;
    sessionStorage.setItem(TOKEN_KEY, token);
    fragment.delete('token');
    const rest = fragment.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`);
    return true;
  };
  return {
    kind: 'token',
    accessToken: async () => sessionStorage.getItem(TOKEN_KEY) ?? undefined,
    signIn: async () => undefined,
    signOut: async () => {
      sessionStorage.removeItem(TOKEN_KEY);
    },
    completeSignIn: async () => takeFromFragment(),
  };
}

/** Stores a token typed into the sign-in page (the same as opening the printed console URL). */
export function rememberToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}
