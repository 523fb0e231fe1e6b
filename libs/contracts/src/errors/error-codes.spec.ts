import { isDomainErrorPayload, isErrorCode } from './error-codes';
import { DomainError } from './domain.error';

describe('error codes', () => {
  it('recognises known codes only', () => {
    expect(isErrorCode('VALIDATION_FAILED')).toBe(true);
    expect(isErrorCode('NOPE')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });

  it('round-trips a DomainError through its wire payload', () => {
    const payload = new DomainError('NOT_FOUND', 'no such project', { projectId: 'x' }).toPayload();
    expect(payload).toEqual({ code: 'NOT_FOUND', message: 'no such project', details: { projectId: 'x' } });
    expect(isDomainErrorPayload(payload)).toBe(true);
    expect(isDomainErrorPayload({ code: 'NOPE', message: 'x' })).toBe(false);
  });
});
