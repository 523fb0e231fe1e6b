/**
 * The DuckDB JSON path of one top-level key. Keys are quoted (`$."key"`), so `$browser`, `a.b` or a
 * key with quotes is always the literal key, never a path expression. The path is bound as a
 * parameter, never spliced into SQL.
 */
export function topLevelKeyPath(key: string): string {
  return `$.${JSON.stringify(key)}`;
}
