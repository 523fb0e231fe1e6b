import { type Env, ConfigError, readOptionalString, readPositiveInt } from '@fulcrum/messaging';

/** Sessions, cookies and login limits (docs/security.md explains each). */
export interface AuthSettings {
  /** A session ends after this long without use (FULCRUM_GATEWAY_SESSION_IDLE_SECONDS, default 12 h). */
  sessionIdleSeconds: number;
  /** A session ends this long after login, however active (FULCRUM_GATEWAY_SESSION_ABSOLUTE_SECONDS, default 7 days). */
  sessionAbsoluteSeconds: number;
  /**
   * `Secure` on the session cookie (FULCRUM_GATEWAY_SECURE_COOKIE): `auto` (default) when the request
   * came over HTTPS, `always` (set it behind a TLS-terminating proxy), `never`.
   */
  secureCookie: 'auto' | 'always' | 'never';
  /** Failed logins per email within the window before RATE_LIMITED (FULCRUM_GATEWAY_LOGIN_MAX_FAILURES_PER_EMAIL, default 5). */
  loginMaxFailuresPerEmail: number;
  /** Failed logins per client address within the window (FULCRUM_GATEWAY_LOGIN_MAX_FAILURES_PER_ADDRESS, default 20). */
  loginMaxFailuresPerAddress: number;
  /** The sliding window of the login limits (FULCRUM_GATEWAY_LOGIN_FAILURE_WINDOW_SECONDS, default 900). */
  loginFailureWindowSeconds: number;
}

export const AUTH_DEFAULTS: Readonly<AuthSettings> = {
  sessionIdleSeconds: 12 * 3600,
  sessionAbsoluteSeconds: 7 * 24 * 3600,
  secureCookie: 'auto',
  loginMaxFailuresPerEmail: 5,
  loginMaxFailuresPerAddress: 20,
  loginFailureWindowSeconds: 15 * 60,
};

const SECURE_COOKIE_MODES = ['auto', 'always', 'never'] as const;

export function loadAuthSettings(env: Env): AuthSettings {
  const secureCookie = readOptionalString(env, 'FULCRUM_GATEWAY_SECURE_COOKIE') ?? AUTH_DEFAULTS.secureCookie;
  if (!(SECURE_COOKIE_MODES as readonly string[]).includes(secureCookie)) {
    throw new ConfigError(`FULCRUM_GATEWAY_SECURE_COOKIE must be one of ${SECURE_COOKIE_MODES.join(', ')}, got "${secureCookie}"`);
  }
  const settings: AuthSettings = {
    sessionIdleSeconds: readPositiveInt(env, 'FULCRUM_GATEWAY_SESSION_IDLE_SECONDS', AUTH_DEFAULTS.sessionIdleSeconds),
    sessionAbsoluteSeconds: readPositiveInt(env, 'FULCRUM_GATEWAY_SESSION_ABSOLUTE_SECONDS', AUTH_DEFAULTS.sessionAbsoluteSeconds),
    secureCookie: secureCookie as AuthSettings['secureCookie'],
    loginMaxFailuresPerEmail: readPositiveInt(env, 'FULCRUM_GATEWAY_LOGIN_MAX_FAILURES_PER_EMAIL', AUTH_DEFAULTS.loginMaxFailuresPerEmail),
    loginMaxFailuresPerAddress: readPositiveInt(env, 'FULCRUM_GATEWAY_LOGIN_MAX_FAILURES_PER_ADDRESS', AUTH_DEFAULTS.loginMaxFailuresPerAddress),
    loginFailureWindowSeconds: readPositiveInt(env, 'FULCRUM_GATEWAY_LOGIN_FAILURE_WINDOW_SECONDS', AUTH_DEFAULTS.loginFailureWindowSeconds),
  };
  if (settings.sessionIdleSeconds > settings.sessionAbsoluteSeconds) {
    throw new ConfigError(
      `FULCRUM_GATEWAY_SESSION_IDLE_SECONDS (${settings.sessionIdleSeconds}) must not exceed FULCRUM_GATEWAY_SESSION_ABSOLUTE_SECONDS (${settings.sessionAbsoluteSeconds})`,
    );
  }
  return settings;
}

/** The settings of a config, defaults for whatever it leaves out (tests build configs by hand). */
export function resolveAuthSettings(config: { auth?: Partial<AuthSettings> }): AuthSettings {
  return { ...AUTH_DEFAULTS, ...config.auth };
}

/** The launcher's admin (FULCRUM_BOOTSTRAP_ADMIN_EMAIL and _PASSWORD, both or neither). */
export function loadBootstrapAdmin(env: Env): { email: string; password: string } | undefined {
  const email = readOptionalString(env, 'FULCRUM_BOOTSTRAP_ADMIN_EMAIL');
  const password = readOptionalString(env, 'FULCRUM_BOOTSTRAP_ADMIN_PASSWORD');
  if (email === undefined && password === undefined) return undefined;
  if (email === undefined || password === undefined) {
    throw new ConfigError('FULCRUM_BOOTSTRAP_ADMIN_EMAIL and FULCRUM_BOOTSTRAP_ADMIN_PASSWORD go together');
  }
  if (Array.from(password).length < 12) throw new ConfigError('FULCRUM_BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters');
  return { email, password };
}
