import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import {
  checkFourFifthsRule,
  checkNycLl144BiasAudit,
  computeFairnessReport,
  fetchFairnessReport,
  fetchGroupCounts,
  type FairnessReport,
  type GroupCountsQueryInput,
  type GroupFairness,
} from '../src/index';
import { type DecisionsDatabase, expectWithin, insertDecisions, startDecisionsDatabase } from './decisions.test-helpers';
import {
  ADULT_FAVORABLE,
  ADULT_TEST_START,
  AGE_25_OR_UNDER,
  AGE_OVER_25,
  GERMAN_FAVORABLE,
  GERMAN_START,
  NON_WHITE,
  loadAdultDecisions,
  loadGermanDecisions,
} from './fairness-datasets.loader';

// Figures from test/fixtures/datasets/fairness/README.md (computed independently from the same files).
const ADULT = '00000000-0000-4000-8000-0000000ad017';
const GERMAN = '00000000-0000-4000-8000-000000009e01';

function group(report: FairnessReport, value: string): GroupFairness {
  const g = report.groups.find((x) => x.group.length === 1 && x.group[0].value === value);
  if (!g) throw new Error(`no group ${value} in ${report.groups.map((x) => x.label).join('; ')}`);
  return g;
}

describe.each(databaseKinds())('fairness metrics on the shared datasets (%s)', (kind: DatabaseKind) => {
  let db: DecisionsDatabase;
  const adultRows = loadAdultDecisions(ADULT);
  const germanRows = loadGermanDecisions(GERMAN);

  beforeAll(async () => {
    db = await startDecisionsDatabase(kind);
    await insertDecisions(db.client, adultRows);
    await insertDecisions(db.client, germanRows);
  });
  afterAll(async () => {
    await db?.stop();
  });

  const adultInput = (attributes: string[]): GroupCountsQueryInput => ({
    modelVersionId: ADULT,
    attributes,
    favorableOutcome: ADULT_FAVORABLE,
    positiveOutcome: ADULT_FAVORABLE,
    positiveGroundTruth: ADULT_FAVORABLE,
  });
  const germanInput = (attributes: string[]): GroupCountsQueryInput => ({
    modelVersionId: GERMAN,
    attributes,
    favorableOutcome: GERMAN_FAVORABLE,
    positiveOutcome: GERMAN_FAVORABLE,
    positiveGroundTruth: GERMAN_FAVORABLE,
  });
  const report = (input: GroupCountsQueryInput): Promise<FairnessReport> => fetchFairnessReport(db.run, input);

  it('the preprocessing yields the README row counts', async () => {
    expect(adultRows).toHaveLength(45_222);
    expect(germanRows).toHaveLength(1_000);
    const rows = await db.run('SELECT model_version_id::text AS m, count(*)::int AS n FROM decisions GROUP BY 1 ORDER BY 1', []);
    expect(new Map(rows.map((r) => [r.m, r.n]))).toEqual(
      new Map([
        [ADULT, 45_222],
        [GERMAN, 1_000],
      ]),
    );
  });

  it('Adult by sex: n 30,527 / 14,695, favorable rates 0.312477 / 0.113576, DI 0.363470, SPD −0.198901, overall 0.247844', async () => {
    const r = await report(adultInput(['sex']));
    const male = group(r, 'Male');
    const female = group(r, 'Female');
    expect(r.groups).toHaveLength(2);
    expect(r.conventions.referenceGroup).toMatchObject({ label: 'sex=Male', chosenBy: 'HIGHEST_FAVORABLE_RATE' });
    expect([male.n, female.n]).toEqual([30_527, 14_695]);
    expectWithin(male.selectionRate, 0.312477);
    expectWithin(female.selectionRate, 0.113576);
    expectWithin(female.disparateImpact, 0.36347);
    expectWithin(female.statisticalParityDifference, -0.198901);
    expectWithin(r.summary.overallSelectionRate, 0.247844);
    expectWithin(r.summary.demographicParityDifference, 0.198901);
    expectWithin(r.summary.demographicParityRatio, 0.36347);
    expect(r.totals.n).toBe(45_222);
    // The label is its own ground truth: a perfect "model".
    for (const g of r.groups) {
      expect(g.truePositiveRate).toBe(1);
      expect(g.falsePositiveRate).toBe(0);
      expect(g.labeled).toBe(g.n);
      expect(g.tp).toBe(g.favorable);
    }
    expect(r.summary.equalizedOddsDifference).toBe(0);
    expect(female.equalOpportunityDifference).toBe(0);
    expect(female.averageOddsDifference).toBe(0);
  });

  it('Adult by race (White vs all others): n 38,903 / 6,319, rates 0.262371 / 0.158411, DI 0.603769, SPD −0.103959', async () => {
    const r = await report(adultInput(['race']));
    const white = group(r, 'White');
    const other = group(r, NON_WHITE);
    expect(r.conventions.referenceGroup?.label).toBe('race=White');
    expect([white.n, other.n]).toEqual([38_903, 6_319]);
    expectWithin(white.selectionRate, 0.262371);
    expectWithin(other.selectionRate, 0.158411);
    expectWithin(other.disparateImpact, 0.603769);
    expectWithin(other.statisticalParityDifference, -0.103959);
  });

  it('German credit by age (> 25 privileged): n 810 / 190, rates 0.728395 / 0.578947, DI 0.794826, SPD −0.149448', async () => {
    const r = await report(germanInput(['age_group']));
    const older = group(r, AGE_OVER_25);
    const younger = group(r, AGE_25_OR_UNDER);
    expect(r.conventions.referenceGroup?.label).toBe(`age_group=${AGE_OVER_25}`);
    expect([older.n, younger.n]).toEqual([810, 190]);
    expectWithin(older.selectionRate, 0.728395);
    expectWithin(younger.selectionRate, 0.578947);
    expectWithin(younger.disparateImpact, 0.794826);
    expectWithin(younger.statisticalParityDifference, -0.149448);
  });

  it('German credit by sex: n 690 / 310, rates 0.723188 / 0.648387, DI 0.896567, SPD −0.074801', async () => {
    const r = await report(germanInput(['sex']));
    const male = group(r, 'male');
    const female = group(r, 'female');
    expect([male.n, female.n]).toEqual([690, 310]);
    expectWithin(male.selectionRate, 0.723188);
    expectWithin(female.selectionRate, 0.648387);
    expectWithin(female.disparateImpact, 0.896567);
    expectWithin(female.statisticalParityDifference, -0.074801);
  });

  it('a given reference group flips the comparison (AIF360 convention, group vs reference)', async () => {
    const r = await report(germanInput(['sex']));
    const flipped = await fetchFairnessReport(db.run, { ...germanInput(['sex']), referenceGroup: { sex: 'female' } });
    expect(flipped.conventions.referenceGroup?.chosenBy).toBe('GIVEN');
    expectWithin(group(flipped, 'male').disparateImpact, 1 / (group(r, 'female').disparateImpact ?? Number.NaN), 1e-12);
    expectWithin(group(flipped, 'male').statisticalParityDifference, 0.074801);
  });

  it('filters by [from, to): adult.data alone is 30,162 rows, adult.test 15,060', async () => {
    const train = await fetchGroupCounts(db.run, { ...adultInput(['sex']), from: new Date(Date.UTC(2024, 0, 1)), to: new Date(ADULT_TEST_START) });
    const test = await fetchGroupCounts(db.run, { ...adultInput(['sex']), from: new Date(ADULT_TEST_START), to: new Date(GERMAN_START) });
    const total = (t: typeof train) => t.groups.reduce((s, g) => s + g.n, 0);
    expect(total(train)).toBe(30_162);
    expect(total(test)).toBe(15_060);
    const none = await fetchGroupCounts(db.run, { ...adultInput(['sex']), from: new Date(GERMAN_START) });
    expect(none.groups).toEqual([]);
  });

  it('intersectional groups (sex × race) add up to the single-attribute groups', async () => {
    const both = await fetchGroupCounts(db.run, adultInput(['sex', 'race_detail']));
    const sex = await fetchGroupCounts(db.run, adultInput(['sex']));
    expect(both.groups).toHaveLength(10);
    for (const s of sex.groups) {
      const parts = both.groups.filter((g) => g.values[0] === s.values[0]);
      expect(parts.reduce((acc, g) => acc + g.n, 0)).toBe(s.n);
      expect(parts.reduce((acc, g) => acc + g.favorable, 0)).toBe(s.favorable);
    }
    const r = computeFairnessReport(both, adultInput(['sex', 'race_detail']));
    expect(r.conventions.referenceGroup?.label).toBe('sex=Male, race_detail=Asian-Pac-Islander');
  });

  it('rules on the datasets: four-fifths fails Adult sex and German age, passes German sex; LL144 tables for Adult', async () => {
    const adultSex = checkFourFifthsRule(await fetchGroupCounts(db.run, adultInput(['sex'])));
    expect(adultSex.status).toBe('FAIL');
    expect(adultSex.evidence.failing).toEqual(['sex=Female']);
    const germanAge = checkFourFifthsRule(await fetchGroupCounts(db.run, germanInput(['age_group'])));
    expect(germanAge.status).toBe('FAIL'); // 0.794826 < 0.8
    expect(checkFourFifthsRule(await fetchGroupCounts(db.run, germanInput(['sex']))).status).toBe('PASS'); // 0.896567

    const ll144 = checkNycLl144BiasAudit({
      counts: await fetchGroupCounts(db.run, adultInput(['sex', 'race_detail'])),
      sexAttribute: 'sex',
      raceEthnicityAttribute: 'race_detail',
      excludeCategoriesUnder2Percent: true,
    });
    expect(ll144.status).toBe('WARN');
    const female = ll144.evidence.sex.categories.find((c) => c.label === 'sex=Female');
    expectWithin(female?.impactRatio, 0.36347);
    // Amer-Indian-Eskimo (435) and Other (353) are under 2% of 45,222 decisions (904.44).
    expect(ll144.evidence.exclusion.excluded.filter((e) => e.table === 'raceEthnicity').map((e) => [e.label, e.n])).toEqual([
      ['race_detail=Amer-Indian-Eskimo', 435],
      ['race_detail=Other', 353],
    ]);
    expect(ll144.evidence.raceEthnicity.highest?.label).toBe('race_detail=Asian-Pac-Islander');
  });
});
