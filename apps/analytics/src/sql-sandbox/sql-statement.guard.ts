import type { DuckDBConnection } from '@duckdb/node-api';
import { DomainError } from '@fulcrum/contracts';
import { assertAllowedStatement } from './sql-ast.guard';
import { assertAllowedPlan } from './sql-plan.guard';
import { assertBoundedValueSizes } from './sql-value-size.guard';
import { sandboxStandInViewsSql, wrapUserQuery } from './sandbox-views.sql';
import { type Json, isObject } from './sql-json.node';

/** A query that passed both checks: the exact text to embed as the subquery of the executed statement. */
export interface GuardedQuery {
  body: string;
}

const SELECT_LIKE = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'PIVOT', 'UNPIVOT', 'DESCRIBE', 'SUMMARIZE', '(']);
/** How many trailing semicolons (possibly followed by comments) are tried when embedding. */
const MAX_TRAILING_SEMICOLONS = 8;

/**
 * Checks a user's SQL text with DuckDB's own parser and binder, in the caller's read transaction:
 * 1. `json_serialize_sql`: it must be exactly one SELECT statement (any other statement kind is
 *    refused by DuckDB's serializer itself), then the parse-tree checks (sql-ast.guard, and
 *    sql-value-size.guard for the values whose size an argument sets);
 * 2. the text must embed as a subquery with the same parse tree (this drops a trailing semicolon
 *    and proves nothing around the text changes its meaning);
 * 3. `json_serialize_plan(..., optimize := false)` of the embedded query over stand-in views,
 *    then the plan check (sql-plan.guard): the binder's view of which tables and functions it reaches.
 * Refusals are SQL_NOT_ALLOWED (RESOURCE_EXHAUSTED for a value over the size bounds); syntax and
 * binding errors SQL_INVALID with DuckDB's message.
 */
export async function guardQuery(c: DuckDBConnection, query: string): Promise<GuardedQuery> {
  const parsed = await serializeSql(c, query);
  if (parsed['error'] === true) throw parseError(parsed, query);
  const statements = Array.isArray(parsed['statements']) ? (parsed['statements'] as Json[]) : [];
  if (statements.length === 0) throw new DomainError('SQL_INVALID', 'The query is empty.', {});
  if (statements.length > 1) {
    throw new DomainError('SQL_NOT_ALLOWED', `Exactly one SELECT statement is allowed; the text holds ${statements.length} statements.`, {
      object: 'multiple statements',
    });
  }
  const node = statements[0]['node'];
  try {
    assertAllowedStatement(node);
    assertBoundedValueSizes(node);
  } catch (error) {
    throw withTextLocation(error, query);
  }
  const body = await embeddableBody(c, query, node);
  await assertAllowedBinding(c, body);
  return { body };
}

async function serializeSql(c: DuckDBConnection, sql: string): Promise<Json> {
  const reader = await c.runAndReadAll('SELECT json_serialize_sql(CAST($1 AS VARCHAR)) AS j', [sql]);
  return JSON.parse(String(reader.getRows()[0][0])) as Json;
}

function parseError(parsed: Json, query: string): DomainError {
  const message = String(parsed['error_message'] ?? 'unknown parser error');
  if (/Only SELECT statements can be serialized/i.test(message)) {
    const keyword = leadingKeyword(query);
    const named = keyword !== undefined && !SELECT_LIKE.has(keyword) ? keyword : undefined;
    const what =
      named !== undefined
        ? `${named} statements are not allowed`
        : keyword === 'PIVOT'
          ? 'a PIVOT without an IN list is several statements (write ON column IN (value, ...))'
          : 'the text holds a statement that is not a SELECT';
    return new DomainError(
      'SQL_NOT_ALLOWED',
      `Only one read-only SELECT query can run in the sandbox: ${what} (no writes, DDL, COPY, ATTACH, SET, PRAGMA, INSTALL/LOAD, CALL, EXPLAIN or EXPORT).`,
      { object: named ?? 'statement' },
    );
  }
  return new DomainError('SQL_INVALID', withLocation(`SQL syntax error: ${message}`, query, numberOr(parsed['position'])), locationDetails(query, numberOr(parsed['position'])));
}

