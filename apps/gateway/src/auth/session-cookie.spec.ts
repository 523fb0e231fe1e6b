import { CSRF_HEADER, SESSION_COOKIE, clearedSessionCookie, formatSessionCookie, isSessionIdShape, readCookie } from './session-cookie';
import { cookieMaxAgeSeconds, isSessionExpired, newSessionTimes, touchIntervalMs, touchedSessionTimes } from './session-expiry';

describe('session cookie', () => {
  it('is named fulcrum_session and paired with the x-fulcrum-csrf header', () => {
    expect(SESSION_COOKIE).toBe('fulcrum_session');
    expect(CSRF_HEADER).toBe('x-fulcrum-csrf');
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; fulcrum_session=abc; b=2', SESSION_COOKIE)).toBe('abc');
    expect(readCookie('fulcrum_session=first; fulcrum_session=second', SESSION_COOKIE)).toBe('first');
    expect(readCookie('xfulcrum_session=abc', SESSION_COOKIE)).toBeUndefined();
    expect(readCookie('fulcrum_session=', SESSION_COOKIE)).toBeUndefined();
    expect(readCookie('fulcrum_session', SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(undefined, SESSION_COOKIE)).toBeUndefined();
  });

  it('formats HttpOnly, SameSite=Strict, Path=/ and Max-Age, Secure only when asked', () => {
    expect(formatSessionCookie('s1', { maxAgeSeconds: 604800, secure: false })).toBe('fulcrum_session=s1; Path=/; HttpOnly; SameSite=Strict; Max-Age=604800');
    expect(formatSessionCookie('s1', { maxAgeSeconds: 12.9, secure: true })).toBe('fulcrum_session=s1; Path=/; HttpOnly; SameSite=Strict; Max-Age=12; Secure');
    expect(clearedSessionCookie(false)).toBe('fulcrum_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
  });

  it('accepts only the shape of ids it issues (43 base64url characters)', () => {
    expect(isSessionIdShape('A'.repeat(43))).toBe(true);
    expect(isSessionIdShape('A'.repeat(42))).toBe(false);
    expect(isSessionIdShape(`${'A'.repeat(42)}=`)).toBe(false);
    expect(isSessionIdShape(`${'A'.repeat(42)}\u0000`)).toBe(false);
  });
});

describe('session expiry', () => {
  const limits = { idleMs: 12 * 3600_000, absoluteMs: 7 * 24 * 3600_000 };
  const t0 = 1_000_000;

  it('starts with the idle limit ahead, never past the absolute one', () => {
    expect(newSessionTimes(t0, limits)).toEqual({ createdAt: t0, lastSeenAt: t0, idleExpiresAt: t0 + limits.idleMs, absoluteExpiresAt: t0 + limits.absoluteMs });
    expect(newSessionTimes(t0, { idleMs: 10_000, absoluteMs: 5_000 }).idleExpiresAt).toBe(t0 + 5_000);
  });

  it('ends when idle for the idle limit', () => {
    const times = newSessionTimes(t0, limits);
    expect(isSessionExpired(times, t0 + limits.idleMs - 1)).toBe(false);
    expect(isSessionExpired(times, t0 + limits.idleMs)).toBe(true);
  });

  it('records use at most once per touch interval (a minute, or a quarter of a short idle limit)', () => {
    expect(touchIntervalMs(limits)).toBe(60_000);
    expect(touchIntervalMs({ idleMs: 1_000, absoluteMs: 3_000 })).toBe(250);
    const times = newSessionTimes(t0, limits);
    expect(touchedSessionTimes(times, t0 + 59_999, limits)).toBeUndefined();
    expect(touchedSessionTimes(times, t0 + 60_000, limits)).toEqual({ ...times, lastSeenAt: t0 + 60_000, idleExpiresAt: t0 + 60_000 + limits.idleMs });
  });

  it('ends at the absolute limit however active, and use never extends it', () => {
    const short = { idleMs: 1_000, absoluteMs: 3_000 };
    let times = newSessionTimes(t0, short);
    for (let now = t0 + 300; now < t0 + 3_000; now += 300) {
      expect(isSessionExpired(times, now)).toBe(false);
      times = touchedSessionTimes(times, now, short) ?? times;
      expect(times.idleExpiresAt).toBeLessThanOrEqual(times.absoluteExpiresAt);
    }
    expect(isSessionExpired(times, t0 + 3_000)).toBe(true);
  });

  it('lets the browser keep the cookie until the absolute expiry', () => {
    const times = newSessionTimes(t0, limits);
    expect(cookieMaxAgeSeconds(times, t0)).toBe(604800);
    expect(cookieMaxAgeSeconds(times, t0 + limits.absoluteMs + 5)).toBe(0);
  });
});
