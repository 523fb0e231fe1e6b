/**
 * SchemaVer (`MODEL-REVISION-ADDITION`, Snowplow's versioning of JSON Schemas): each part a
 * non-negative integer, the first version `1-0-0`.
 * - `MODEL`: a change that can invalidate every historical event (for example a new required property);
 * - `REVISION`: a change that can invalidate some historical events (an optional property's type narrowed);
 * - `ADDITION`: a change every historical event still satisfies (an optional property added).
 */
export interface SchemaVer {
  model: number;
  revision: number;
  addition: number;
}

export type SchemaChangeKind = 'MODEL' | 'REVISION' | 'ADDITION';

/** The order of the kinds, smallest first. */
export const SCHEMA_CHANGE_KINDS: readonly SchemaChangeKind[] = ['ADDITION', 'REVISION', 'MODEL'];

export const FIRST_SCHEMAVER: SchemaVer = { model: 1, revision: 0, addition: 0 };

/** Parts up to 6 digits: `1-0-0`, `12-3-40`; no leading zeros, MODEL ≥ 1. */
const SCHEMAVER = /^([1-9]\d{0,5})-(0|[1-9]\d{0,5})-(0|[1-9]\d{0,5})$/;

export function parseSchemaVer(text: string): SchemaVer | undefined {
  const match = SCHEMAVER.exec(text);
  if (!match) return undefined;
  return { model: Number(match[1]), revision: Number(match[2]), addition: Number(match[3]) };
}

export function formatSchemaVer(version: SchemaVer): string {
  return `${version.model}-${version.revision}-${version.addition}`;
}

/** The version one `kind` after `version` (lower parts reset to 0). */
export function bumpSchemaVer(version: SchemaVer, kind: SchemaChangeKind): SchemaVer {
  switch (kind) {
    case 'MODEL':
      return { model: version.model + 1, revision: 0, addition: 0 };
    case 'REVISION':
      return { model: version.model, revision: version.revision + 1, addition: 0 };
    case 'ADDITION':
      return { model: version.model, revision: version.revision, addition: version.addition + 1 };
  }
}

/**
 * Which kind of step leads from `from` to `to`, when `to` is exactly one step after it (`1-0-2` →
 * `1-0-3` ADDITION, → `1-1-0` REVISION, → `2-0-0` MODEL); undefined for anything else (a skipped
 * number, a step back, lower parts not reset).
 */
export function stepBetween(from: SchemaVer, to: SchemaVer): SchemaChangeKind | undefined {
  for (const kind of SCHEMA_CHANGE_KINDS) {
    const next = bumpSchemaVer(from, kind);
    if (next.model === to.model && next.revision === to.revision && next.addition === to.addition) return kind;
  }
  return undefined;
}

/** Whether a step of kind `labelled` is enough for a change of kind `needed` (a bigger step always is). */
export function stepCovers(labelled: SchemaChangeKind, needed: SchemaChangeKind): boolean {
  return SCHEMA_CHANGE_KINDS.indexOf(labelled) >= SCHEMA_CHANGE_KINDS.indexOf(needed);
}

export function compareSchemaVer(a: SchemaVer, b: SchemaVer): number {
  return a.model - b.model || a.revision - b.revision || a.addition - b.addition;
}
