import {
  BIGINT,
  BLOB,
  DOUBLE,
  DuckDBBlobValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DECIMAL,
  HUGEINT,
  INTEGER,
  LIST,
  MAP,
  STRUCT,
  TIMESTAMP,
  TIMESTAMP_NS,
  TIMESTAMPTZ,
  VARCHAR,
  DuckDBVarCharType,
} from '@duckdb/node-api';
import { duckDbTypeName, isoFromSubMillis, safeInteger, toJsonSafe } from './sandbox-result.converter';

const JSON_TYPE = DuckDBVarCharType.create('JSON');

describe('toJsonSafe', () => {
  it('keeps integers exact: numbers within ±(2^53−1), decimal strings beyond', () => {
    expect(toJsonSafe(9007199254740991n, BIGINT)).toBe(9007199254740991);
    expect(toJsonSafe(-9007199254740991n, BIGINT)).toBe(-9007199254740991);
    expect(toJsonSafe(9007199254740992n, BIGINT)).toBe('9007199254740992');
    expect(toJsonSafe(-(2n ** 100n), HUGEINT)).toBe('-1267650600228229401496703205376');
    expect(safeInteger(0n)).toBe(0);
  });

  it('keeps decimals exact: numbers up to 15 significant digits, else strings', () => {
    expect(toJsonSafe(new DuckDBDecimalValue(15n, 2, 1), DECIMAL(2, 1))).toBe(1.5);
    expect(toJsonSafe(new DuckDBDecimalValue(123456789012345000n, 18, 3), DECIMAL(18, 3))).toBe(123456789012345);
    expect(toJsonSafe(new DuckDBDecimalValue(1234567890123456789n, 38, 2), DECIMAL(38, 2))).toBe('12345678901234567.89');
  });

  it('writes non-finite doubles as strings', () => {
    expect([NaN, Infinity, -Infinity, 0.1].map((n) => toJsonSafe(n, DOUBLE))).toEqual(['NaN', 'Infinity', '-Infinity', 0.1]);
  });

  it('writes timestamps as ISO-8601, with Z only when they are instants', () => {
    expect(toJsonSafe(new DuckDBTimestampTZValue(1_772_366_400_123_000n), TIMESTAMPTZ)).toBe('2026-03-01T12:00:00.123Z');
    expect(toJsonSafe(new DuckDBTimestampTZValue(1_772_366_400_123_456n), TIMESTAMPTZ)).toBe('2026-03-01T12:00:00.123456Z');
    expect(toJsonSafe(new DuckDBTimestampValue(1_772_366_400_000_000n), TIMESTAMP)).toBe('2026-03-01T12:00:00.000');
    expect(toJsonSafe(new DuckDBTimestampNanosecondsValue(1_000_000_001n), TIMESTAMP_NS)).toBe('1970-01-01T00:00:01.000000001');
    expect(isoFromSubMillis(-500n, 1000n, true)).toBe('1969-12-31T23:59:59.999500Z');
    expect(toJsonSafe(DuckDBTimestampTZValue.PosInf, TIMESTAMPTZ)).toBe('infinity');
  });

  it('parses JSON, keeps nested shapes, encodes blobs in base64', () => {
    expect(toJsonSafe('{"a":[1,null]}', JSON_TYPE)).toEqual({ a: [1, null] });
    expect(toJsonSafe('{"a":1}', VARCHAR)).toBe('{"a":1}');
    expect(toJsonSafe(new DuckDBListValue(['[1]', null]), LIST(JSON_TYPE))).toEqual([[1], null]);
    expect(toJsonSafe(new DuckDBStructValue({ b: 2n ** 60n, a: 1 }), STRUCT({ b: BIGINT, a: INTEGER }))).toEqual({ b: '1152921504606846976', a: 1 });
    expect(toJsonSafe(new DuckDBMapValue([{ key: 1, value: 'x' }]), MAP(INTEGER, VARCHAR))).toEqual([{ key: 1, value: 'x' }]);
    expect(toJsonSafe(new DuckDBBlobValue(new Uint8Array([0xaa])), BLOB)).toBe('qg==');
    expect(toJsonSafe(null, BIGINT)).toBeNull();
  });
});

describe('duckDbTypeName', () => {
  it('names types as DuckDB does, keeping the JSON alias at every level', () => {
    expect(duckDbTypeName(JSON_TYPE)).toBe('JSON');
    expect(duckDbTypeName(LIST(JSON_TYPE))).toBe('JSON[]');
    expect(duckDbTypeName(STRUCT({ a: JSON_TYPE, 'b"c': INTEGER }))).toBe('STRUCT("a" JSON, "b""c" INTEGER)');
    expect(duckDbTypeName(MAP(VARCHAR, LIST(BIGINT)))).toBe('MAP(VARCHAR, BIGINT[])');
    expect(duckDbTypeName(TIMESTAMPTZ)).toBe('TIMESTAMP WITH TIME ZONE');
  });
});
