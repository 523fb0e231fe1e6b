import { DomainError } from '@fulcrum/contracts';
import { SANDBOX_VALUE_LIMITS as LIMITS } from './sandbox.limits';
import { type Json, isObject } from './sql-json.node';

/**
 * The size check on DuckDB's parse tree (the JSON of `json_serialize_sql`): functions whose result
 * size is set by an argument must get constant arguments, and the value they build must stay
 * within SANDBOX_VALUE_LIMITS. DuckDB 1.5 builds such a value in one call, neither counting it
 * against `memory_limit` nor checking for an interrupt (measured: `SELECT len(range(500000000))`
 * and `repeat('x', 2000000000)` grow the process until the kernel kills it), so no limit at run time
 * can stop them. Table functions in FROM (`FROM range(10000000000)`) stream their rows and are not
 * concerned. Outcomes:
 * - an argument that is not a constant → SQL_NOT_ALLOWED (the size cannot be known before running);
 * - a value over the bound → RESOURCE_EXHAUSTED (`details.resource` is `memory`).
 * What this does not bound: values grown by composing ordinary functions (`s || s || s` over
 * nested CTEs, list_concat, list_reduce); docs/sql-sandbox.md "Known limits".
 */
export function assertBoundedValueSizes(statementNode: unknown): void {
  walk(statementNode);
}

type Unit = 'elements' | 'bytes' | 'bits';
type Verdict = { ok: true } | { ok: false; needs: string } | { ok: false; requested: number; limit: number; unit: Unit };

const OK: Verdict = { ok: true };

/** One entry per function that builds a value of a size given by its arguments (aliases included). */
const SIZE_RULES: ReadonlyMap<string, (args: readonly Json[]) => Verdict> = new Map([
  ['range', (args: readonly Json[]) => listRange(args, false)],
  ['generate_series', (args: readonly Json[]) => listRange(args, true)],
  ['list_resize', listResize],
  ['array_resize', listResize],
  ['repeat', repeat],
  ['lpad', pad],
  ['rpad', pad],
  ['bitstring', bitstring],
  ['printf', (args: readonly Json[]) => formatWidths(args, 'printf')],
  ['format', (args: readonly Json[]) => formatWidths(args, 'format')],
]);

/** What "constant" covers, per function (for the refusal message). */
const NEEDS: Record<string, string> = {
  range:
    'constant arguments (numbers, DATE or TIMESTAMP literals, now(), INTERVAL literals); to generate rows, use the table function in FROM instead (FROM range(...), or FROM t, range(t.n)), which streams them',
  list_resize: 'a constant size and, when given, a constant fill value',
  repeat: 'a string or list literal and a constant count',
  lpad: 'a constant length',
  bitstring: 'a constant length',
  printf: 'a constant format text whose widths are written in it (no * or {} widths)',
};
NEEDS['generate_series'] = NEEDS['range'];
NEEDS['array_resize'] = NEEDS['list_resize'];
NEEDS['rpad'] = NEEDS['lpad'];
NEEDS['format'] = NEEDS['printf'];

function walk(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v);
    return;
  }
  if (!isObject(value)) return;
  if (value['type'] === 'TABLE_FUNCTION' && isObject(value['function'])) {
    // A table function streams its rows: only its arguments are values.
    walk(value['function']['children']);
    for (const [k, v] of Object.entries(value)) if (k !== 'function') walk(v);
    return;
  }
  if (value['class'] === 'FUNCTION' && typeof value['function_name'] === 'string') check(value, value['function_name'].toLowerCase());
  for (const v of Object.values(value)) walk(v);
}

