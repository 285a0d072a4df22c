import type { ImportIdentity } from '#shared/domain/import-record';

export type { ImportIdentity };

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/**
 * The id the API will give this import, computed in the browser exactly as the server's `importIdOf`
 * does (README, Imports): the first 24 characters of the base64url SHA-256 of the file's raw bytes
 * followed by the UTF-8 JSON `[campaignId, topics, consentSource]` (absent ones `null`, the column map
 * appended when one is sent). Knowing it before the upload answers lets the wizard poll the progress.
 */
export async function importIdOf(bytes: ArrayBuffer, identity: ImportIdentity): Promise<string> {
  const query: unknown[] = [identity.campaignId ?? null, identity.topics, identity.consentSource ?? null];
  if (identity.map) query.push(identity.map);
  const suffix = new TextEncoder().encode(JSON.stringify(query));
  const whole = new Uint8Array(bytes.byteLength + suffix.byteLength);
  whole.set(new Uint8Array(bytes), 0);
  whole.set(suffix, bytes.byteLength);
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', whole))).slice(0, 24);
}
