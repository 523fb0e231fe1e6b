import { DomainError } from '@fulcrum/contracts';

/** A DateTime argument (parsed by Nest's scalar into a Date, possibly Invalid Date) → ISO-8601 UTC. */
export function toIsoInstant(value: Date, field: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new DomainError('VALIDATION_FAILED', `${field} must be an ISO-8601 date-time, e.g. 2026-03-01T00:00:00Z.`, { field });
  }
  return value.toISOString();
}