function check(call: Json, name: string): void {
  const rule = SIZE_RULES.get(name);
  if (rule === undefined) return;
  const args = Array.isArray(call['children']) ? (call['children'] as unknown[]).filter(isObject) : [];
  const verdict = rule(args);
  if (verdict.ok) return;
  const position = positionOf(call);
  const at = position === undefined ? {} : { position };
  if ('needs' in verdict) {
    throw new DomainError('SQL_NOT_ALLOWED', `${name}() needs ${verdict.needs} in the sandbox, so that the size of what it builds is known before the query runs.`, {
      object: name,
      ...at,
    });
  }
  const streamed = name === 'range' || name === 'generate_series' ? ' To generate many rows, use the table function in FROM (FROM range(...)), which streams them.' : '';
  throw new DomainError(
    'RESOURCE_EXHAUSTED',
    `${name}() would build a value of ${count(verdict.requested)} ${verdict.unit}; a value built in the sandbox may have at most ${count(verdict.limit)} ${verdict.unit}.${streamed}`,
    { resource: 'memory', object: name, requested: jsonNumber(verdict.requested), limit: verdict.limit, unit: verdict.unit, ...at },
  );
}

function needs(name: string): Verdict {
  return { ok: false, needs: NEEDS[name] };
}

function within(requested: number, limit: number, unit: Unit): Verdict {
  return requested <= limit ? OK : { ok: false, requested, limit, unit };
}

/** range/generate_series as list functions: (stop), (start, stop) or (start, stop, step). */
function listRange(args: readonly Json[], inclusive: boolean): Verdict {
  const name = inclusive ? 'generate_series' : 'range';
  const numbers = args.map(numberOf);
  if (numbers.every((n) => n !== undefined) && args.length >= 1 && args.length <= 3) {
    const [start, stop, step] = args.length === 1 ? [0, numbers[0] as number, 1] : [numbers[0] as number, numbers[1] as number, (numbers[2] as number | undefined) ?? 1];
    return within(steps(stop - start, step, inclusive), LIMITS.maxListElements, 'elements');
  }
  if (args.length === 3) {
    const start = instantOf(args[0]);
    const stop = instantOf(args[1]);
    const step = intervalOf(args[2], 'shortest');
    if (start !== undefined && stop !== undefined && step !== undefined) return within(steps(stop - start, step, inclusive), LIMITS.maxListElements, 'elements');
  }
  return needs(name);
}

/** How many values from 0 to `span` by `step` (an upper bound; 0 when the step goes the other way). */
function steps(span: number, step: number, inclusive: boolean): number {
  if (step === 0 || Number.isNaN(span)) return 0;
  if (span !== 0 && Math.sign(span) !== Math.sign(step)) return 0;
  const n = Math.abs(span) / Math.abs(step);
  return inclusive || !Number.isInteger(n) ? Math.floor(n) + 1 : n;
}

function listResize(args: readonly Json[]): Verdict {
  const size = args[1] === undefined ? undefined : numberOf(args[1]);
  if (size === undefined) return needs('list_resize');
  const elements = within(size, LIMITS.maxListElements, 'elements');
  if (!elements.ok || args[2] === undefined) return elements;
  const fill = literalBytes(args[2]);
  return fill === undefined ? needs('list_resize') : within(size * fill, LIMITS.maxValueBytes, 'bytes');
}

function repeat(args: readonly Json[]): Verdict {
  const times = args[1] === undefined ? undefined : numberOf(args[1]);
  const bytes = args[0] === undefined ? undefined : literalBytes(args[0]);
  if (times === undefined || bytes === undefined) return needs('repeat');
  const n = Math.max(0, times);
  const elements = listElements(args[0]);
  if (elements !== undefined) {
    const verdict = within(n * elements, LIMITS.maxListElements, 'elements');
    if (!verdict.ok) return verdict;
  }
  return within(n * bytes, LIMITS.maxValueBytes, 'bytes');
}

function pad(args: readonly Json[]): Verdict {
  const length = args[1] === undefined ? undefined : numberOf(args[1]);
  return length === undefined ? needs('lpad') : within(length, LIMITS.maxValueBytes, 'bytes');
}

function bitstring(args: readonly Json[]): Verdict {
  const length = args[1] === undefined ? undefined : numberOf(args[1]);
  return length === undefined ? needs('bitstring') : within(length, LIMITS.maxBitstringBits, 'bits');
}

