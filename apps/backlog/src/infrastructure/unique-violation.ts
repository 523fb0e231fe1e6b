import { QueryFailedError } from 'typeorm';

/** A unique index refused the write (SQLSTATE 23505): a race the index settled. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505';
}
