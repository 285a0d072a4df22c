/**
 * The console's security headers, one definition for both hosts: the local gateway sends them with
 * every console file, and the CDK stack's CloudFront response-headers policy is checked against the
 * same values. No inline script anywhere (the build emits none); styles may be inline attributes
 * (charts set widths; the template preview is a sandboxed `srcdoc` frame, which inherits this policy,
 * and mail HTML is styled inline), which `style-src 'unsafe-inline'` allows without opening script
 * execution. In AWS sign-in adds the user pool's issuer and managed-login domain.
 */
export function consoleContentSecurityPolicy(signIn: { connect?: readonly string[]; formAction?: readonly string[] } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...(signIn.connect ?? [])].join(' ')}`,
    // The template preview renders in a sandboxed srcdoc frame; the form preview likewise.
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    `form-action ${["'self'", ...(signIn.formAction ?? [])].join(' ')}`,
    "object-src 'none'",
  ].join('; ');
}

export const CONSOLE_STATIC_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
} as const;

/** Hashed build output (`/assets/index-3f9a.js`) never changes under its name. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** index.html and console-config.json: always asked again, so a deploy shows at once. */
export const REVALIDATE_CACHE = 'no-cache';
