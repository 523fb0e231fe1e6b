import { type DateRange, DomainError } from '@fulcrum/contracts';
import type { ResolvedRange } from './scoped-events.sql';
import type { SqlRunner } from './sql-runner';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Local midnights already resolved ((zone, day, end?) → ISO instant): ICU's rules do not change while the process runs. */
const MIDNIGHTS = new Map<string, string>();
const MAX_CACHED_MIDNIGHTS = 20_000;

/** Zones already found valid: a zone name does not stop being valid, so each is checked once per process. */
const KNOWN_ZONES = new Set<string>();

/** Throws VALIDATION_FAILED unless `timeZone` is an IANA zone both Node and DuckDB (ICU) know. */
export async function assertTimeZone(runner: SqlRunner, timeZone: string): Promise<void> {
  if (KNOWN_ZONES.has(timeZone)) return;
  let known = true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    known = false;
  }
  if (known) {
    const rows = await runner.rows(`SELECT count(*) AS n FROM pg_timezone_names() WHERE name = $1`, [timeZone]);
    known = Number(rows[0]?.['n'] ?? 0) > 0;
  }
  if (known && KNOWN_ZONES.size < 1000) KNOWN_ZONES.add(timeZone);
  if (!known) throw new DomainError('VALIDATION_FAILED', `Unknown time zone ${JSON.stringify(timeZone)} (use an IANA name such as Europe/Paris).`, { field: 'timeZone' });
}

/**
 * A date range → instants. A date-only bound is a calendar day in the time zone (`from` = that
 * day's local midnight, `to` = the next day's local midnight, so the `to` day is included); a
 * date-time bound is taken as the instant it names (`to` exclusive). DST is ICU's: a local
 * midnight that does not exist is moved forward as ICU does.
 */
export async function resolveDateRange(runner: SqlRunner, range: DateRange, timeZone: string, field = 'dateRange'): Promise<ResolvedRange> {
  const from = await boundToInstant(runner, range.from, timeZone, false, `${field}.from`);
  const to = await boundToInstant(runner, range.to, timeZone, true, `${field}.to`);
  if (Date.parse(from) >= Date.parse(to)) {
    throw new DomainError('VALIDATION_FAILED', `${field}: from (${range.from}) must be before to (${range.to}).`, { field });
  }
  return { from, to };
}

async function boundToInstant(runner: SqlRunner, bound: string, timeZone: string, isEnd: boolean, field: string): Promise<string> {
  if (DATE_ONLY.test(bound)) {
    const day = new Date(`${bound}T00:00:00.000Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== bound) throw invalidBound(field, bound);
    const key = `${timeZone}\u0000${bound}\u0000${isEnd ? 1 : 0}`;
    const known = MIDNIGHTS.get(key);
    if (known !== undefined) return known;
    const rows = await runner.rows(
      `SELECT epoch_ms(timezone(CAST($1 AS VARCHAR), CAST(CAST($2 AS DATE) AS TIMESTAMP) + CAST($3 AS INTEGER) * INTERVAL 1 DAY)) AS ms`,
      [timeZone, bound, isEnd ? 1 : 0],
    );
    const instant = new Date(Number(rows[0]?.['ms'])).toISOString();
    if (MIDNIGHTS.size >= MAX_CACHED_MIDNIGHTS) MIDNIGHTS.clear();
    MIDNIGHTS.set(key, instant);
    return instant;
  }
  const ms = Date.parse(bound);
  if (Number.isNaN(ms)) throw invalidBound(field, bound);
  return new Date(ms).toISOString();
}

function invalidBound(field: string, bound: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${field}: ${JSON.stringify(bound)} is not a valid date (YYYY-MM-DD) or ISO-8601 instant.`, { field });
}
