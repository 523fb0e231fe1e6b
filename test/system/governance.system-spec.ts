import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, headers } from 'nats';
import { type DecisionBatchMessage, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { verifyInclusion, verifyTreeHead } from '@fulcrum/audit-log';
import { callGraphql } from '@fulcrum/launcher';
import { type Harness, startHarness } from './platform.harness';

const CLI = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const SHA = (c: string): string => `sha256:${c.repeat(64)}`;
const hex = (h: string): Buffer => Buffer.from(h, 'hex');

/**
 * Governance end to end on the running platform (every service its own process, real NATS,
 * embedded PGlite): registry and gate through GraphQL with role tokens, decisions over GraphQL, over
 * JetStream and from CSV through the CLI, a fairness report, an audit, provenance with a proof
 * checked here, and an exported trail verified offline by the CLI (and caught when tampered).
 */
describe('governance on the running platform', () => {
  let h: Harness;
  const tokens: Record<string, string> = {};

  async function gql<T>(role: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const { graphqlUrl } = h.platform.credentials;
    const res = await callGraphql<T>(graphqlUrl, tokens[role], query, variables);
    if (res.errors?.length) throw Object.assign(new Error(res.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ')), { errors: res.errors });
    return res.data as T;
  }

  async function gqlError(role: string, query: string, variables: Record<string, unknown> = {}): Promise<string | undefined> {
    const { graphqlUrl } = h.platform.credentials;
    const res = await callGraphql(graphqlUrl, tokens[role], query, variables);
    return res.errors?.[0]?.extensions?.code as string | undefined;
  }

  beforeAll(async () => {
    h = await startHarness();
    tokens['admin'] = h.platform.credentials.adminToken;
    for (const role of ['data_scientist', 'compliance', 'pm']) {
      const r = await gql<{ createApiToken: { token: string } }>('admin', 'mutation($n: String!, $r: Role!) { createApiToken(name: $n, role: $r) { token } }', {
        n: `${role} token`,
        r: role.toUpperCase(),
      });
      tokens[role] = r.createApiToken.token;
    }
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('registers, records (GraphQL, JetStream, CSV), reports, audits, gates, proves and exports a verifiable trail', async () => {
    // Registry: a PM may read but not register.
    expect(await gqlError('pm', 'mutation { registerModel(input: { name: "x", description: "", owner: "pm", riskLevel: HIGH }) { id } }')).toBe('FORBIDDEN');
    const { registerModel: model } = await gql<{ registerModel: { id: string } }>(
      'data_scientist',
      'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
      { i: { name: 'credit-limit', description: 'Sets credit limits', owner: 'risk-team', riskLevel: 'HIGH' } },
    );
    const { registerModelVersion: version } = await gql<{ registerModelVersion: { id: string; version: number } }>(
      'data_scientist',
      'mutation($i: RegisterModelVersionInput!) { registerModelVersion(input: $i) { id version } }',
      {
        i: {
          modelId: model.id,
          artifactDigest: SHA('a'),
          trainingDataset: { name: 'applications', version: '2026-10', contentHash: SHA('b'), rows: 120000, source: 's3://datasets/applications/2026-10' },
          features: [
            { name: 'income', sensitivity: 'PERSONAL' },
            { name: 'tenure', sensitivity: 'NONE' },
          ],
          purposes: ['credit-limit'],
          legalBasis: 'CONTRACT',
          solelyAutomatedSignificantDecisions: true,
          automatedDecisionBasis: 'CONTRACT_NECESSITY',
          humanReviewAvailable: true,
          retentionDays: 365,
        },
      },
    );
    expect(version.version).toBe(1);

    // Decisions over GraphQL: 40 good rows (balanced approval rates by sex) and one bad row.
    const rows = Array.from({ length: 40 }, (_, i) => ({
      decisionId: `gql-${i}`,
      subjectRef: `subject-${i}`,
      occurredAt: `2026-11-01T10:${String(i).padStart(2, '0')}:00Z`,
      purpose: 'credit-limit',
      outcome: i % 4 === 0 ? 'deny' : 'approve',
      score: i / 40,
      groundTruth: i % 3 === 0 ? 'defaulted' : 'repaid',
      attributes: { sex: i % 2 === 0 ? 'Female' : 'Male', race: i % 4 < 2 ? 'White' : 'Black' },
    }));
    const recordQuery =
      'mutation($v: ID!, $d: [DecisionInput!]!) { recordDecisions(modelVersionId: $v, decisions: $d) { accepted duplicates rejected { index code message } auditSeq } }';
    const recorded = await gql<{ recordDecisions: { accepted: number; duplicates: number; rejected: Array<{ index: number; code: string }>; auditSeq: number } }>(
      'data_scientist',
      recordQuery,
      { v: version.id, d: [...rows, { ...rows[0], decisionId: 'bad-date', occurredAt: 'yesterday' }] },
    );
    expect(recorded.recordDecisions).toMatchObject({ accepted: 40, duplicates: 0, rejected: [{ index: 40 }] });
    expect(recorded.recordDecisions.rejected[0].code).toMatch(/INVALID_FIELD/);
    const retried = await gql<{ recordDecisions: { accepted: number; duplicates: number } }>('data_scientist', recordQuery, { v: version.id, d: rows.slice(0, 5) });
    expect(retried.recordDecisions).toMatchObject({ accepted: 0, duplicates: 5 });

    // Decisions over JetStream, the same message published twice: stored once.
    const nc = await connect({ servers: h.platform.natsUrl });
    try {
      const js = nc.jetstream();
      const message: DecisionBatchMessage = {
        v: 1,
        modelVersionId: version.id,
        actor: 'service:credit-scorer',
        decisions: Array.from({ length: 10 }, (_, i) => ({
          decisionId: `nats-${i}`,
          subjectRef: `nats-subject-${i}`,
          occurredAt: `2026-11-02T09:0${i}:00Z`,
          purpose: 'credit-limit',
          outcome: 'approve',
          groundTruth: 'repaid',
          attributes: { sex: i % 2 === 0 ? 'Female' : 'Male', race: 'White' },
        })),
      };
      await (await nc.jetstreamManager()).streams.info(STREAMS.decisions.name);
      for (const id of [randomUUID(), randomUUID()]) {
        const hdrs = headers();
        hdrs.set('Nats-Msg-Id', id);
        await js.publish(SUBJECTS.decisionsRecorded, Buffer.from(JSON.stringify(message)), { headers: hdrs });
      }
    } finally {
      await nc.close();
    }

    // Decisions from CSV through the CLI (against the platform's gateway, data scientist token).
    const csv = join(h.dir.path, 'decisions.csv');
    writeFileSync(
      csv,
      'id,who,when,result,truth,sex,race\r\n' +
        Array.from({ length: 10 }, (_, i) => `csv-${i},csv-subject-${i},2026-11-03T08:0${i}:00Z,${i < 7 ? 'approve' : 'deny'},repaid,${i % 2 ? 'Male' : 'Female'},"Black"`).join('\r\n') +
        '\r\n',
    );
    const importArgs = [
      CLI,
      'decisions',
      'import',
      csv,
      '--model-version',
      version.id,
      '--map',
      'decisionId=id,subjectRef=who,occurredAt=when,outcome=result,groundTruth=truth',
      '--attributes',
      'sex,race',
      '--purpose',
      'credit-limit',
      '--graphql-url',
      h.platform.credentials.graphqlUrl,
      '--token',
      tokens['data_scientist'],
    ];
    const imported = spawnSync(process.execPath, importArgs, { encoding: 'utf8' });
    expect({ status: imported.status, stderr: imported.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    const reimported = spawnSync(process.execPath, importArgs, { encoding: 'utf8' });
    expect(reimported.status).toBe(0);
    expect(reimported.stdout).toMatch(/0 accepted, 10 duplicates, 0 rejected/);

    // All 60 decisions are stored exactly once: the fairness report counts them.
    const reportQuery = `query($i: FairnessReportInput!) { fairnessReport(input: $i) {
      totals { n favorable labeled groups } conventions
      groups { label n tp fp tn fn selectionRate disparateImpact statisticalParityDifference smallSample isReference }
      summary { demographicParityDifference demographicParityRatio equalizedOddsDifference equalizedOddsRatio } } }`;
    const reportInput = { modelVersionId: version.id, attributes: ['sex'], positiveOutcome: 'approve', positiveGroundTruth: 'repaid', favorableOutcome: 'approve', minGroupSize: 5 };
    let report: { fairnessReport: { totals: { n: number }; groups: Array<{ label: string; n: number; selectionRate: number }>; conventions: string[] } } | undefined;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const current: NonNullable<typeof report> = await gql('pm', reportQuery, { i: reportInput });
      report = current;
      if (current.fairnessReport.totals.n >= 60) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(report?.fairnessReport.totals.n).toBe(60);
    // By hand: Female = gql even (20; deny when i % 4 = 0 → 10 deny) + nats 5 approve + csv 5 (i even: 0,2,4,6 approve, 8 deny).
    const female = report?.fairnessReport.groups.find((g) => /Female/.test(g.label));
    expect(female).toMatchObject({ n: 30, selectionRate: (10 + 5 + 4) / 30 });
    const male = report?.fairnessReport.groups.find((g) => /Male/.test(g.label) && !/Female/.test(g.label));
    expect(male).toMatchObject({ n: 30, selectionRate: (20 + 5 + 3) / 30 });
    expect(report?.fairnessReport.conventions.length).toBeGreaterThan(0);

    // Promotion gate: production is refused without a passing audit; the reviewer's audit opens it.
    const setAlias = 'mutation($i: SetAliasInput!) { setAlias(input: $i) { move { alias fromVersionId toVersionId gateOverrideReason auditSeq } } }';
    expect(await gqlError('data_scientist', setAlias, { i: { modelId: model.id, alias: 'production', versionId: version.id, reason: 'ship it' } })).toBe('PROMOTION_BLOCKED');
    expect(
      await gqlError('data_scientist', setAlias, { i: { modelId: model.id, alias: 'production', versionId: version.id, reason: 'ship it', gateOverrideReason: 'trust me' } }),
    ).toBe('FORBIDDEN');
    expect(await gqlError('data_scientist', 'mutation($v: ID!) { runAudit(modelVersionId: $v, from: "2026-10-01T00:00:00Z", to: "2026-12-01T00:00:00Z") { id } }', { v: version.id })).toBe(
      'FORBIDDEN',
    );
    const audit = await gql<{ runAudit: { id: string; outcome: string; findings: Array<{ ruleId: string; status: string; citation: string }> } }>(
      'compliance',
      'mutation($v: ID!) { runAudit(modelVersionId: $v, from: "2026-10-01T00:00:00Z", to: "2026-12-01T00:00:00Z") { id outcome findings { ruleId status citation summary } } }',
      { v: version.id },
    );
    const status = Object.fromEntries(audit.runAudit.findings.map((f) => [f.ruleId, f.status]));
    // Women's selection rate 19/30 is 0.68 of men's 28/30: adverse impact under the four-fifths rule
    // (and a flagged LL144 impact ratio). Decisions made before any LL144 bias audit fail the recency
    // rule, and race is logged without a GDPR Art. 9(2) ground (a warning).
    expect(status).toEqual({
      'eeoc-four-fifths': 'FAIL',
      'nyc-ll144-bias-audit': 'WARN',
      'nyc-ll144-audit-recency': 'FAIL',
      'gdpr-art-9': 'WARN',
      'gdpr-art-22': 'PASS',
      'gdpr-art-5-1-b': 'PASS',
      'gdpr-art-5-1-e': 'PASS',
      'eu-ai-act-art-12': 'PASS',
      'eu-ai-act-art-19': 'PASS',
    });
    expect(audit.runAudit.outcome).toBe('FAILED');
    for (const f of audit.runAudit.findings) expect(f.citation.length).toBeGreaterThan(0);
    // A failed audit keeps the gate shut; only a compliance reviewer's recorded override moves it.
    expect(await gqlError('data_scientist', setAlias, { i: { modelId: model.id, alias: 'production', versionId: version.id, reason: 'x' } })).toBe('PROMOTION_BLOCKED');
    const moved = await gql<{ setAlias: { move: { toVersionId: string; gateOverrideReason: string; auditSeq: number } } }>('compliance', setAlias, {
      i: { modelId: model.id, alias: 'production', versionId: version.id, reason: 'launch', gateOverrideReason: 'accepted risk, see ticket 42' },
    });
    expect(moved.setAlias.move).toMatchObject({ toVersionId: version.id, gateOverrideReason: 'accepted risk, see ticket 42' });

    // Provenance of a decision that came over JetStream, with a proof checked here.
    const prov = await gql<{
      decisionProvenance: {
        version: { id: string; artifactDigest: string; trainingDataset: { contentHash: string } };
        purposeDeclared: boolean;
        audits: Array<{ id: string }>;
        recordedIn: {
          inclusion: { leafIndex: number; treeSize: number; leafHash: string; path: string[] };
          treeHead: { treeSize: number; rootHash: string; timestamp: string; signature: string };
        };
      };
    }>(
      'pm',
      `query { decisionProvenance(decisionId: "nats-3") { version { id artifactDigest trainingDataset { contentHash } } purposeDeclared audits { id }
        recordedIn { inclusion { leafIndex treeSize leafHash path } treeHead { treeSize rootHash timestamp signature } } } }`,
    );
    const p = prov.decisionProvenance;
    expect(p.version).toMatchObject({ id: version.id, artifactDigest: SHA('a'), trainingDataset: { contentHash: SHA('b') } });
    expect(p.purposeDeclared).toBe(true);
    expect(p.audits.map((a) => a.id)).toContain(audit.runAudit.id);
    const { publicKeyPem } = (await gql<{ auditPublicKey: { publicKeyPem: string } }>('pm', 'query { auditPublicKey { publicKeyPem } }')).auditPublicKey;
    const head = p.recordedIn.treeHead;
    expect(verifyTreeHead({ treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp, signature: head.signature }, publicKeyPem)).toBe(true);
    const inc = p.recordedIn.inclusion;
    expect(verifyInclusion(hex(inc.leafHash), inc.leafIndex, inc.treeSize, inc.path.map(hex), hex(head.rootHash))).toBe(true);

    // Export, verify offline with the CLI, then tamper with one byte: the CLI names the entry.
    const exported = await gql<{ exportAuditTrail: { entries: Array<{ entry: { action: string; actor: string } }> } }>('compliance', 'query { exportAuditTrail }');
    const actions = exported.exportAuditTrail.entries.map((e) => e.entry.action);
    expect(actions).toEqual(expect.arrayContaining(['model.registered', 'model-version.registered', 'decisions.recorded', 'audit.completed', 'alias.moved', 'alias.gate-overridden']));
    const file = join(h.dir.path, 'export.json');
    writeFileSync(file, JSON.stringify(exported.exportAuditTrail));
    const keyFile = join(h.dir.path, 'key.pem');
    writeFileSync(keyFile, publicKeyPem);
    const ok = spawnSync(process.execPath, [CLI, 'audit', 'verify', file, '--public-key', keyFile], { encoding: 'utf8' });
    expect({ status: ok.status, out: ok.stdout }).toEqual({ status: 0, out: expect.any(String) });
    const tampered = JSON.parse(JSON.stringify(exported.exportAuditTrail)) as { entries: Array<{ entry: { actor: string } }> };
    tampered.entries[1].entry.actor = `${tampered.entries[1].entry.actor}x`;
    writeFileSync(file, JSON.stringify(tampered));
    const bad = spawnSync(process.execPath, [CLI, 'audit', 'verify', file], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(`${bad.stdout}${bad.stderr}`).toMatch(/1/);
  });
});
