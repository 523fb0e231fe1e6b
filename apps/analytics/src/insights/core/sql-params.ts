/**
 * Bound parameters of one DuckDB statement. Every user-supplied value goes through `add` and the
 * SQL text only ever holds `$n` placeholders: user text never becomes SQL text.
 */
export type SqlValue = string | number | boolean | bigint | null;

export class SqlParams {
  private readonly list: SqlValue[] = [];

  /** Binds a value and returns its placeholder (`$1`, `$2`, ...). */
  add(value: SqlValue): string {
    this.list.push(value);
    return `$${this.list.length}`;
  }

  /** Binds a value as text and casts it in SQL (DuckDB infers no type from a JS string). */
  addTyped(value: SqlValue, sqlType: 'VARCHAR' | 'DOUBLE' | 'BIGINT' | 'UBIGINT' | 'TIMESTAMPTZ' | 'TIMESTAMP' | 'BOOLEAN'): string {
    return `CAST(${this.add(value)} AS ${sqlType})`;
  }

  get values(): SqlValue[] {
    return [...this.list];
  }
}