/** printf('%2000000000d', 1) and format('{:>2000000000}', 1) pad to the width written in the format. */
function formatWidths(args: readonly Json[], style: 'printf' | 'format'): Verdict {
  const format = args[0] === undefined ? undefined : stringOf(args[0]);
  if (format === undefined) return needs(style);
  const specs = style === 'printf' ? printfSpecs(format) : fmtSpecs(format);
  if (specs === undefined) return needs(style);
  const widest = Math.max(0, ...specs.flatMap((spec) => (spec.match(/\d+/g) ?? []).map(Number)));
  return within(widest, LIMITS.maxValueBytes, 'bytes');
}

/** The flags/width/precision part of each `%...x` conversion; undefined when a width is taken from an argument (`*`). */
function printfSpecs(format: string): string[] | undefined {
  const specs: string[] = [];
  for (const m of format.matchAll(/%([^a-zA-Z%]*)[a-zA-Z%]/g)) {
    if (m[1].includes('*')) return undefined;
    specs.push(m[1].replace(/^\d+\$/, '')); // a positional `%2$d` names an argument, not a width
  }
  return specs;
}

/** The format spec (after `:`) of each `{...}` field; undefined when a width is itself a field (`{:{}}`). */
function fmtSpecs(format: string): string[] | undefined {
  const specs: string[] = [];
  const text = format.replace(/\{\{|\}\}/g, '');
  for (const m of text.matchAll(/\{([^{}]*)(\{)?/g)) {
    if (m[2] !== undefined) return undefined;
    const colon = m[1].indexOf(':');
    if (colon >= 0) specs.push(m[1].slice(colon + 1));
  }
  return specs;
}

// ---- constants of the parse tree ----------------------------------------------------------------

interface ConstantValue {
  type?: { id?: string; type_info?: { scale?: number } | null };
  is_null?: boolean;
  value?: unknown;
}

function constantOf(node: Json): ConstantValue | undefined {
  return node['class'] === 'CONSTANT' && isObject(node['value']) ? (node['value'] as ConstantValue) : undefined;
}

function childOf(node: Json): Json | undefined {
  return isObject(node['child']) ? node['child'] : undefined;
}

function childrenOf(node: Json): Json[] {
  return Array.isArray(node['children']) ? (node['children'] as unknown[]).filter(isObject) : [];
}

function functionName(node: Json): string | undefined {
  return node['class'] === 'FUNCTION' && typeof node['function_name'] === 'string' ? node['function_name'].toLowerCase() : undefined;
}

/** A numeric constant: literals, casts of literals, and + - * / // % trunc over them. */
function numberOf(node: Json): number | undefined {
  const constant = constantOf(node);
  if (constant !== undefined) {
    if (constant.is_null === true) return 0;
    const v = constant.value;
    if (typeof v === 'number') {
      const scale = constant.type?.id === 'DECIMAL' ? (constant.type.type_info?.scale ?? 0) : 0;
      return v / 10 ** scale;
    }
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    // HUGEINT and other encodings: beyond any bound anyway, but not read here.
    return undefined;
  }
  if (node['class'] === 'CAST') {
    const child = childOf(node);
    return child === undefined ? undefined : numberOf(child);
  }
  const name = functionName(node);
  if (name === undefined) return undefined;
  const values = childrenOf(node).map(numberOf);
  if (values.some((v) => v === undefined)) return undefined;
  const [a, b] = values as number[];
  if (values.length === 1) return name === '-' ? -a : name === '+' ? a : name === 'trunc' ? Math.trunc(a) : undefined;
  if (values.length !== 2) return undefined;
  switch (name) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '//':
      return Math.floor(a / b);
    case '%':
      return a % b;
    default:
      return undefined;
  }
}

function stringOf(node: Json): string | undefined {
  const constant = constantOf(node);
  if (constant !== undefined) return typeof constant.value === 'string' ? constant.value : undefined;
  const child = node['class'] === 'CAST' ? childOf(node) : undefined;
  return child === undefined ? undefined : stringOf(child);
}

/** The size of a literal value (text length of strings, 8 bytes per number, lists summed); undefined for anything else. */
function literalBytes(node: Json): number | undefined {
  const constant = constantOf(node);
  if (constant !== undefined) return typeof constant.value === 'string' ? Buffer.byteLength(constant.value) : 8;
  if (node['class'] === 'CAST') {
    const child = childOf(node);
    return child === undefined ? undefined : literalBytes(child);
  }
  const elements = isListLiteral(node) ? childrenOf(node).map(literalBytes) : undefined;
  if (elements === undefined || elements.some((b) => b === undefined)) return undefined;
  return (elements as number[]).reduce((sum, b) => sum + b + 8, 0);
}

function isListLiteral(node: Json): boolean {
  return functionName(node) === 'list_value' || (node['class'] === 'OPERATOR' && node['type'] === 'ARRAY_CONSTRUCTOR');
}

function listElements(node: Json): number | undefined {
  if (node['class'] === 'CAST') {
    const child = childOf(node);
    return child === undefined ? undefined : listElements(child);
  }
  return isListLiteral(node) ? childrenOf(node).length : undefined;
}

const TEMPORAL_TYPES = new Set(['DATE', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS']);
const NOW_FUNCTIONS = new Set(['now', 'today', 'current_date', 'get_current_timestamp', 'transaction_timestamp', 'current_localtimestamp']);

/** An instant in ms: DATE/TIMESTAMP literals, now() and friends, and those ± an interval literal. */
function instantOf(node: Json): number | undefined {
  if (node['class'] === 'CAST') {
    const child = childOf(node);
    const target = isObject(node['cast_type']) ? node['cast_type']['id'] : undefined;
    if (child === undefined || typeof target !== 'string' || !TEMPORAL_TYPES.has(target)) return undefined;
    const text = stringOf(child);
    return text !== undefined ? parseInstant(text) : instantOf(child);
  }
  const name = functionName(node);
  const children = childrenOf(node);
  if (name !== undefined && NOW_FUNCTIONS.has(name) && children.length === 0) return Date.now();
  if ((name === '+' || name === '-') && children.length === 2) {
    const base = instantOf(children[0]);
    const offset = intervalOf(children[1], 'nominal');
    if (base === undefined || offset === undefined) return undefined;
    return name === '+' ? base + offset : base - offset;
  }
  return undefined;
}

/** `2026-01-01`, `2026-01-01 10:00[:00[.123]]`, with an optional `Z`/`+01`/`+01:00`; ±infinity. */
function parseInstant(text: string): number | undefined {
  const t = text.trim();
  if (/^[+-]?infinity$/i.test(t)) return t.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const m = /^(\d{4,})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|UTC|[+-]\d{1,2}(?::?\d{2})?)?$/i.exec(t);
  if (!m) return undefined;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  const zone = m[7] === undefined || /^(Z|UTC)$/i.test(m[7]) ? undefined : /^([+-])(\d{1,2}):?(\d{2})?$/.exec(m[7]);
  const offsetMs = zone ? (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3] ?? 0)) * 60_000 : 0;
  return utc - offsetMs;
}

