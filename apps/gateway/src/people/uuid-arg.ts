import { DomainError } from '@fulcrum/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id argument that names a row of a uuid column; VALIDATION_FAILED (field) for anything else, before any query. */
export function validUuid(value: string, field: string): string {
  if (!UUID.test(value)) throw new DomainError('VALIDATION_FAILED', `${field} must be a UUID`, { field });
  return value.toLowerCase();
}
