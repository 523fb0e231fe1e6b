import { DomainError } from '@fulcrum/contracts';
import { pageSize } from './page-size';

describe('pageSize', () => {
  it('defaults when absent and accepts 1..max', () => {
    expect(pageSize(undefined, 100, 50)).toBe(50);
    expect(pageSize(null, 100, 50)).toBe(50);
    expect(pageSize(1, 100, 50)).toBe(1);
    expect(pageSize(100, 100, 50)).toBe(100);
  });

  it.each([0, -1, 101, 2.5])('refuses %p with VALIDATION_FAILED on first', (first) => {
    expect(() => pageSize(first, 100, 50)).toThrow(DomainError);
    expect(() => pageSize(first, 100, 50)).toThrow('first must be 1-100');
  });
});