const DAY_MS = 86_400_000;
/** Interval units in ms: the shortest they can be (a step: the most elements) and their nominal length (an offset). */
const INTERVAL_UNITS: ReadonlyArray<{ pattern: RegExp; fn: string; shortest: number; nominal: number }> = [
  { pattern: /^(millenni(um|a)|mil)$/, fn: 'to_millennia', shortest: 365_000 * DAY_MS, nominal: 365_250 * DAY_MS },
  { pattern: /^(centur(y|ies)|c)$/, fn: 'to_centuries', shortest: 36_500 * DAY_MS, nominal: 36_525 * DAY_MS },
  { pattern: /^(decades?|dec)$/, fn: 'to_decades', shortest: 3_650 * DAY_MS, nominal: 3_652.5 * DAY_MS },
  { pattern: /^(years?|y|yrs?)$/, fn: 'to_years', shortest: 365 * DAY_MS, nominal: 365.25 * DAY_MS },
  { pattern: /^(months?|mons?)$/, fn: 'to_months', shortest: 28 * DAY_MS, nominal: 30 * DAY_MS },
  { pattern: /^(weeks?|w)$/, fn: 'to_weeks', shortest: 7 * DAY_MS - 3_600_000, nominal: 7 * DAY_MS },
  // A day is 23 hours across a daylight-saving change.
  { pattern: /^(days?|d)$/, fn: 'to_days', shortest: DAY_MS - 3_600_000, nominal: DAY_MS },
  { pattern: /^(hours?|h|hrs?)$/, fn: 'to_hours', shortest: 3_600_000, nominal: 3_600_000 },
  { pattern: /^(minutes?|m|mins?)$/, fn: 'to_minutes', shortest: 60_000, nominal: 60_000 },
  { pattern: /^(seconds?|s|secs?)$/, fn: 'to_seconds', shortest: 1_000, nominal: 1_000 },
  { pattern: /^(milliseconds?|ms|msecs?)$/, fn: 'to_milliseconds', shortest: 1, nominal: 1 },
  { pattern: /^(microseconds?|us|usecs?)$/, fn: 'to_microseconds', shortest: 0.001, nominal: 0.001 },
];

