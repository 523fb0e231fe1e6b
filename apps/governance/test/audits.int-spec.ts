import {
  type AuditDto,
  type DecisionInputDto,
  type FindingDto,
  type ModelVersionDto,
  PRODUCTION_ALIAS,
  RPC,
  type RegisterModelVersionRequest,
  type RiskLevel,
} from '@fulcrum/contracts';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { AuditGate } from '../src/audits/audit-gate.port';
import { ACTORS, type GovernanceTestEnv, allPages, as, newProjectId, startGovernanceTestEnv, trailEntry } from './governance.test-helpers';

const sha = (c: string) => `sha256:${c.repeat(64)}`;
const PROJECT = newProjectId();
const MISSING_VERSION = '00000000-0000-4000-8000-000000000000';
const DAY = 86_400_000;

interface Cell {
  sex?: string;
  race?: string;
  n: number;
  favorable: number;
}

/** `n` decisions per cell, `favorable` of them 'advance' (the rest 'reject'), one every `stepMs` before `end`. */
function decisions(prefix: string, cells: Cell[], end: Date, patch: Partial<DecisionInputDto> = {}, stepMs = 1_000): DecisionInputDto[] {
  const out: DecisionInputDto[] = [];
  for (const [c, cell] of cells.entries()) {
    for (let i = 0; i < cell.n; i++) {
      const attributes: Record<string, string> = {};
      if (cell.sex) attributes['sex'] = cell.sex;
      if (cell.race) attributes['race'] = cell.race;
      out.push({
        decisionId: `${prefix}-${c}-${i}`,
        subjectRef: `${prefix}-subject-${c}-${i}`,
        occurredAt: new Date(end.getTime() - stepMs - out.length * stepMs).toISOString(),
        purpose: 'hiring',
        outcome: i < cell.favorable ? 'advance' : 'reject',
        attributes,
        ...patch,
      });
    }
  }
  return out;
}

const BALANCED: Cell[] = [
  { sex: 'Female', race: 'Asian', n: 40, favorable: 20 },
  { sex: 'Female', race: 'White', n: 40, favorable: 21 },
  { sex: 'Male', race: 'Asian', n: 40, favorable: 22 },
  { sex: 'Male', race: 'White', n: 40, favorable: 20 },
];

function finding(audit: AuditDto, ruleId: string): FindingDto {
  const f = audit.findings.find((x) => x.ruleId === ruleId);
  if (!f) throw new Error(`no finding ${ruleId} in ${audit.findings.map((x) => x.ruleId).join(', ')}`);
  return f;
}

