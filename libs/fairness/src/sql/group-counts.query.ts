import { DomainError } from '@fulcrum/contracts';
import { compareGroupValues, type GroupCounts, type GroupCountsTable, type GroupValue } from '../metrics/group-counts.model';
import { DECISIONS_TABLE_NAME } from './decisions-table.schema';

/** At most this many attributes per report (intersections beyond a few are all small samples anyway). */
export const MAX_GROUP_ATTRIBUTES = 8;

export interface GroupCountsQueryInput {
  modelVersionId: string;
  /** Attribute names inside `attributes` (one → groups by it; several → intersectional groups). */
  attributes: readonly string[];
  /** The outcome that benefits the subject; `favorable` counts it (selection rate). */
  favorableOutcome: string;
  /** The outcome counted as a predicted positive in the confusion matrix. */
  positiveOutcome: string;
  /** The ground truth counted as an actual positive in the confusion matrix. */
  positiveGroundTruth: string;
  /** Inclusive lower bound on `occurred_at` (omit for none). */
  from?: Date | string;
  /** Exclusive upper bound on `occurred_at` (omit for none). */
  to?: Date | string;
}

/** A parameterised PostgreSQL statement, as `pg`'s `client.query(text, values)` and TypeORM's `query()` take it. */
export interface SqlQuery {
  text: string;
  values: unknown[];
}

/** Runs a parameterised statement and resolves its rows (e.g. `(t, v) => client.query(t, v).then((r) => r.rows)`). */
export type SqlRowsRunner = (text: string, values: unknown[]) => Promise<readonly Record<string, unknown>[]>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COUNT_COLUMNS = ['n', 'favorable', 'predicted_positive', 'labeled', 'tp', 'fp', 'tn', 'fn'] as const;

/**
 * Builds the one SQL statement that aggregates a model version's decisions into per-group counts.
 *
 * Everything the caller supplies is a bound value: the model version, the outcome labels, the time
 * bounds and the attribute NAMES (read as `attributes ->> $n::text`), so no input is ever spliced
 * into the SQL text. Rows whose `attributes` lack a requested attribute (or hold JSON null) get
 * the value NULL, and those rows form their own group (reported, never dropped). Rows without
 * ground truth count in `n`, `favorable` and `predicted_positive` but not in `labeled` or the
 * confusion matrix. The time filter is `from <= occurred_at < to`; with a bound given, rows with
 * a NULL `occurred_at` are outside it.
 *
 * Result columns: `g0 … g{k-1}` (text, one per attribute in order), then bigint counts `n`,
 * `favorable`, `predicted_positive`, `labeled`, `tp`, `fp`, `tn`, `fn`; read them with
 * {@link parseGroupCountsRows}.
 */
export function buildGroupCountsQuery(input: GroupCountsQueryInput): SqlQuery {
  validate(input);
  const values: unknown[] = [input.modelVersionId, input.favorableOutcome, input.positiveOutcome, input.positiveGroundTruth];
  const bind = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const groupColumns = input.attributes.map((_, i) => `g${i}`);
  const groupExpressions = input.attributes.map((name, i) => `attributes ->> ${bind(name)}::text AS ${groupColumns[i]}`);
  const where = ['model_version_id = $1::uuid'];
  if (input.from !== undefined) where.push(`occurred_at >= ${bind(toIso(input.from))}::timestamptz`);
  if (input.to !== undefined) where.push(`occurred_at < ${bind(toIso(input.to))}::timestamptz`);
  const groupList = groupColumns.map((c) => `d.${c}`).join(', ');
  const text = [
    `SELECT ${groupList},`,
    `  count(*) AS n,`,
    `  count(*) FILTER (WHERE d.outcome = $2::text) AS favorable,`,
    `  count(*) FILTER (WHERE d.outcome = $3::text) AS predicted_positive,`,
    `  count(d.ground_truth) AS labeled,`,
    `  count(*) FILTER (WHERE d.outcome = $3::text AND d.ground_truth = $4::text) AS tp,`,
    `  count(*) FILTER (WHERE d.outcome = $3::text AND d.ground_truth <> $4::text) AS fp,`,
    `  count(*) FILTER (WHERE d.outcome <> $3::text AND d.ground_truth <> $4::text) AS tn,`,
    `  count(*) FILTER (WHERE d.outcome <> $3::text AND d.ground_truth = $4::text) AS fn`,
    `FROM (`,
    `  SELECT ${groupExpressions.join(', ')}, outcome, ground_truth`,
    `  FROM ${DECISIONS_TABLE_NAME}`,
    `  WHERE ${where.join(' AND ')}`,
    `) AS d`,
    `GROUP BY ${groupList}`,
    `ORDER BY ${groupList}`,
  ].join('\n');
  return { text, values };
}

