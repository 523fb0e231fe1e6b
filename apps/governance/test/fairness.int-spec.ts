import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DecisionInputDto, type FairnessReportReply, type GroupFairnessDto, type ModelVersionDto, RPC } from '@fulcrum/contracts';
import { type DatabaseKind, FAIRNESS_DATASETS_DIR, databaseKinds } from '@fulcrum/testing';
import { type GovernanceTestEnv, newProjectId, startGovernanceTestEnv } from './governance.test-helpers';

const PROJECT = newProjectId();

const sha = (c: string) => `sha256:${c.repeat(64)}`;
const MISSING_VERSION = '00000000-0000-4000-8000-000000000000';

/**
 * German credit (test/fixtures/datasets/fairness/german.data) as decisions, with the README's
 * preprocessing: column 9 = personal status and sex (A91/A93/A94 male, A92/A95 female), column 13
 * = age (privileged: > 25), column 21 = label (1 good = favorable, 2 bad). Outcome = ground truth = label.
 */
function germanDecisions(): DecisionInputDto[] {
  const male = new Set(['A91', 'A93', 'A94']);
  const female = new Set(['A92', 'A95']);
  const rows: DecisionInputDto[] = [];
  readFileSync(join(FAIRNESS_DATASETS_DIR, 'german.data'), 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const cols = line.trim().split(/\s+/);
      if (cols.length !== 21) throw new Error(`german.data:${i + 1}: ${cols.length} columns`);
      const sex = male.has(cols[8]) ? 'male' : female.has(cols[8]) ? 'female' : null;
      if (sex === null) throw new Error(`german.data:${i + 1}: personal status ${cols[8]}`);
      rows.push({
        decisionId: `german-${i + 1}`,
        subjectRef: `applicant-${i + 1}`,
        occurredAt: new Date(Date.UTC(2024, 2, 1) + rows.length * 60_000).toISOString(),
        purpose: 'credit',
        outcome: cols[20],
        groundTruth: cols[20],
        attributes: { sex, age_group: Number(cols[12]) > 25 ? 'over 25' : '25 or under', age: Number(cols[12]) },
      });
    });
  return rows;
}

function expectClose(actual: number | null | undefined, expected: number, tolerance = 1e-6): void {
  expect(typeof actual).toBe('number');
  if (Math.abs((actual as number) - expected) > tolerance) throw new Error(`expected ${expected} ± ${tolerance}, got ${actual}`);
}

function group(report: FairnessReportReply, value: string): GroupFairnessDto {
  const g = report.groups.find((x) => x.group.length === 1 && x.group[0].value === value);
  if (!g) throw new Error(`no group ${value}: ${report.groups.map((x) => x.label).join('; ')}`);
  return g;
}