describe.each(databaseKinds())('rules and audits on %s (real nats-server)', (kind: DatabaseKind) => {
  let env: GovernanceTestEnv;
  let models = 0;

  async function registerVersion(riskLevel: RiskLevel, overrides: Partial<RegisterModelVersionRequest> = {}): Promise<ModelVersionDto> {
    const { model } = await env.rpc.request(RPC.governanceModelsRegister, { projectId: PROJECT, name: `Model ${++models}`, description: '', owner: 'hr', riskLevel });
    return (
      await env.rpc.request(RPC.governanceModelVersionsRegister, {
        projectId: PROJECT,
        modelId: model.id,
        artifactDigest: sha('e'),
        trainingDataset: { name: 'cv', version: '1', contentHash: sha('f'), rows: 1, source: 'test' },
        features: [{ name: 'experience', sensitivity: 'PERSONAL' }],
        purposes: ['hiring'],
        legalBasis: 'LEGITIMATE_INTERESTS',
        solelyAutomatedSignificantDecisions: false,
        humanReviewAvailable: true,
        retentionDays: 365,
        ...overrides,
      })
    ).version;
  }

  async function record(version: ModelVersionDto, rows: DecisionInputDto[]): Promise<void> {
    const reply = await env.rpc.request(RPC.governanceDecisionsRecord, { projectId: PROJECT, modelVersionId: version.id, decisions: rows });
    expect(reply).toMatchObject({ accepted: rows.length, rejected: [] });
  }

  const run = (version: ModelVersionDto, rules: string[] | null, from = new Date(Date.now() - 30 * DAY), to = new Date(Date.now() + 60_000)) =>
    env.rpc
      .request(RPC.governanceAuditsRun, { projectId: PROJECT, modelVersionId: version.id, from: from.toISOString(), to: to.toISOString(), rules }, as(ACTORS.cleo))
      .then((r) => r.audit);
  const listAudits = (modelVersionId: string | null) =>
    allPages((after) => env.rpc.request(RPC.governanceAuditsList, { projectId: PROJECT, modelVersionId, first: 2, ...(after && { after }) }));

  const status = async (version: ModelVersionDto, ruleId: string, from?: Date, to?: Date): Promise<FindingDto> => finding(await run(version, [ruleId], from, to), ruleId);

  beforeAll(async () => {
    env = await startGovernanceTestEnv(kind);
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('lists the rule catalog with citations and checks', async () => {
    const { rules } = await env.rpc.request(RPC.governanceRulesList, {});
    expect(rules.map((r) => r.id)).toEqual([
      'eeoc-four-fifths',
      'nyc-ll144-bias-audit',
      'nyc-ll144-audit-recency',
      'gdpr-art-9',
      'gdpr-art-22',
      'gdpr-art-5-1-b',
      'gdpr-art-5-1-e',
      'eu-ai-act-art-12',
      'eu-ai-act-art-19',
    ]);
    expect(rules.find((r) => r.id === 'eeoc-four-fifths')?.citation).toContain('29 CFR 1607.4(D)');
    expect(rules.find((r) => r.id === 'nyc-ll144-bias-audit')?.citation).toContain('5-301');
    expect(rules.find((r) => r.id === 'gdpr-art-22')?.citation).toContain('Art. 22(1)');
    expect(rules.find((r) => r.id === 'eu-ai-act-art-19')?.citation).toContain('Art. 19');
    for (const r of rules) expect(r.checks.length).toBeGreaterThan(40);
  });

  it('four-fifths and the LL144 bias audit: PASS on balanced rates, FAIL / WARN on a skewed one, FAIL without race, N/A without a favorable label', async () => {
    const now = new Date();
    const fair = await registerVersion('LIMITED');
    await record(fair, decisions('ff', BALANCED, now));
    expect((await status(fair, 'eeoc-four-fifths')).status).toBe('PASS');
    const bias = await status(fair, 'nyc-ll144-bias-audit');
    expect(bias.status).toBe('PASS');
    expect(bias.evidence).toMatchObject({ favorableOutcome: 'advance', sexAttribute: 'sex', raceEthnicityAttribute: 'race', intersectional: { categories: expect.any(Array) } });
    expect((bias.evidence['intersectional'] as { categories: unknown[] }).categories).toHaveLength(4);

    const skewed = await registerVersion('LIMITED');
    await record(skewed, decisions('sk', [{ sex: 'Female', race: 'Asian', n: 40, favorable: 8 }, { sex: 'Male', race: 'Asian', n: 40, favorable: 24 }], now));
    const ff = await status(skewed, 'eeoc-four-fifths');
    expect(ff.status).toBe('FAIL');
    expect(ff.evidence).toMatchObject({ perAttribute: [{ attribute: 'sex', status: 'FAIL', evidence: { failing: ['sex=Female'] } }, { attribute: 'race', status: 'NOT_APPLICABLE' }] });
    expect(ff.summary).toContain('sex=Female 0.3333');
    expect((await status(skewed, 'nyc-ll144-bias-audit')).status).toBe('WARN');

    const sexOnly = await registerVersion('LIMITED');
    await record(sexOnly, decisions('so', [{ sex: 'Female', n: 30, favorable: 15 }, { sex: 'Male', n: 30, favorable: 15 }], now));
    const noRace = await status(sexOnly, 'nyc-ll144-bias-audit');
    expect(noRace.status).toBe('FAIL');
    expect(noRace.evidence).toMatchObject({ raceEthnicity: { status: 'FAIL' }, sex: { status: 'PASS' } });

    const numeric = await registerVersion('LIMITED');
    await record(numeric, decisions('nu', BALANCED, now).map((d) => ({ ...d, outcome: d.outcome === 'advance' ? '1' : '0' })));
    const na = await status(numeric, 'eeoc-four-fifths');
    expect(na.status).toBe('NOT_APPLICABLE');
    expect(na.evidence).toMatchObject({ favorableOutcome: null, outcomesSeen: [{ outcome: '1', n: 83 }, { outcome: '0', n: 77 }] });
    // The auditor names the favorable label: the rule runs (BALANCED passes) and says on what basis.
    const given = (
      await env.rpc.request(RPC.governanceAuditsRun, {
        projectId: PROJECT,
        modelVersionId: numeric.id,
        from: new Date(Date.now() - 30 * DAY).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
        rules: ['eeoc-four-fifths'],
        favorableOutcome: '1',
      })
    ).audit;
    expect(finding(given, 'eeoc-four-fifths')).toMatchObject({ status: 'PASS', evidence: { favorableOutcome: '1', favorableOutcomeBasis: expect.stringMatching(/given by the auditor/) } });

    const noAttributes = await registerVersion('LIMITED');
    await record(noAttributes, decisions('na', [{ n: 10, favorable: 5 }], now));
    expect((await status(noAttributes, 'eeoc-four-fifths')).status).toBe('NOT_APPLICABLE');
    expect((await status(noAttributes, 'nyc-ll144-bias-audit')).status).toBe('NOT_APPLICABLE');
    expect((await status(noAttributes, 'nyc-ll144-audit-recency')).status).toBe('NOT_APPLICABLE');
  });

  it('LL144: the optional exclusion of categories under 2% changes the ratios and is disclosed', async () => {
    const version = await registerVersion('LIMITED');
    const tiny: Cell = { sex: 'Female', race: 'Other', n: 2, favorable: 0 };
    await record(version, decisions('ex', [...BALANCED, tiny], new Date()));
    const runLl144 = (exclusion: { justification?: string | null } | null) =>
      env.rpc
        .request(RPC.governanceAuditsRun, {
          projectId: PROJECT,
          modelVersionId: version.id,
          from: new Date(Date.now() - 30 * DAY).toISOString(),
          to: new Date(Date.now() + 60_000).toISOString(),
          rules: ['nyc-ll144-bias-audit'],
          ll144ExcludeUnder2Percent: exclusion,
        })
        .then((r) => finding(r.audit, 'nyc-ll144-bias-audit'));
    // Included, race "Other" (0 of 2 selected) has impact ratio 0: flagged.
    const included = await runLl144(null);
    expect(included.status).toBe('WARN');
    expect(included.evidence).toMatchObject({ exclusion: { applied: false, excluded: [] } });
    // Excluded (2 of 162 decisions = 1.2% < 2%): every remaining ratio is ≥ 0.8, and the exclusion is disclosed.
    const excluded = await runLl144({ justification: 'pilot category, too small to compare' });
    expect(excluded.status).toBe('PASS');
    expect(excluded.evidence).toMatchObject({ exclusion: { applied: true, justification: 'pilot category, too small to compare' } });
    const disclosed = (excluded.evidence as { exclusion: { excluded: Array<{ n: number }> } }).exclusion.excluded;
    expect(disclosed.length).toBeGreaterThanOrEqual(2); // race "Other" and the intersection Female × Other
    for (const d of disclosed) expect(d.n).toBe(2);
  });

  it('audit recency: FAIL for uses before any bias audit, PASS for uses within a year after one', async () => {
    const version = await registerVersion('LIMITED');
    await record(version, decisions('rc-old', BALANCED, new Date()));
    const first = await run(version, ['nyc-ll144-bias-audit', 'nyc-ll144-audit-recency']);
    expect(finding(first, 'nyc-ll144-bias-audit').status).toBe('PASS');
    const stale = finding(first, 'nyc-ll144-audit-recency');
    expect(stale.status).toBe('FAIL');
    expect(stale.evidence).toMatchObject({ uncoveredDecisions: 160, biasAuditsConsidered: [] });
    expect(first.outcome).toBe('FAILED');

    // Uses after that audit are covered by it.
    await new Promise((r) => setTimeout(r, 20));
    const later = new Date(Date.now() + 5_000);
    await record(version, decisions('rc-new', BALANCED, later, {}, 10));
    const from = new Date(first.ranAt);
    const second = await run(version, ['nyc-ll144-audit-recency'], from, new Date(later.getTime() + 1_000));
    const fresh = finding(second, 'nyc-ll144-audit-recency');
    expect(fresh.status).toBe('PASS');
    expect(fresh.evidence).toMatchObject({ decisionsInRange: 160, uncoveredDecisions: 0, biasAuditsConsidered: [first.ranAt], latestUseCheck: { status: 'PASS' } });
    expect(second.outcome).toBe('PASSED');
    // The older uses stay uncovered.
    expect((await status(version, 'nyc-ll144-audit-recency', new Date(Date.now() - DAY), from)).status).toBe('FAIL');
  });

  it('GDPR Art. 9 and Art. 22 and AI Act Art. 19 follow the registry', async () => {
    const special = await registerVersion('LIMITED', { features: [{ name: 'disability', sensitivity: 'SPECIAL_CATEGORY' }] });
    expect(await status(special, 'gdpr-art-9')).toMatchObject({ status: 'FAIL', evidence: { specialCategoryFeatures: ['disability'] } });
    const grounded = await registerVersion('LIMITED', { features: [{ name: 'disability', sensitivity: 'SPECIAL_CATEGORY' }], specialCategoryGround: 'EMPLOYMENT_SOCIAL_SECURITY' });
    expect((await status(grounded, 'gdpr-art-9')).status).toBe('PASS');
    const plain = await registerVersion('LIMITED');
    expect((await status(plain, 'gdpr-art-9')).status).toBe('NOT_APPLICABLE');
    await record(plain, decisions('a9', [{ sex: 'Female', race: 'Black', n: 3, favorable: 1 }], new Date()));
    expect((await status(plain, 'gdpr-art-9')).status).toBe('WARN');

    const automated = await registerVersion('HIGH', { solelyAutomatedSignificantDecisions: true, humanReviewAvailable: false, automatedDecisionBasis: 'CONTRACT_NECESSITY' });
    expect(await status(automated, 'gdpr-art-22')).toMatchObject({ status: 'FAIL', evidence: { humanReviewAvailable: false } });
    const noBasis = await registerVersion('HIGH', { solelyAutomatedSignificantDecisions: true, humanReviewAvailable: true });
    expect((await status(noBasis, 'gdpr-art-22')).status).toBe('FAIL');
    const reviewed = await registerVersion('HIGH', { solelyAutomatedSignificantDecisions: true, humanReviewAvailable: true, automatedDecisionBasis: 'EXPLICIT_CONSENT' });
    expect((await status(reviewed, 'gdpr-art-22')).status).toBe('PASS');
    expect((await status(plain, 'gdpr-art-22')).status).toBe('NOT_APPLICABLE');

    const shortLogs = await registerVersion('HIGH', { retentionDays: 182 });
    expect(await status(shortLogs, 'eu-ai-act-art-19')).toMatchObject({ status: 'FAIL', evidence: { retentionDays: 182, minimumDays: 183 } });
    expect((await status(await registerVersion('HIGH', { retentionDays: 183 }), 'eu-ai-act-art-19')).status).toBe('PASS');
    expect((await status(await registerVersion('MINIMAL', { retentionDays: 10 }), 'eu-ai-act-art-19')).status).toBe('NOT_APPLICABLE');
  });

  it('purpose limitation, storage limitation (fixed by erasure) and record-keeping over the decisions in range', async () => {
    const version = await registerVersion('HIGH', { retentionDays: 30, purposes: ['hiring', 'internal-mobility'] });
    const now = new Date();
    await record(version, decisions('pl', [{ sex: 'Female', n: 4, favorable: 2 }], now));
    expect((await status(version, 'gdpr-art-5-1-b')).status).toBe('PASS');
    expect((await status(version, 'gdpr-art-5-1-e')).status).toBe('PASS');
    expect((await status(version, 'eu-ai-act-art-12')).status).toBe('PASS');

    await record(version, decisions('pl-mkt', [{ sex: 'Male', n: 3, favorable: 1 }], now, { purpose: 'marketing' }));
    const purpose = await status(version, 'gdpr-art-5-1-b');
    expect(purpose).toMatchObject({
      status: 'FAIL',
      evidence: { decisionsExamined: 7, undeclaredDecisions: 3, undeclaredPurposes: [{ purpose: 'marketing', n: 3, sampleDecisionIds: ['pl-mkt-0-2', 'pl-mkt-0-1', 'pl-mkt-0-0'] }] },
    });

    // 40 days old with a 30-day retention: still stored with personal data.
    const old = decisions('pl-old', [{ sex: 'Female', n: 2, favorable: 1 }], new Date(now.getTime() - 40 * DAY), { subjectRef: 'pseudo-old' });
    await record(version, old);
    const storage = await status(version, 'gdpr-art-5-1-e', new Date(now.getTime() - 60 * DAY));
    expect(storage).toMatchObject({ status: 'FAIL', evidence: { overdueDecisions: 2, retentionDays: 30, sampleDecisionIds: ['pl-old-0-1', 'pl-old-0-0'] } });
    await env.rpc.request(RPC.governanceDecisionSubjectErase, { projectId: PROJECT, subjectRef: 'pseudo-old', reason: 'retention' });
    expect((await status(version, 'gdpr-art-5-1-e', new Date(now.getTime() - 60 * DAY))).status).toBe('PASS');

    // Record-keeping: an incomplete row (written around the service, as a legacy import would) fails Art. 12.
    await env.dataSource().query(`UPDATE decisions SET purpose = NULL WHERE decision_id = 'pl-0-0'`);
    expect(await status(version, 'eu-ai-act-art-12')).toMatchObject({ status: 'FAIL', evidence: { incompleteDecisions: 1, missingByField: { purpose: 1 }, sampleDecisionIds: ['pl-0-0'] } });
    // Erased subjects are not "missing" a subjectRef.
    expect((await status(version, 'eu-ai-act-art-12', new Date(now.getTime() - 60 * DAY), new Date(now.getTime() - 30 * DAY))).status).toBe('PASS');
    const minimal = await registerVersion('MINIMAL');
    expect((await status(minimal, 'eu-ai-act-art-12')).status).toBe('NOT_APPLICABLE');
    expect((await status(minimal, 'gdpr-art-5-1-b')).status).toBe('NOT_APPLICABLE');
  });

  it('stores a full audit with its trail entry, lists it newest first, and answers the promotion gate', async () => {
    const version = await registerVersion('HIGH', { retentionDays: 365 });
    await record(version, decisions('full', BALANCED, new Date()));
    const failed = await run(version, null);
    expect(failed.rules).toHaveLength(9);
    expect(failed.findings.map((f) => f.ruleId)).toEqual(failed.rules);
    expect(failed.outcome).toBe('FAILED'); // recency: no earlier bias audit
    expect(failed.findings.filter((f) => f.status === 'FAIL').map((f) => f.ruleId)).toEqual(['nyc-ll144-audit-recency']);

    const passed = await run(version, ['eu-ai-act-art-19', 'eeoc-four-fifths']);
    expect(passed).toMatchObject({ outcome: 'PASSED', rules: ['eeoc-four-fifths', 'eu-ai-act-art-19'], ranBy: ACTORS.cleo.actorId, modelVersionId: version.id });
    expect(passed.findings.map((f) => [f.ruleId, f.status])).toEqual([
      ['eeoc-four-fifths', 'PASS'],
      ['eu-ai-act-art-19', 'PASS'],
    ]);
    expect(passed.auditSeq).toBeGreaterThan(failed.auditSeq);

    const entry = await trailEntry(env.rpc, PROJECT, passed.auditSeq);
    expect(entry).toMatchObject({
      seq: passed.auditSeq,
      action: 'audit.completed',
      actor: ACTORS.cleo.actorId,
      actorName: ACTORS.cleo.actorName,
      projectId: PROJECT,
      subject: `audit:${passed.id}`,
      at: passed.ranAt,
      payload: { auditId: passed.id, outcome: 'PASSED', findings: [{ ruleId: 'eeoc-four-fifths', status: 'PASS' }, { ruleId: 'eu-ai-act-art-19', status: 'PASS' }] },
    });

    expect(await listAudits(version.id)).toEqual([passed, failed]);
    // The project's audits, newest first in a stable order: (ranAt, id) descending, each exactly once.
    const all = await listAudits(null);
    expect(all.length).toBeGreaterThan(2);
    const key = (a: { ranAt: string; id: string }) => `${a.ranAt} ${a.id}`;
    expect(all.map(key)).toEqual([...all.map(key)].sort().reverse());
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    // Another project sees none of them; a version of this project named there is not found, as an unknown one.
    const elsewhere = newProjectId();
    expect(await env.rpc.request(RPC.governanceAuditsList, { projectId: elsewhere })).toMatchObject({ edges: [], totalCount: 0 });
    await expect(env.rpc.request(RPC.governanceAuditsList, { projectId: elsewhere, modelVersionId: version.id })).rejects.toMatchObject({
      code: 'MODEL_VERSION_NOT_FOUND',
      details: { versionId: version.id },
    });

    const gate = env.governance.app.get(AuditGate, { strict: false });
    // A partial audit, however PASSED, does not open the gate: it needs the whole catalog.
    expect(await gate.latestPassedAudit(version.id, new Date(Date.now() - DAY))).toBeNull();
    await expect(
      env.rpc.request(RPC.governanceAliasesSet, { projectId: PROJECT, modelId: version.modelId, alias: PRODUCTION_ALIAS, versionId: version.id, reason: 'partial audit' }),
    ).rejects.toMatchObject({ code: 'PROMOTION_BLOCKED' });

    // NYC LL144's order of things: a bias audit first, then a full audit of the decisions made after it.
    const bias = await run(version, ['nyc-ll144-bias-audit']);
    expect(finding(bias, 'nyc-ll144-bias-audit').status).toMatch(/PASS|WARN/);
    const biasAt = new Date(bias.ranAt).getTime();
    await record(version, decisions('after-bias-audit', BALANCED, new Date(biasAt + 200_000)));
    const full = await run(version, null, new Date(biasAt + 1), new Date(biasAt + 600_000));
    expect(full.findings.filter((f) => f.status === 'FAIL')).toEqual([]);
    expect(full).toMatchObject({ outcome: 'PASSED', rules: failed.rules });
    expect(await gate.latestPassedAudit(version.id, new Date(Date.now() - DAY))).toEqual(full);
    expect(await gate.latestPassedAudit(version.id, new Date(Date.now() + 60_000))).toBeNull();
    expect(await gate.latestPassedAudit(MISSING_VERSION, new Date(0))).toBeNull();

    // The registry's promotion gate sees it: production can move without an override.
    const move = await env.rpc.request(RPC.governanceAliasesSet, { projectId: PROJECT, modelId: version.modelId, alias: PRODUCTION_ALIAS, versionId: version.id, reason: 'audited' });
    expect(move.move).toMatchObject({ alias: PRODUCTION_ALIAS, toVersionId: version.id, gateOverrideReason: null });
  });

  it('refuses bad audit requests with codes and stores nothing', async () => {
    const version = await registerVersion('LIMITED');
    const before = (await env.rpc.request(RPC.governanceAuditsList, { projectId: PROJECT, modelVersionId: version.id })).totalCount;
    await expect(run(version, ['eeoc-four-fifths', 'no-such-rule'])).rejects.toMatchObject({ code: 'RULE_NOT_FOUND', details: { unknown: ['no-such-rule'] } });
    await expect(run(version, null, new Date('2025-02-01T00:00:00Z'), new Date('2025-02-01T00:00:00Z'))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(run(version, null, new Date('2025-03-01T00:00:00Z'), new Date('2025-02-01T00:00:00Z'))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      env.rpc.request(RPC.governanceAuditsRun, { projectId: PROJECT, modelVersionId: MISSING_VERSION, from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' }),
    ).rejects.toMatchObject({ code: 'MODEL_VERSION_NOT_FOUND' });
    await expect(env.rpc.request(RPC.governanceAuditsRun, { projectId: PROJECT, modelVersionId: version.id, from: 'soon', to: '2025-02-01T00:00:00Z' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect((await env.rpc.request(RPC.governanceAuditsList, { projectId: PROJECT, modelVersionId: version.id })).totalCount).toBe(before);
  });
});
