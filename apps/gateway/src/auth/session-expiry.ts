/**
 * When a browser session ends. A session has two limits, both in config:
 * - idle: it ends when it has not been used for `idleMs` (default 12 h);
 * - absolute: it ends `absoluteMs` after login however active it is (default 7 days).
 * Use is recorded at most once per `touchIntervalMs` (a minute, or a quarter of the idle limit when
 * that is shorter), so the idle limit is honoured to within that interval and an active session
 * costs one write a minute, not one per request.
 */
export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export interface SessionTimes {
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
}

const MAX_TOUCH_INTERVAL_MS = 60_000;

/** The times of a session that starts now. */
export function newSessionTimes(now: number, limits: SessionLimits): SessionTimes {
  const absoluteExpiresAt = now + limits.absoluteMs;
  return { createdAt: now, lastSeenAt: now, idleExpiresAt: Math.min(now + limits.idleMs, absoluteExpiresAt), absoluteExpiresAt };
}

/** Whether the session has ended at `now` (either limit reached). */
export function isSessionExpired(times: Pick<SessionTimes, 'idleExpiresAt' | 'absoluteExpiresAt'>, now: number): boolean {
  return now >= times.idleExpiresAt || now >= times.absoluteExpiresAt;
}

/** How often use is written back. */
export function touchIntervalMs(limits: SessionLimits): number {
  return Math.min(MAX_TOUCH_INTERVAL_MS, Math.floor(limits.idleMs / 4));
}

/**
 * The times after a use at `now`, or undefined when nothing needs writing yet (the last recorded use
 * is younger than the touch interval). The idle limit never extends past the absolute one.
 */
export function touchedSessionTimes(times: SessionTimes, now: number, limits: SessionLimits): SessionTimes | undefined {
  if (now - times.lastSeenAt < touchIntervalMs(limits)) return undefined;
  return { ...times, lastSeenAt: now, idleExpiresAt: Math.min(now + limits.idleMs, times.absoluteExpiresAt) };
}

/** Cookie Max-Age in whole seconds: the browser keeps it until the absolute expiry (the server enforces idle). */
export function cookieMaxAgeSeconds(times: Pick<SessionTimes, 'absoluteExpiresAt'>, now: number): number {
  return Math.max(0, Math.floor((times.absoluteExpiresAt - now) / 1000));
}
