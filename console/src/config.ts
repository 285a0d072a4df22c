/**
 * What the host tells the console at `/console-config.json` (API.md, "Console"): where the API is and
 * how to sign in. Locally `kind: "token"` (the admin token arrives in the URL fragment); in AWS
 * `kind: "oidc"` (Cognito managed login, authorization code + PKCE).
 */
export type AuthConfig = { kind: 'token' } | { kind: 'oidc'; authority: string; clientId: string; redirectUri: string; logoutUri: string; domain?: string };

export interface ConsoleConfig {
  apiBaseUrl: string;
  auth: AuthConfig;
}

function isConfig(value: unknown): value is ConsoleConfig {
  if (typeof value !== 'object' || value === null) return false;
  const config = value as Partial<ConsoleConfig>;
  if (typeof config.apiBaseUrl !== 'string' || typeof config.auth !== 'object' || config.auth === null) return false;
  if (config.auth.kind === 'token') return true;
  return config.auth.kind === 'oidc' && typeof config.auth.authority === 'string' && typeof config.auth.clientId === 'string';
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/console-config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`console-config.json answered ${response.status}`);
  const value: unknown = await response.json();
  if (!isConfig(value)) throw new Error('console-config.json is not a console configuration');
  return value;
}
