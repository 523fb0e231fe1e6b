import { DomainError } from '@fulcrum/contracts';

/**
 * The page size of a list the gateway reads from its own database: `defaultSize` when `first` is
 * absent, VALIDATION_FAILED (field `first`) outside 1..max. (Lists served by other services are
 * checked by their request schema instead.)
 */
export function pageSize(first: number | null | undefined, max: number, defaultSize: number): number {
  if (first === null || first === undefined) return defaultSize;
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new DomainError('VALIDATION_FAILED', `first must be 1-${max}`, { field: 'first' });
  }
  return first;
}