/**
 * The text (or the text up to one of its last semicolons) whose embedding as a subquery parses to
 * the very same tree as the statement checked above.
 */
async function embeddableBody(c: DuckDBConnection, query: string, node: unknown): Promise<string> {
  const expected = JSON.stringify(withoutLocations(node));
  const candidates = [query];
  let end = query.length;
  for (let i = 0; i < MAX_TRAILING_SEMICOLONS; i++) {
    end = query.lastIndexOf(';', end - 1);
    if (end < 0) break;
    candidates.push(query.slice(0, end));
  }
  for (const body of candidates) {
    const parsed = await serializeSql(c, wrapUserQuery(sandboxStandInViewsSql(), body, '1').sql);
    if (parsed['error'] === true || !Array.isArray(parsed['statements']) || parsed['statements'].length !== 1) continue;
    const inner = subqueryNode((parsed['statements'] as Json[])[0]['node']);
    if (inner !== undefined && JSON.stringify(withoutLocations(inner)) === expected) return body;
  }
  throw new DomainError(
    'SQL_INVALID',
    'The query cannot be run as a subquery (SELECT * FROM (<query>)): remove what follows its last clause, such as a trailing semicolon.',
    {},
  );
}

function subqueryNode(node: unknown): unknown {
  if (!isObject(node)) return undefined;
  const from = node['from_table'];
  if (!isObject(from) || from['type'] !== 'SUBQUERY') return undefined;
  const sub = from['subquery'];
  return isObject(sub) ? sub['node'] : undefined;
}

/** The binder's check over the stand-in views (see sql-plan.guard). */
async function assertAllowedBinding(c: DuckDBConnection, body: string): Promise<void> {
  const { sql, bodyOffset } = wrapUserQuery(sandboxStandInViewsSql(), body, '1');
  const reader = await c.runAndReadAll('SELECT json_serialize_plan(CAST($1 AS VARCHAR), optimize := false) AS j', [sql]);
  const plan = JSON.parse(String(reader.getRows()[0][0])) as Json;
  if (plan['error'] === true) {
    const type = String(plan['error_type'] ?? '');
    const message = String(plan['error_message'] ?? 'unknown error');
    const raw = numberOr(plan['position']);
    const position = raw !== undefined && raw >= bodyOffset && raw <= bodyOffset + body.length ? raw - bodyOffset : undefined;
    if (type === 'not implemented' || type === 'serialization' || type === 'internal') {
      throw new DomainError('SQL_NOT_ALLOWED', `The sandbox cannot verify this query (${type}: ${message}).`, { object: 'plan' });
    }
    throw new DomainError('SQL_INVALID', withLocation(`${capitalize(type)} error: ${message}`, body, position), locationDetails(body, position));
  }
  assertAllowedPlan(plan);
}

/** A refusal that carries a `position` gets the line and column in the user's text too. */
function withTextLocation(error: unknown, text: string): unknown {
  if (!(error instanceof DomainError)) return error;
  const position = numberOr(error.details?.['position']);
  const loc = locationDetails(text, position);
  if (loc['line'] === undefined) return error;
  return new DomainError(error.code, withLocation(error.message, text, position), { ...error.details, ...loc });
}

function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'query_location') out[k] = withoutLocations(v);
  return out;
}

function leadingKeyword(sql: string): string | undefined {
  const m = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*([A-Za-z]+|\()/.exec(sql);
  return m?.[1]?.toUpperCase();
}

function numberOr(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

function locationDetails(text: string, position: number | undefined): Record<string, unknown> {
  if (position === undefined || position > text.length) return {};
  const before = text.slice(0, position).split('\n');
  return { position, line: before.length, column: before[before.length - 1].length + 1 };
}

function withLocation(message: string, text: string, position: number | undefined): string {
  const loc = locationDetails(text, position);
  return loc['line'] === undefined ? message : `${message} (line ${String(loc['line'])}, column ${String(loc['column'])})`;
}

function capitalize(s: string): string {
  return s === '' ? 'SQL' : s.charAt(0).toUpperCase() + s.slice(1);
}

