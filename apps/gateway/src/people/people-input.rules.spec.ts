import { DomainError } from '@fulcrum/contracts';
import { emailKey, generatePassword, validDisplayName, validEmail, validNewPassword } from './people-input.rules';

function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { code: (error as DomainError).code, details: (error as DomainError).details };
  }
  return 'accepted';
}

describe('people input rules', () => {
  it('accepts ordinary addresses (one-label domains too) and trims them', () => {
    expect(validEmail('  Dana.Scully+fbi@Example.org ')).toBe('Dana.Scully+fbi@Example.org');
    expect(validEmail('admin@localhost')).toBe('admin@localhost');
    expect(validEmail('x@xn--bcher-kva.example')).toBe('x@xn--bcher-kva.example');
  });

  it.each(['', 'dana', '@example.org', 'dana@', 'da na@example.org', 'dana@exa mple.org', 'dana@@example.org', 'dana@-example.org', 'dana@example..org', `${'a'.repeat(65)}@example.org`, `a@${'b'.repeat(250)}.org`, 'dänä@example.org'])(
    'refuses %j as an email with VALIDATION_FAILED on the field',
    (email) => {
      expect(refusal(() => validEmail(email))).toEqual({ code: 'VALIDATION_FAILED', details: { field: 'email' } });
    },
  );

  it('compares emails case-insensitively', () => {
    expect(emailKey(' Dana@Example.ORG')).toBe(emailKey('dana@example.org'));
  });

  it('takes display names of 1-200 characters without control characters', () => {
    expect(validDisplayName('  Dana Scully ')).toBe('Dana Scully');
    expect(validDisplayName('é'.repeat(200))).toHaveLength(200);
    expect(validDisplayName('👩‍🔬'.repeat(1))).toBe('👩‍🔬');
    for (const bad of ['', '   ', 'x'.repeat(201), 'Dana\nScully', 'Dana\u0000', 'evil\u202egnp.exe', 'x\u0085']) {
      expect(refusal(() => validDisplayName(bad))).toEqual({ code: 'VALIDATION_FAILED', details: { field: 'displayName' } });
    }
  });

  it('takes passwords of 12-1024 characters, counted in code points, untrimmed', () => {
    expect(validNewPassword(' 12 chars ok')).toBe(' 12 chars ok');
    expect(validNewPassword('🔑'.repeat(12))).toBe('🔑'.repeat(12));
    expect(refusal(() => validNewPassword('11 chars ok'))).toEqual({ code: 'VALIDATION_FAILED', details: { field: 'password' } });
    expect(refusal(() => validNewPassword('x'.repeat(1025), 'newPassword'))).toEqual({ code: 'VALIDATION_FAILED', details: { field: 'newPassword' } });
    expect(validNewPassword('x'.repeat(1024))).toHaveLength(1024);
  });

  it('generates passwords that satisfy the policy and differ', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(validNewPassword(a)).toBe(a);
    expect(generatePassword()).not.toBe(a);
  });
});
