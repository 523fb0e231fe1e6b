import type { GroupCountsQueryInput, GroupValue } from '../src/index';
import type { DecisionRecord } from './decisions.test-helpers';

// A deliberately naive JS reference: loops over rows (exactly what the lib must NOT do in
// production) so property tests can check the SQL counts and the metrics built on them.

/** What `attributes ->> name` yields for the JSON values the property tests generate. */
export function jsonTextValue(attributes: Record<string, unknown>, name: string): GroupValue {
  if (!Object.prototype.hasOwnProperty.call(attributes, name)) return null;
  const v = attributes[name];
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`the reference does not model ${typeof v} values`);
}

export interface ReferenceGroup {
  values: GroupValue[];
  rows: DecisionRecord[];
}

export function referenceGroups(rows: readonly DecisionRecord[], input: GroupCountsQueryInput): Map<string, ReferenceGroup> {
  const from = input.from === undefined ? null : new Date(input.from).getTime();
  const to = input.to === undefined ? null : new Date(input.to).getTime();
  const groups = new Map<string, ReferenceGroup>();
  for (const row of rows) {
    if (row.modelVersionId !== input.modelVersionId) continue;
    const t = row.occurredAt?.getTime() ?? null;
    if (from !== null && (t === null || t < from)) continue;
    if (to !== null && (t === null || t >= to)) continue;
    const values = input.attributes.map((a) => jsonTextValue(row.attributes, a));
    const key = JSON.stringify(values);
    const g = groups.get(key) ?? { values, rows: [] };
    g.rows.push(row);
    groups.set(key, g);
  }
  return groups;
}

export interface ReferenceMetrics {
  n: number;
  favorable: number;
  predictedPositive: number;
  labeled: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  selectionRate: number;
  truePositiveRate: number | null;
  falsePositiveRate: number | null;
  falseNegativeRate: number | null;
  positivePredictiveValue: number | null;
}

export function referenceMetrics(rows: readonly DecisionRecord[], input: GroupCountsQueryInput): ReferenceMetrics {
  const labeled = rows.filter((r) => r.groundTruth !== null);
  const predPos = (r: DecisionRecord) => r.outcome === input.positiveOutcome;
  const actPos = (r: DecisionRecord) => r.groundTruth === input.positiveGroundTruth;
  const tp = labeled.filter((r) => predPos(r) && actPos(r)).length;
  const fp = labeled.filter((r) => predPos(r) && !actPos(r)).length;
  const tn = labeled.filter((r) => !predPos(r) && !actPos(r)).length;
  const fn = labeled.filter((r) => !predPos(r) && actPos(r)).length;
  const favorable = rows.filter((r) => r.outcome === input.favorableOutcome).length;
  return {
    n: rows.length,
    favorable,
    predictedPositive: rows.filter(predPos).length,
    labeled: labeled.length,
    tp,
    fp,
    tn,
    fn,
    selectionRate: favorable / rows.length,
    truePositiveRate: tp + fn > 0 ? tp / (tp + fn) : null,
    falsePositiveRate: fp + tn > 0 ? fp / (fp + tn) : null,
    falseNegativeRate: tp + fn > 0 ? fn / (tp + fn) : null,
    positivePredictiveValue: tp + fp > 0 ? tp / (tp + fp) : null,
  };
}
