import fc from 'fast-check';
import { checkFourFifthsRule, computeFairnessReport, fetchGroupCounts, type GroupCountsQueryInput, type GroupValue } from '../src/index';
import { type ReferenceMetrics, referenceGroups, referenceMetrics } from './brute-force.reference';
import { type DecisionRecord, type DecisionsDatabase, insertDecisions, startDecisionsDatabase } from './decisions.test-helpers';

// Metrics from the SQL counts equal a brute-force JS computation over the same random decisions.
// Each run inserts its rows into PGlite, so the number of runs stays modest.

const MODELS = ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'];
const BASE = Date.UTC(2024, 0, 1);
const LABELS = ['yes', 'no', 'maybe'];
const ABSENT = Symbol('absent');

const attributeValue = fc.oneof(
  fc.constantFrom<unknown>('F', 'M', 'X', "O'Brien", 'é', '', ABSENT, null),
  fc.integer({ min: 0, max: 2 }),
  fc.boolean(),
);

const decisionArb = fc.record({
  model: fc.constantFrom(...MODELS),
  minute: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
  outcome: fc.constantFrom(...LABELS),
  groundTruth: fc.constantFrom('yes', 'no', null),
  sex: attributeValue,
  race: attributeValue,
});

const queryArb = fc.record({
  attributes: fc.constantFrom(['sex'], ['race'], ['sex', 'race'], ['race', 'sex']),
  favorableOutcome: fc.constantFrom(...LABELS),
  positiveOutcome: fc.constantFrom(...LABELS),
  positiveGroundTruth: fc.constantFrom('yes', 'no'),
  from: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  span: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
});

type GeneratedDecision = typeof decisionArb extends fc.Arbitrary<infer T> ? T : never;

function toRecords(decisions: GeneratedDecision[]): DecisionRecord[] {
  return decisions.map((d, i) => {
    const attributes: Record<string, unknown> = {};
    if (d.sex !== ABSENT) attributes['sex'] = d.sex;
    if (d.race !== ABSENT) attributes['race'] = d.race;
    return {
      decisionId: `p-${i}`,
      modelVersionId: d.model,
      occurredAt: d.minute === null ? null : new Date(BASE + d.minute * 60_000),
      outcome: d.outcome,
      groundTruth: d.groundTruth,
      attributes,
    };
  });
}

function compareValues(a: readonly GroupValue[], b: readonly GroupValue[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (a[i] === null) return 1;
    if (b[i] === null) return -1;
    return (a[i] as string) < (b[i] as string) ? -1 : 1;
  }
  return 0;
}

function close(actual: number | null, expected: number | null): void {
  if (expected === null) expect(actual).toBeNull();
  else expect(actual).toBeCloseTo(expected, 12);
}

function spread(rates: Array<number | null>): { diff: number | null; ratio: number | null } {
  const d = rates.filter((r): r is number => r !== null);
  if (d.length === 0) return { diff: null, ratio: null };
  const max = Math.max(...d);
  const min = Math.min(...d);
  return { diff: max - min, ratio: max === 0 ? null : min / max };
}

