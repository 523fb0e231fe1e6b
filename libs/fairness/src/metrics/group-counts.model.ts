/** One attribute's value in a group; `null` = the decisions lacked the attribute (or held JSON null). */
export type GroupValue = string | null;

/** The counts SQL returns for one group (one combination of the requested attributes' values). */
export interface GroupCounts {
  /** One value per requested attribute, in the order of `GroupCountsTable.attributes`. */
  values: readonly GroupValue[];
  /** Decisions in the group. */
  n: number;
  /** Decisions whose outcome is the favorable outcome (selection-rate numerator). */
  favorable: number;
  /** Decisions whose outcome is the positive outcome (predicted positive), labeled or not. */
  predictedPositive: number;
  /** Decisions with a ground truth; only these enter the confusion matrix (tp + fp + tn + fn). */
  labeled: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Group counts for a set of attributes (several attributes → intersectional groups). */
export interface GroupCountsTable {
  attributes: readonly string[];
  groups: readonly GroupCounts[];
}

/** An attribute/value pair, the readable form of a group. */
export interface GroupMember {
  attribute: string;
  value: GroupValue;
}

/** Shown in labels for a missing value. */
export const MISSING_VALUE_LABEL = '(missing)';

/** An unambiguous identity of a group (JSON of its values), usable as a map key. */
export function groupKey(values: readonly GroupValue[]): string {
  return JSON.stringify(values);
}

/** A human label such as `sex=Female, race=White`; missing values show as `(missing)`. */
export function groupLabel(attributes: readonly string[], values: readonly GroupValue[]): string {
  return attributes.map((a, i) => `${a}=${values[i] ?? MISSING_VALUE_LABEL}`).join(', ');
}

export function groupMembers(attributes: readonly string[], values: readonly GroupValue[]): GroupMember[] {
  return attributes.map((attribute, i) => ({ attribute, value: values[i] ?? null }));
}

/** The attributes a group lacks a value for. */
export function missingAttributes(attributes: readonly string[], values: readonly GroupValue[]): string[] {
  return attributes.filter((_, i) => values[i] === null || values[i] === undefined);
}

/**
 * The order groups are reported in: value by value in attribute order, by UTF-16 code units
 * (locale-independent, so PGlite and PostgreSQL servers with different collations agree), missing last.
 */
export function compareGroupValues(a: readonly GroupValue[], b: readonly GroupValue[]): number {
  const len = Math.max(a.length, b.length);
  for (let i = 0; i < len; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Sums a table's groups over the attributes not kept (e.g. the `sex` table from a `sex × race`
 * table). Works on group counts, never on rows; exact, since every count is additive.
 */
export function marginalizeGroupCounts(table: GroupCountsTable, keep: readonly string[]): GroupCountsTable {
  const positions = keep.map((attribute) => {
    const i = table.attributes.indexOf(attribute);
    if (i < 0) throw new Error(`attribute ${JSON.stringify(attribute)} is not in the table (${JSON.stringify(table.attributes)})`);
    return i;
  });
  const sums = new Map<string, GroupCounts>();
  for (const g of table.groups) {
    const values = positions.map((i) => g.values[i] ?? null);
    const key = groupKey(values);
    const acc = sums.get(key) ?? { values, n: 0, favorable: 0, predictedPositive: 0, labeled: 0, tp: 0, fp: 0, tn: 0, fn: 0 };
    sums.set(key, {
      values,
      n: acc.n + g.n,
      favorable: acc.favorable + g.favorable,
      predictedPositive: acc.predictedPositive + g.predictedPositive,
      labeled: acc.labeled + g.labeled,
      tp: acc.tp + g.tp,
      fp: acc.fp + g.fp,
      tn: acc.tn + g.tn,
      fn: acc.fn + g.fn,
    });
  }
  const groups = [...sums.values()].sort((a, b) => compareGroupValues(a.values, b.values));
  return { attributes: [...keep], groups };
}
