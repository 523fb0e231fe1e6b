import { ConfigError, readPort, readPositiveInt, readString, readUrl } from './env.reader';

describe('env readers', () => {
  it('uses the fallback only when the variable is absent or empty', () => {
    expect(readPort({}, 'P', 8000)).toBe(8000);
    expect(readPort({ P: '' }, 'P', 8000)).toBe(8000);
    expect(readPort({ P: '9000' }, 'P', 8000)).toBe(9000);
    expect(readString({ S: 'x' }, 'S', 'y')).toBe('x');
  });

  it('refuses bad values instead of coercing them', () => {
    expect(() => readPort({ P: '80a' }, 'P', 1)).toThrow(ConfigError);
    expect(() => readPort({ P: '70000' }, 'P', 1)).toThrow(/P must be a TCP port/);
    expect(() => readPositiveInt({ N: '0' }, 'N', 1)).toThrow(ConfigError);
    expect(() => readUrl({ U: 'http://x' }, 'U', ['nats:'])).toThrow(/must use nats:/);
    expect(() => readUrl({ U: 'not a url' }, 'U', ['nats:'])).toThrow(/must be a URL/);
    expect(() => readString({}, 'REQ')).toThrow(/REQ is required/);
  });
});
