import { CONSUMERS } from '@fulcrum/contracts';
import type { SqlRunner } from './sql-runner';

/** The current data version (the stream position every applied event is at or below), in the caller's snapshot. */
export async function readDataVersion(runner: SqlRunner): Promise<bigint> {
  const rows = await runner.rows('SELECT applied_floor FROM consumer_state WHERE consumer = $1', [CONSUMERS.analyticsEvents]);
  const value = rows[0]?.['applied_floor'];
  return value === undefined || value === null ? 0n : BigInt(value as bigint | number);
}