describe.each(databaseKinds())('fairness report on %s (real nats-server)', (kind: DatabaseKind) => {
  let env: GovernanceTestEnv;

  async function registerVersion(name: string): Promise<ModelVersionDto> {
    const { model } = await env.rpc.request(RPC.governanceModelsRegister, { projectId: PROJECT, name, description: '', owner: 'o', riskLevel: 'HIGH' });
    return (
      await env.rpc.request(RPC.governanceModelVersionsRegister, {
        projectId: PROJECT,
        modelId: model.id,
        artifactDigest: sha('c'),
        trainingDataset: { name, version: '1', contentHash: sha('d'), rows: 1, source: 'test' },
        features: [],
        purposes: ['credit'],
        legalBasis: 'CONTRACT',
        solelyAutomatedSignificantDecisions: false,
        humanReviewAvailable: true,
        retentionDays: 365,
      })
    ).version;
  }

  beforeAll(async () => {
    env = await startGovernanceTestEnv(kind);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('reproduces the README figures of German credit loaded through recordDecisions in chunks', async () => {
    const version = await registerVersion('German credit');
    const rows = germanDecisions();
    expect(rows).toHaveLength(1_000);
    for (let start = 0; start < rows.length; start += 250) {
      const reply = await env.rpc.request(RPC.governanceDecisionsRecord, { projectId: PROJECT, modelVersionId: version.id, decisions: rows.slice(start, start + 250) });
      expect(reply).toMatchObject({ accepted: 250, rejected: [] });
    }
    const report = (attribute: string) =>
      env.rpc.request(RPC.governanceFairnessReportGet, { projectId: PROJECT, modelVersionId: version.id, attributes: [attribute], favorableOutcome: '1', positiveOutcome: '1', positiveGroundTruth: '1' });

    const byAge = await report('age_group');
    const over = group(byAge, 'over 25');
    const under = group(byAge, '25 or under');
    expect([over.n, under.n]).toEqual([810, 190]);
    expectClose(over.selectionRate, 0.728395);
    expectClose(under.selectionRate, 0.578947);
    expect(byAge.referenceGroup).toEqual({ group: [{ attribute: 'age_group', value: 'over 25' }], label: 'age_group=over 25', chosenBy: 'HIGHEST_FAVORABLE_RATE' });
    expect(over.isReference).toBe(true);
    expectClose(under.disparateImpact, 0.794826);
    expectClose(under.statisticalParityDifference, -0.149448);
    expect(byAge.totals).toEqual({ n: 1_000, favorable: 700, labeled: 1_000, groups: 2 });
    expect(byAge.conventions.join(' ')).toContain('Favorable outcome: outcome = "1"');

    const bySex = await report('sex');
    expect([group(bySex, 'male').n, group(bySex, 'female').n]).toEqual([690, 310]);
    expectClose(group(bySex, 'male').selectionRate, 0.723188);
    expectClose(group(bySex, 'female').selectionRate, 0.648387);
    expectClose(group(bySex, 'female').disparateImpact, 0.896567);
    expectClose(group(bySex, 'female').statisticalParityDifference, -0.074801);
    expectClose(bySex.summary.demographicParityRatio, 0.896567);
    // Outcome = ground truth here: a perfect classifier, so TPR 1 and FPR 0 in every group.
    expect(bySex.groups.map((g) => [g.truePositiveRate, g.falsePositiveRate])).toEqual([
      [1, 0],
      [1, 0],
    ]);

    // [from, to) on occurredAt: the first 100 decisions only.
    const first100 = await env.rpc.request(RPC.governanceFairnessReportGet, {
      projectId: PROJECT,
      modelVersionId: version.id,
      attributes: ['sex'],
      favorableOutcome: '1',
      positiveOutcome: '1',
      positiveGroundTruth: '1',
      from: '2024-03-01T00:00:00Z',
      to: new Date(Date.UTC(2024, 2, 1) + 100 * 60_000).toISOString(),
    });
    expect(first100.totals.n).toBe(100);
    // Intersectional groups and a given reference group.
    const both = await env.rpc.request(RPC.governanceFairnessReportGet, {
      projectId: PROJECT,
      modelVersionId: version.id,
      attributes: ['sex', 'age_group'],
      favorableOutcome: '1',
      positiveOutcome: '1',
      positiveGroundTruth: '1',
      referenceGroup: { sex: 'female', age_group: '25 or under' },
    });
    expect(both.groups).toHaveLength(4);
    expect(both.groups.reduce((s, g) => s + g.n, 0)).toBe(1_000);
    expect(both.referenceGroup).toMatchObject({ label: 'sex=female, age_group=25 or under', chosenBy: 'GIVEN' });
  });

  it('computes error-rate metrics from outcomes recorded later (the Fairlearn fixture)', async () => {
    const version = await registerVersion('Fairlearn fixture');
    const yTrue = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1];
    const yPred = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0];
    const groups = ['b', 'b', 'a', 'b', 'b', 'c', 'c', 'c', 'a', 'a', 'c', 'a', 'b', 'c', 'c', 'b', 'c', 'c'];
    const decisions = yPred.map((p, i) => ({
      decisionId: `fl-${i}`,
      subjectRef: `s-${i}`,
      occurredAt: '2025-01-01T00:00:00Z',
      purpose: 'credit',
      outcome: String(p),
      attributes: { group: groups[i] },
    }));
    await env.rpc.request(RPC.governanceDecisionsRecord, { projectId: PROJECT, modelVersionId: version.id, decisions });
    const request = { projectId: PROJECT, modelVersionId: version.id, attributes: ['group'], favorableOutcome: '1', positiveOutcome: '1', positiveGroundTruth: '1' };
    const unlabeled = await env.rpc.request(RPC.governanceFairnessReportGet, request);
    expect(unlabeled.groups.map((g) => g.truePositiveRate)).toEqual([null, null, null]);
    expect(unlabeled.warnings.join(' ')).toContain('No decision has a ground truth');

    const outcomes = await env.rpc.request(RPC.governanceOutcomesRecord, {
      projectId: PROJECT,
      modelVersionId: version.id,
      outcomes: yTrue.map((t, i) => ({ decisionId: `fl-${i}`, groundTruth: String(t) })),
    });
    expect(outcomes).toMatchObject({ updated: 18, rejected: [] });
    const report = await env.rpc.request(RPC.governanceFairnessReportGet, request);
    expect(report.groups.map((g) => [g.label, g.n, g.favorable, g.tp, g.fp, g.tn, g.fn])).toEqual([
      ['group=a', 4, 3, 1, 2, 0, 1],
      ['group=b', 6, 3, 3, 0, 1, 2],
      ['group=c', 8, 4, 2, 2, 1, 3],
    ]);
    expect(report.groups.map((g) => g.selectionRate)).toEqual([0.75, 0.5, 0.5]);
    expect(report.groups.map((g) => g.truePositiveRate)).toEqual([0.5, 0.6, 0.4]);
    expectClose(report.groups[2].falsePositiveRate, 2 / 3);
    expectClose(report.summary.demographicParityDifference, 0.25);
    expectClose(report.summary.demographicParityRatio, 2 / 3);
    expectClose(report.summary.equalizedOddsDifference, 1);
    expectClose(report.summary.equalizedOddsRatio, 0);
    expectClose(report.groups[1].averageOddsDifference, -0.45);
    expect(report.groups.every((g) => g.smallSample)).toBe(true);
    expect(report.minGroupSize).toBe(30);
  });

  it('codes an unknown version and invalid inputs', async () => {
    const base = { projectId: PROJECT, attributes: ['sex'], favorableOutcome: '1', positiveOutcome: '1', positiveGroundTruth: '1' };
    await expect(env.rpc.request(RPC.governanceFairnessReportGet, { ...base, modelVersionId: MISSING_VERSION })).rejects.toMatchObject({ code: 'MODEL_VERSION_NOT_FOUND' });
    const version = await registerVersion('Empty');
    await expect(
      env.rpc.request(RPC.governanceFairnessReportGet, { ...base, modelVersionId: version.id, from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(env.rpc.request(RPC.governanceFairnessReportGet, { ...base, modelVersionId: version.id, attributes: [] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const empty = await env.rpc.request(RPC.governanceFairnessReportGet, { ...base, modelVersionId: version.id });
    expect(empty).toMatchObject({ groups: [], referenceGroup: null, totals: { n: 0, favorable: 0, labeled: 0, groups: 0 } });
  });
});