/** An interval literal in ms (`INTERVAL 1 DAY`, `INTERVAL '1 month 2 days'`, `INTERVAL '03:00:00'`). */
function intervalOf(node: Json, length: 'shortest' | 'nominal'): number | undefined {
  if (node['class'] === 'CAST') {
    const child = childOf(node);
    const target = isObject(node['cast_type']) ? node['cast_type']['id'] : undefined;
    const text = child === undefined ? undefined : stringOf(child);
    return target === 'INTERVAL' && text !== undefined ? parseInterval(text, length) : undefined;
  }
  const name = functionName(node);
  const children = childrenOf(node);
  const unit = INTERVAL_UNITS.find((u) => u.fn === name);
  if (unit !== undefined && children.length === 1) {
    const n = numberOf(children[0]);
    return n === undefined ? undefined : n * unit[length];
  }
  if (name === '-' && children.length === 1) {
    const v = intervalOf(children[0], length);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

function parseInterval(text: string, length: 'shortest' | 'nominal'): number | undefined {
  let rest = text.trim().toLowerCase();
  let total = 0;
  let parsed = false;
  const time = /(-?)(\d+):(\d{2})(?::(\d{2}(?:\.\d+)?))?/.exec(rest);
  if (time) {
    const ms = (Number(time[2]) * 3600 + Number(time[3]) * 60 + Number(time[4] ?? 0)) * 1000;
    total += time[1] === '-' ? -ms : ms;
    rest = rest.replace(time[0], ' ');
    parsed = true;
  }
  for (const m of rest.matchAll(/(-?\d+(?:\.\d+)?)\s*([a-z]+)/g)) {
    const unit = INTERVAL_UNITS.find((u) => u.pattern.test(m[2]));
    if (unit === undefined) return undefined;
    total += Number(m[1]) * unit[length];
    parsed = true;
  }
  return parsed && rest.replace(/(-?\d+(?:\.\d+)?)\s*([a-z]+)/g, '').trim() === '' ? total : undefined;
}

// ---- messages ----------------------------------------------------------------------------------

/** Offsets the parser could not attach are 2^64-1 (read as a huge double). */
function positionOf(node: Json): number | undefined {
  const p = node['query_location'];
  return typeof p === 'number' && p >= 0 && p < Number.MAX_SAFE_INTEGER ? p : undefined;
}

function count(n: number): string {
  return Number.isFinite(n) && Math.abs(n) < 1e21 ? Math.round(n).toLocaleString('en-US') : String(n);
}

function jsonNumber(n: number): number | string {
  return Number.isSafeInteger(Math.round(n)) ? Math.round(n) : String(n);
}
