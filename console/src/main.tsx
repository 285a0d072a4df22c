import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context';
import { createApiClient } from './api/client';
import { ApiProblem, SessionExpired } from './api/problem';
import { type Session, tokenSession } from './auth/session';
import { type ConsoleConfig, loadConfig } from './config';
import { LocaleProvider } from './i18n/locale';
import { App } from './app';
import { SessionExpiredPage, SignedOutPage, SignInPage } from './auth/auth-pages';
import './styles.css';

function Root({ config, session, signedIn }: { config: ConsoleConfig; session: Session; signedIn: boolean }) {
  const [state, setState] = useState<'in' | 'out' | 'expired'>(signedIn ? 'in' : 'out');
  const queryClient = useMemo(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 15_000,
            // A refused token or a 4xx will not get better by asking again.
            retry: (count, error) => !(error instanceof SessionExpired) && !(error instanceof ApiProblem && error.status < 500) && count < 2,
          },
        },
      }),
    [],
  );
  const client = useMemo(
    () => createApiClient({ baseUrl: config.apiBaseUrl, token: () => session.accessToken(), onExpired: () => setState('expired') }),
    [config.apiBaseUrl, session],
  );
  if (window.location.pathname === '/signed-out' && state !== 'in') return <SignedOutPage session={session} />;
  if (state === 'expired') return <SessionExpiredPage session={session} onSignedIn={() => setState('in')} />;
  if (state === 'out') return <SignInPage session={session} onSignedIn={() => setState('in')} />;
  return (
    <QueryClientProvider client={queryClient}>
      <ApiProvider client={client}>
        <App
          onSignOut={async () => {
            await session.signOut();
            queryClient.clear();
            setState('out');
            window.history.replaceState(null, '', '/signed-out');
          }}
        />
      </ApiProvider>
    </QueryClientProvider>
  );
}

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  try {
    const config = await loadConfig();
    // oidc-client-ts is loaded only where Cognito signs in (AWS), not for the local token.
    const session = config.auth.kind === 'oidc' ? (await import('./auth/oidc-session')).oidcSession(config.auth) : tokenSession();
    await session.completeSignIn();
    const signedIn = (await session.accessToken()) !== undefined;
    root.render(
      <StrictMode>
        <LocaleProvider>
          <Root config={config} session={session} signedIn={signedIn} />
        </LocaleProvider>
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <main className="auth-page">
        <h1>leadflow</h1>
        <p role="alert">The console could not start: {(error as Error).message}</p>
      </main>,
    );
  }
}

void boot();
