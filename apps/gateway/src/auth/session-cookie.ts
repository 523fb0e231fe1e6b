/** The browser session cookie (opaque random id; the database keeps only its hash). */
export const SESSION_COOKIE = 'fulcrum_session';

/** Header a cookie-authenticated mutation must carry: the session's anti-CSRF token (lower case, as Node reads it). */
export const CSRF_HEADER = 'x-fulcrum-csrf';

/** Session ids and anti-CSRF tokens are 32 random bytes, base64url (43 characters). */
const SESSION_ID_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** One cookie's value from a Cookie header (first occurrence), undefined when absent or empty. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return value.length > 0 ? value : undefined;
  }
  return undefined;
}

/** Whether a cookie value can be a session id we issued (anything else is refused without a query). */
export function isSessionIdShape(value: string): boolean {
  return SESSION_ID_SHAPE.test(value);
}

export interface SessionCookieOptions {
  /** Seconds until the browser drops the cookie (the session's absolute expiry; 0 clears it). */
  maxAgeSeconds: number;
  /** Send only over HTTPS. */
  secure: boolean;
}

/**
 * The Set-Cookie value for a session: HttpOnly (scripts cannot read it), SameSite=Strict (no other
 * site's page can make the browser send it), Path=/ and a Max-Age; Secure when served over HTTPS.
 */
export function formatSessionCookie(sessionId: string, options: SessionCookieOptions): string {
  const maxAge = Math.max(0, Math.floor(options.maxAgeSeconds));
  return [`${SESSION_COOKIE}=${sessionId}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAge}`, ...(options.secure ? ['Secure'] : [])].join('; ');
}

/** The Set-Cookie value that removes the session cookie from the browser (after logout or expiry). */
export function clearedSessionCookie(secure: boolean): string {
  return formatSessionCookie('', { maxAgeSeconds: 0, secure });
}