/**
 * Turns the rows of a {@link buildGroupCountsQuery} statement into a table of numbers (the driver
 * returns bigint counts as strings), ordered by {@link compareGroupValues}.
 */
export function parseGroupCountsRows(attributes: readonly string[], rows: readonly Record<string, unknown>[]): GroupCountsTable {
  const groups: GroupCounts[] = rows.map((row) => {
    const values: GroupValue[] = attributes.map((_, i) => {
      const v = row[`g${i}`];
      if (v === null || v === undefined) return null;
      if (typeof v !== 'string') throw new Error(`group column g${i} is not text: ${JSON.stringify(v)}`);
      return v;
    });
    const [n, favorable, predictedPositive, labeled, tp, fp, tn, fn] = COUNT_COLUMNS.map((c) => toCount(row[c], c));
    return { values, n, favorable, predictedPositive, labeled, tp, fp, tn, fn };
  });
  groups.sort((a, b) => compareGroupValues(a.values, b.values));
  return { attributes: [...attributes], groups };
}

/** Builds, runs and parses the group-counts statement. */
export async function fetchGroupCounts(run: SqlRowsRunner, input: GroupCountsQueryInput): Promise<GroupCountsTable> {
  const { text, values } = buildGroupCountsQuery(input);
  return parseGroupCountsRows(input.attributes, await run(text, values));
}

function toCount(v: unknown, column: string): number {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new Error(`count column ${column} is not a count: ${String(v)}`);
  return n;
}

function toIso(value: Date | string): string {
  const d = value instanceof Date ? value : new Date(value);
  return d.toISOString();
}

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new DomainError('VALIDATION_FAILED', message, details);
}

function validate(input: GroupCountsQueryInput): void {
  if (typeof input.modelVersionId !== 'string' || !UUID.test(input.modelVersionId)) {
    invalid('modelVersionId must be a UUID', { modelVersionId: input.modelVersionId });
  }
  const attrs = input.attributes;
  if (!Array.isArray(attrs) || attrs.length === 0) invalid('attributes must name at least one attribute');
  if (attrs.length > MAX_GROUP_ATTRIBUTES) invalid(`at most ${MAX_GROUP_ATTRIBUTES} attributes`, { attributes: attrs });
  for (const a of attrs) {
    if (typeof a !== 'string' || a.length === 0) invalid('every attribute name must be a non-empty string', { attributes: attrs });
  }
  if (new Set(attrs).size !== attrs.length) invalid('attribute names must be distinct', { attributes: attrs });
  for (const field of ['favorableOutcome', 'positiveOutcome', 'positiveGroundTruth'] as const) {
    if (typeof input[field] !== 'string') invalid(`${field} must be a string`);
  }
  const bounds: Array<['from' | 'to', Date | string | undefined]> = [
    ['from', input.from],
    ['to', input.to],
  ];
  for (const [name, value] of bounds) {
    if (value === undefined) continue;
    const d = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
    if (d === null || Number.isNaN(d.getTime())) invalid(`${name} must be a date`, { [name]: String(value) });
  }
  if (input.from !== undefined && input.to !== undefined && new Date(input.from).getTime() >= new Date(input.to).getTime()) {
    invalid('from must be before to (the range is [from, to))', { from: toIso(input.from), to: toIso(input.to) });
  }
}
