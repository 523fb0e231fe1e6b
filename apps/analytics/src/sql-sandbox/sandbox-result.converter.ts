import {
  DuckDBArrayValue,
  DuckDBBlobValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBType,
  DuckDBTypeId,
  DuckDBUnionValue,
  type DuckDBValue,
} from '@duckdb/node-api';

/**
 * DuckDB values → JSON-safe values (docs/sql-sandbox.md "Values"). The rule for exact numbers: a
 * JSON number when it denotes exactly the same value, else a decimal string.
 * - integers of up to 32 bits, FLOAT, DOUBLE: numbers (NaN and ±Infinity: the strings "NaN",
 *   "Infinity", "-Infinity");
 * - BIGINT, UBIGINT, HUGEINT, UHUGEINT, BIGNUM: numbers within ±(2^53−1), else decimal strings;
 * - DECIMAL: numbers when they have at most 15 significant digits, else decimal strings;
 * - TIMESTAMP WITH TIME ZONE: ISO-8601 UTC `YYYY-MM-DDTHH:mm:ss.sssZ` (6 or 9 fraction digits when
 *   the value has sub-millisecond precision); TIMESTAMP (and _S/_MS/_NS): the same without `Z`
 *   (wall clock, no zone); infinite timestamps: "infinity" / "-infinity";
 * - DATE, TIME, TIME WITH TIME ZONE, INTERVAL, UUID, BIT and any other type: DuckDB's text form;
 * - BLOB: base64; JSON: parsed; LIST/ARRAY: arrays; STRUCT: objects (field order kept);
 *   MAP: arrays of `{ key, value }`; UNION: `{ tag, value }`.
 */
export function toJsonSafe(value: DuckDBValue, type: DuckDBType): unknown {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return type.alias === 'JSON' ? parseJson(String(value)) : String(value);
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return finiteOrText(Number(value));
    case DuckDBTypeId.LIST:
      return (value as DuckDBListValue).items.map((v) => toJsonSafe(v, type.valueType));
    case DuckDBTypeId.ARRAY:
      return (value as DuckDBArrayValue).items.map((v) => toJsonSafe(v, type.valueType));
    case DuckDBTypeId.STRUCT: {
      const entries = (value as DuckDBStructValue).entries;
      const out: Record<string, unknown> = {};
      type.entryNames.forEach((name, i) => {
        out[name] = toJsonSafe(entries[name] ?? null, type.entryTypes[i]);
      });
      return out;
    }
    case DuckDBTypeId.MAP:
      return (value as DuckDBMapValue).entries.map((e) => ({ key: toJsonSafe(e.key, type.keyType), value: toJsonSafe(e.value, type.valueType) }));
    case DuckDBTypeId.UNION: {
      const u = value as DuckDBUnionValue;
      return { tag: u.tag, value: toJsonSafe(u.value, type.memberTypeForTag(u.tag)) };
    }
    default:
      return scalarToJsonSafe(value);
  }
}

function scalarToJsonSafe(value: DuckDBValue): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return finiteOrText(value);
  if (typeof value === 'bigint') return safeInteger(value);
  if (value instanceof DuckDBDecimalValue) return decimalToJsonSafe(value);
  if (value instanceof DuckDBTimestampTZValue) return value.isFinite ? isoFromSubMillis(value.micros, 1000n, true) : value.toString();
  if (value instanceof DuckDBTimestampValue) return value.isFinite ? isoFromSubMillis(value.micros, 1000n, false) : value.toString();
  if (value instanceof DuckDBTimestampNanosecondsValue) return value.isFinite ? isoFromSubMillis(value.nanos, 1_000_000n, false) : value.toString();
  if (value instanceof DuckDBTimestampMillisecondsValue) return value.isFinite ? isoFromSubMillis(value.millis, 1n, false) : value.toString();
  if (value instanceof DuckDBTimestampSecondsValue) return value.isFinite ? isoFromSubMillis(value.seconds * 1000n, 1n, false) : value.toString();
  if (value instanceof DuckDBBlobValue) return Buffer.from(value.bytes).toString('base64');
  return value.toString();
}

/** `value` counted in units of 1/`perMilli` ms → ISO-8601, with the sub-millisecond digits when not zero. */
export function isoFromSubMillis(value: bigint, perMilli: bigint, utc: boolean): string {
  let ms = value / perMilli;
  let rest = value % perMilli;
  if (rest < 0n) {
    ms -= 1n;
    rest += perMilli;
  }
  const date = new Date(Number(ms));
  if (Number.isNaN(date.getTime())) return String(value);
  let iso = date.toISOString().slice(0, -1); // without Z
  if (rest !== 0n) iso += rest.toString().padStart(perMilli.toString().length - 1, '0');
  return utc ? `${iso}Z` : iso;
}

export function safeInteger(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

function decimalToJsonSafe(value: DuckDBDecimalValue): number | string {
  const text = value.toString();
  const digits = (value.value < 0n ? -value.value : value.value).toString().replace(/0+$/, '');
  return digits.length <= 15 ? Number(text) : text;
}

function finiteOrText(n: number): number | string {
  if (Number.isFinite(n)) return n;
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The DuckDB name of a column type, with aliases kept at every level (`JSON`, `JSON[]`, `STRUCT("a" JSON)`). */
export function duckDbTypeName(type: DuckDBType): string {
  if (type.alias !== undefined) return type.alias;
  switch (type.typeId) {
    case DuckDBTypeId.LIST:
      return `${duckDbTypeName(type.valueType)}[]`;
    case DuckDBTypeId.ARRAY:
      return `${duckDbTypeName(type.valueType)}[${type.length}]`;
    case DuckDBTypeId.STRUCT:
      return `STRUCT(${type.entryNames.map((n, i) => `"${n.replace(/"/g, '""')}" ${duckDbTypeName(type.entryTypes[i])}`).join(', ')})`;
    case DuckDBTypeId.MAP:
      return `MAP(${duckDbTypeName(type.keyType)}, ${duckDbTypeName(type.valueType)})`;
    default:
      return type.toString();
  }
}
