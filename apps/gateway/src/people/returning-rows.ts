/**
 * The rows of `UPDATE|DELETE … RETURNING` run through TypeORM's `query()`: for those two commands
 * its PostgreSQL driver answers `[rows, rowCount]` instead of the rows (INSERT and SELECT: rows).
 */
export function returningRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
