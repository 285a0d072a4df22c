import { useState } from 'react';
import { useT } from '../i18n/locale';
import { LocaleSwitch } from '../components/locale-switch';
import { shellMessages } from '../shell-messages';
import { rememberToken, type Session } from './session';

function AuthFrame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <p className="brand" aria-hidden="true">
          leadflow
        </p>
        <h1>{title}</h1>
        {children}
        <LocaleSwitch />
      </div>
    </main>
  );
}

/** Signs in: Cognito's managed login in AWS; locally the printed link, or the token pasted here. */
export function SignInPage({ session, onSignedIn }: { session: Session; onSignedIn: () => void }) {
  const t = useT(shellMessages);
  document.title = `${t('signInTitle')} · leadflow`;
  if (session.kind === 'oidc') {
    return (
      <AuthFrame title={t('signInTitle')}>
        <button type="button" className="primary" onClick={() => void session.signIn()}>
          {t('signInOidc')}
        </button>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title={t('signInTitle')}>
      <p>{t('signInLocal')}</p>
      <SignInForm onSignedIn={onSignedIn} label={t('signIn')} />
    </AuthFrame>
  );
}

export function SessionExpiredPage({ session, onSignedIn }: { session: Session; onSignedIn: () => void }) {
  const t = useT(shellMessages);
  document.title = `${t('expiredTitle')} · leadflow`;
  return (
    <AuthFrame title={t('expiredTitle')}>
      <p role="alert">{t('expiredText')}</p>
      {session.kind === 'oidc' ? (
        <button type="button" className="primary" onClick={() => void session.signIn()}>
          {t('signInAgain')}
        </button>
      ) : (
        <SignInForm onSignedIn={onSignedIn} label={t('signInAgain')} />
      )}
    </AuthFrame>
  );
}

/** The local admin token, typed or pasted (the same as opening the printed console link). */
function SignInForm({ onSignedIn, label }: { onSignedIn: () => void; label: string }) {
  const t = useT(shellMessages);
  const [token, setToken] = useState('');
  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        if (!token.trim()) return;
        rememberToken(token.trim());
        onSignedIn();
      }}
    >
      <label className="field">
        <span>{t('token')}</span>
        <input type="password" autoComplete="off" value={token} onChange={(event) => setToken(event.target.value)} required />
      </label>
      <button type="submit" className="primary">
        {label}
      </button>
    </form>
  );
}

export function SignedOutPage({ session }: { session: Session }) {
  const t = useT(shellMessages);
  document.title = `${t('signedOutTitle')} · leadflow`;
  return (
    <AuthFrame title={t('signedOutTitle')}>
      <p>{t('signedOutText')}</p>
      {session.kind === 'oidc' ? (
        <button type="button" className="primary" onClick={() => void session.signIn()}>
          {t('signIn')}
        </button>
      ) : (
        <a href="/" className="button primary">
          {t('signIn')}
        </a>
      )}
    </AuthFrame>
  );
}
