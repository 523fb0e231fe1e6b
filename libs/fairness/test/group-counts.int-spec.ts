import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { computeFairnessReport, fetchGroupCounts, type GroupCountsQueryInput, type GroupFairness } from '../src/index';
import { type DecisionRecord, type DecisionsDatabase, expectWithin, insertDecisions, startDecisionsDatabase } from './decisions.test-helpers';

const MODEL = '11111111-1111-4111-8111-111111111111';
const OTHER_MODEL = '22222222-2222-4222-8222-222222222222';
const FIXTURE_MODEL = '33333333-3333-4333-8333-333333333333';
const FROM = new Date('2024-05-01T00:00:00Z');
const TO = new Date('2024-06-01T00:00:00Z');
const HOSTILE = "x'); DROP TABLE decisions; --";

let seq = 0;
function decision(outcome: string, groundTruth: string | null, attributes: Record<string, unknown>, extra: Partial<DecisionRecord> = {}): DecisionRecord {
  seq++;
  return { decisionId: `d-${seq}`, modelVersionId: MODEL, occurredAt: new Date(FROM.getTime() + seq * 60_000), outcome, groundTruth, attributes, ...extra };
}

// A credit model: outcome approve / deny / review; ground truth repaid / defaulted / unknown (null).
const SYNTHETIC: DecisionRecord[] = [
  decision('approve', 'repaid', { sex: 'F', age: 25 }, { occurredAt: FROM }), // TP (exactly at `from`: inside)
  decision('approve', 'defaulted', { sex: 'F', age: 40 }), // FP
  decision('deny', 'repaid', { sex: 'F', age: 25 }), // FN
  decision('deny', 'defaulted', { sex: 'F', age: 40 }), // TN
  decision('deny', 'repaid', { sex: 'F', age: 40 }), // FN
  decision('approve', null, { sex: 'F', age: 40 }), // unlabeled
  decision('deny', null, { sex: 'F', age: 25 }), // unlabeled
  decision('approve', 'repaid', { sex: 'M', age: 25, [HOSTILE]: 'A' }), // TP
  decision('approve', 'repaid', { sex: 'M', age: 40 }), // TP
  decision('approve', 'defaulted', { sex: 'M', age: 40 }), // FP
  decision('deny', 'defaulted', { sex: 'M', age: 40 }), // TN
  decision('deny', 'defaulted', { sex: 'M', age: 40 }), // TN
  decision('review', 'repaid', { sex: 'M', age: 40 }), // FN (not the positive outcome, not favorable)
  decision('approve', 'repaid', {}), // missing sex and age → TP in the missing group
  decision('deny', null, { sex: null, age: null }), // JSON null = missing
  // Outside the report:
  decision('approve', 'repaid', { sex: 'F', age: 25 }, { modelVersionId: OTHER_MODEL }),
  decision('approve', 'repaid', { sex: 'F', age: 25 }, { occurredAt: new Date(FROM.getTime() - 1) }),
  decision('approve', 'repaid', { sex: 'F', age: 25 }, { occurredAt: TO }), // `to` is exclusive
  decision('approve', 'repaid', { sex: 'F', age: 25 }, { occurredAt: null }),
];

// The Fairlearn user-guide fixture (test/fixtures/datasets/fairness/README.md).
const Y_TRUE = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1];
const Y_PRED = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0];
const GROUP = ['b', 'b', 'a', 'b', 'b', 'c', 'c', 'c', 'a', 'a', 'c', 'a', 'b', 'c', 'c', 'b', 'c', 'c'];
const FIXTURE: DecisionRecord[] = Y_TRUE.map((t, i) => ({
  decisionId: `fixture-${i}`,
  modelVersionId: FIXTURE_MODEL,
  occurredAt: FROM,
  outcome: String(Y_PRED[i]),
  groundTruth: String(t),
  attributes: { group: GROUP[i] },
}));

const INPUT: GroupCountsQueryInput = {
  modelVersionId: MODEL,
  attributes: ['sex'],
  favorableOutcome: 'approve',
  positiveOutcome: 'approve',
  positiveGroundTruth: 'repaid',
  from: FROM,
  to: TO,
};

function byLabel(groups: readonly GroupFairness[], label: string): GroupFairness {
  const g = groups.find((x) => x.label === label);
  if (!g) throw new Error(`no group ${label} in ${groups.map((x) => x.label).join('; ')}`);
  return g;
}

