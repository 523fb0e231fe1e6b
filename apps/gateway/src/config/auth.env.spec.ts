import { AUTH_DEFAULTS, loadAuthSettings, loadBootstrapAdmin, resolveAuthSettings } from './auth.env';

describe('auth settings', () => {
  it('defaults to 12 h idle, 7 days absolute, Secure when HTTPS, 5 failures per email and 20 per address in 15 min', () => {
    expect(loadAuthSettings({})).toEqual({
      sessionIdleSeconds: 43_200,
      sessionAbsoluteSeconds: 604_800,
      secureCookie: 'auto',
      loginMaxFailuresPerEmail: 5,
      loginMaxFailuresPerAddress: 20,
      loginFailureWindowSeconds: 900,
    });
    expect(resolveAuthSettings({})).toEqual(AUTH_DEFAULTS);
    expect(resolveAuthSettings({ auth: { sessionIdleSeconds: 1 } }).sessionIdleSeconds).toBe(1);
  });

  it('reads every setting from the environment', () => {
    const settings = loadAuthSettings({
      FULCRUM_GATEWAY_SESSION_IDLE_SECONDS: '600',
      FULCRUM_GATEWAY_SESSION_ABSOLUTE_SECONDS: '3600',
      FULCRUM_GATEWAY_SECURE_COOKIE: 'always',
      FULCRUM_GATEWAY_LOGIN_MAX_FAILURES_PER_EMAIL: '3',
      FULCRUM_GATEWAY_LOGIN_MAX_FAILURES_PER_ADDRESS: '50',
      FULCRUM_GATEWAY_LOGIN_FAILURE_WINDOW_SECONDS: '60',
    });
    expect(settings).toEqual({
      sessionIdleSeconds: 600,
      sessionAbsoluteSeconds: 3600,
      secureCookie: 'always',
      loginMaxFailuresPerEmail: 3,
      loginMaxFailuresPerAddress: 50,
      loginFailureWindowSeconds: 60,
    });
  });

  it.each([
    [{ FULCRUM_GATEWAY_SECURE_COOKIE: 'yes' }, /FULCRUM_GATEWAY_SECURE_COOKIE must be one of auto, always, never/],
    [{ FULCRUM_GATEWAY_SESSION_IDLE_SECONDS: '0' }, /FULCRUM_GATEWAY_SESSION_IDLE_SECONDS must be a positive integer/],
    [{ FULCRUM_GATEWAY_SESSION_IDLE_SECONDS: '7200', FULCRUM_GATEWAY_SESSION_ABSOLUTE_SECONDS: '3600' }, /must not exceed FULCRUM_GATEWAY_SESSION_ABSOLUTE_SECONDS/],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadAuthSettings(env)).toThrow(message);
  });

  it('takes the bootstrap admin email and password together, the password at least 12 characters', () => {
    expect(loadBootstrapAdmin({})).toBeUndefined();
    expect(loadBootstrapAdmin({ FULCRUM_BOOTSTRAP_ADMIN_EMAIL: 'admin@localhost', FULCRUM_BOOTSTRAP_ADMIN_PASSWORD: 'a'.repeat(24) })).toEqual({
      email: 'admin@localhost',
      password: 'a'.repeat(24),
    });
    expect(() => loadBootstrapAdmin({ FULCRUM_BOOTSTRAP_ADMIN_EMAIL: 'admin@localhost' })).toThrow(/go together/);
    expect(() => loadBootstrapAdmin({ FULCRUM_BOOTSTRAP_ADMIN_EMAIL: 'admin@localhost', FULCRUM_BOOTSTRAP_ADMIN_PASSWORD: 'short' })).toThrow(/at least 12/);
  });
});