describe('SQL counts → metrics equal a brute-force reference (PGlite, fast-check)', () => {
  let db: DecisionsDatabase;
  beforeAll(async () => {
    db = await startDecisionsDatabase('pglite');
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('for random small decision sets and queries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(decisionArb, { maxLength: 40 }), queryArb, async (decisions, q) => {
        const rows = toRecords(decisions);
        await db.client.query('TRUNCATE decisions');
        await insertDecisions(db.client, rows);
        const input: GroupCountsQueryInput = {
          modelVersionId: MODELS[0],
          attributes: q.attributes,
          favorableOutcome: q.favorableOutcome,
          positiveOutcome: q.positiveOutcome,
          positiveGroundTruth: q.positiveGroundTruth,
          from: q.from === undefined ? undefined : new Date(BASE + q.from * 60_000),
          to: q.span === undefined ? undefined : new Date(BASE + ((q.from ?? 0) + q.span) * 60_000),
        };
        const table = await fetchGroupCounts(db.run, input);
        const report = computeFairnessReport(table, { ...input, minGroupSize: 5 });

        // Counts: the same groups with the same numbers.
        const expected = referenceGroups(rows, input);
        expect(new Set(table.groups.map((g) => JSON.stringify(g.values)))).toEqual(new Set(expected.keys()));
        const metrics = new Map<string, ReferenceMetrics>();
        for (const [key, g] of expected) metrics.set(key, referenceMetrics(g.rows, input));
        for (const g of table.groups) {
          const m = metrics.get(JSON.stringify(g.values)) as ReferenceMetrics;
          expect({ n: g.n, favorable: g.favorable, predictedPositive: g.predictedPositive, labeled: g.labeled, tp: g.tp, fp: g.fp, tn: g.tn, fn: g.fn }).toEqual({
            n: m.n,
            favorable: m.favorable,
            predictedPositive: m.predictedPositive,
            labeled: m.labeled,
            tp: m.tp,
            fp: m.fp,
            tn: m.tn,
            fn: m.fn,
          });
        }

        // Reference group: highest favorable rate among groups with every value known (else all),
        // ties → larger n → report order.
        const entries = [...expected.entries()].map(([key, g]) => ({ key, values: g.values, m: metrics.get(key) as ReferenceMetrics }));
        const complete = entries.filter((e) => e.values.every((v) => v !== null));
        const pool = (complete.length > 0 ? complete : entries).sort(
          (a, b) => b.m.selectionRate - a.m.selectionRate || b.m.n - a.m.n || compareValues(a.values, b.values),
        );
        const ref = pool[0];
        expect(report.groups.find((g) => g.isReference)?.key ?? null).toBe(ref?.key ?? null);

        for (const row of report.groups) {
          const m = metrics.get(row.key) as ReferenceMetrics;
          close(row.selectionRate, m.selectionRate);
          close(row.truePositiveRate, m.truePositiveRate);
          close(row.falsePositiveRate, m.falsePositiveRate);
          close(row.falseNegativeRate, m.falseNegativeRate);
          close(row.positivePredictiveValue, m.positivePredictiveValue);
          const r = ref.m;
          close(row.disparateImpact, r.selectionRate === 0 ? null : m.selectionRate / r.selectionRate);
          close(row.statisticalParityDifference, m.selectionRate - r.selectionRate);
          close(row.equalOpportunityDifference, m.truePositiveRate === null || r.truePositiveRate === null ? null : m.truePositiveRate - r.truePositiveRate);
          const aod =
            m.truePositiveRate === null || r.truePositiveRate === null || m.falsePositiveRate === null || r.falsePositiveRate === null
              ? null
              : (m.falsePositiveRate - r.falsePositiveRate + (m.truePositiveRate - r.truePositiveRate)) / 2;
          close(row.averageOddsDifference, aod);
          expect(row.smallSample).toBe(m.n < 5);
        }

        // Fairlearn summaries.
        const all = [...metrics.values()];
        const dp = spread(all.map((m) => m.selectionRate));
        const tpr = spread(all.map((m) => m.truePositiveRate));
        const fpr = spread(all.map((m) => m.falsePositiveRate));
        close(report.summary.demographicParityDifference, dp.diff);
        close(report.summary.demographicParityRatio, dp.ratio);
        const eoDiffs = [tpr.diff, fpr.diff].filter((x): x is number => x !== null);
        const eoRatios = [tpr.ratio, fpr.ratio].filter((x): x is number => x !== null);
        close(report.summary.equalizedOddsDifference, eoDiffs.length ? Math.max(...eoDiffs) : null);
        close(report.summary.equalizedOddsRatio, eoRatios.length ? Math.min(...eoRatios) : null);
        expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);

        // The four-fifths rule agrees with a brute-force check on the complete groups (exact: 5·a·n_h < 4·a_h·n).
        const rule = checkFourFifthsRule(table, { minGroupSize: 0 });
        const top = [...complete].sort((a, b) => b.m.selectionRate - a.m.selectionRate)[0];
        if (complete.length >= 2 && top.m.favorable > 0) {
          const failing = complete.some((e) => 5 * e.m.favorable * top.m.n < 4 * top.m.favorable * e.m.n);
          expect(rule.status).toBe(failing ? 'FAIL' : 'PASS');
        } else {
          expect(rule.status).toBe('NOT_APPLICABLE');
        }
      }),
      { numRuns: 25 },
    );
  });
});