describe.each(databaseKinds())('group counts in SQL (%s)', (kind: DatabaseKind) => {
  let db: DecisionsDatabase;
  beforeAll(async () => {
    db = await startDecisionsDatabase(kind);
    await insertDecisions(db.client, [...SYNTHETIC, ...FIXTURE]);
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('counts the confusion matrix where predictions differ from ground truth (hand-computed)', async () => {
    const table = await fetchGroupCounts(db.run, INPUT);
    expect(table.groups).toEqual([
      { values: ['F'], n: 7, favorable: 3, predictedPositive: 3, labeled: 5, tp: 1, fp: 1, tn: 1, fn: 2 },
      { values: ['M'], n: 6, favorable: 3, predictedPositive: 3, labeled: 6, tp: 2, fp: 1, tn: 2, fn: 1 },
      { values: [null], n: 2, favorable: 1, predictedPositive: 1, labeled: 1, tp: 1, fp: 0, tn: 0, fn: 0 },
    ]);
    const r = computeFairnessReport(table, INPUT);
    const f = byLabel(r.groups, 'sex=F');
    const m = byLabel(r.groups, 'sex=M');
    expect(r.conventions.referenceGroup?.label).toBe('sex=M');
    expectWithin(f.selectionRate, 3 / 7, 1e-12);
    expectWithin(f.truePositiveRate, 1 / 3, 1e-12);
    expectWithin(f.falsePositiveRate, 1 / 2, 1e-12);
    expectWithin(f.falseNegativeRate, 2 / 3, 1e-12);
    expectWithin(f.positivePredictiveValue, 1 / 2, 1e-12);
    expectWithin(m.truePositiveRate, 2 / 3, 1e-12);
    expectWithin(m.falsePositiveRate, 1 / 3, 1e-12);
    expectWithin(f.disparateImpact, 6 / 7, 1e-12);
    expectWithin(f.statisticalParityDifference, -1 / 14, 1e-12);
    expectWithin(f.equalOpportunityDifference, -1 / 3, 1e-12);
    expectWithin(f.averageOddsDifference, -1 / 12, 1e-12);
    const missing = byLabel(r.groups, 'sex=(missing)');
    expect(missing.missingAttributes).toEqual(['sex']);
    expect(r.warnings.join('\n')).toContain('2 decision(s) lack sex');
  });

  it('keeps favorable and positive apart (harmful prediction as the positive class)', async () => {
    const input = { ...INPUT, positiveOutcome: 'deny', positiveGroundTruth: 'defaulted' };
    const table = await fetchGroupCounts(db.run, input);
    expect(table.groups.slice(0, 2)).toEqual([
      { values: ['F'], n: 7, favorable: 3, predictedPositive: 4, labeled: 5, tp: 1, fp: 2, tn: 1, fn: 1 },
      { values: ['M'], n: 6, favorable: 3, predictedPositive: 2, labeled: 6, tp: 2, fp: 0, tn: 3, fn: 1 },
    ]);
    const r = computeFairnessReport(table, input);
    expect(r.conventions.statements[1]).toContain('predicted positive = outcome "deny"; actual positive = ground truth "defaulted"');
    expectWithin(byLabel(r.groups, 'sex=F').predictedPositiveRate, 4 / 7, 1e-12);
  });

  it('forms intersectional groups, with numbers grouped by their JSON text', async () => {
    const table = await fetchGroupCounts(db.run, { ...INPUT, attributes: ['sex', 'age'] });
    expect(table.groups.map((g) => [g.values, g.n])).toEqual([
      [['F', '25'], 3],
      [['F', '40'], 4],
      [['M', '25'], 1],
      [['M', '40'], 5],
      [[null, null], 2],
    ]);
  });

  it('binds attribute names: a hostile name is just a key', async () => {
    const table = await fetchGroupCounts(db.run, { ...INPUT, attributes: [HOSTILE] });
    expect(table.groups.map((g) => [g.values, g.n])).toEqual([
      [['A'], 1],
      [[null], 14],
    ]);
    const still = await db.run('SELECT count(*)::int AS n FROM decisions', []);
    expect(still).toEqual([{ n: SYNTHETIC.length + FIXTURE.length }]);
  });

  it('filters by model version and [from, to); without bounds, rows with no occurred_at count too', async () => {
    const unbounded = await fetchGroupCounts(db.run, { ...INPUT, from: undefined, to: undefined });
    const f = unbounded.groups.find((g) => g.values[0] === 'F');
    expect(f?.n).toBe(7 + 3); // before `from`, at `to`, and without occurred_at
    const other = await fetchGroupCounts(db.run, { ...INPUT, modelVersionId: OTHER_MODEL });
    expect(other.groups.map((g) => [g.values, g.n])).toEqual([[['F'], 1]]);
    const nothing = await fetchGroupCounts(db.run, { ...INPUT, modelVersionId: '44444444-4444-4444-8444-444444444444' });
    expect(nothing.groups).toEqual([]);
  });

  it('reproduces the Fairlearn fixture through SQL', async () => {
    const input: GroupCountsQueryInput = { modelVersionId: FIXTURE_MODEL, attributes: ['group'], favorableOutcome: '1', positiveOutcome: '1', positiveGroundTruth: '1' };
    const table = await fetchGroupCounts(db.run, input);
    expect(table.groups).toEqual([
      { values: ['a'], n: 4, favorable: 3, predictedPositive: 3, labeled: 4, tp: 1, fp: 2, tn: 0, fn: 1 },
      { values: ['b'], n: 6, favorable: 3, predictedPositive: 3, labeled: 6, tp: 3, fp: 0, tn: 1, fn: 2 },
      { values: ['c'], n: 8, favorable: 4, predictedPositive: 4, labeled: 8, tp: 2, fp: 2, tn: 1, fn: 3 },
    ]);
    const r = computeFairnessReport(table, input);
    expect(r.groups.map((g) => g.selectionRate)).toEqual([0.75, 0.5, 0.5]);
    [0.5, 0.6, 0.4].forEach((v, i) => expectWithin(r.groups[i].truePositiveRate, v));
    [1, 0, 0.666667].forEach((v, i) => expectWithin(r.groups[i].falsePositiveRate, v));
    expectWithin(r.summary.demographicParityDifference, 0.25);
    expectWithin(r.summary.demographicParityRatio, 0.666667);
    expectWithin(r.summary.equalizedOddsDifference, 1.0);
    expectWithin(r.summary.equalizedOddsRatio, 0.0);
    expectWithin(r.summary.demographicParityDifferenceToOverall, 0.194444);
    expectWithin(r.summary.demographicParityRatioToOverall, 0.740741);
  });
});
