import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'nats';
import { type DecisionBatchMessage, STREAMS, SUBJECTS } from '@fulcrum/contracts';
import { auditEntryLeafHash, createAuditEntry, hashToHex, verifyInclusion, verifyTreeHead } from '@fulcrum/audit-log';
import { envelopeHeaders, serviceEnvelope } from '@fulcrum/messaging';
import { callGraphql } from '@fulcrum/launcher';
import { createMemberToken } from '@fulcrum/testing';
import { type Harness, startHarness } from './platform.harness';

const CLI = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const SHA = (c: string): string => `sha256:${c.repeat(64)}`;
const hex = (h: string): Buffer => Buffer.from(h, 'hex');

/**
 * Governance end to end on the running platform (every service its own process, real NATS,
 * embedded PGlite), in the demo project: registry and gate through GraphQL with members' tokens,
 * decisions over GraphQL, over JetStream and from CSV through the CLI, a fairness report, an audit,
 * provenance with a proof checked here, the project's trail proven entry by entry by the CLI, and the
 * whole exported trail verified offline by the CLI (and caught when tampered). Another project
 * sees none of it.
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
    // A member of the demo project per role, with a token of theirs.
    const { graphqlUrl: url, adminToken, projectId: demo } = h.platform.credentials;
    for (const role of ['data_scientist', 'compliance', 'pm']) {
      tokens[role] = (await createMemberToken(url, adminToken, { projectId: demo, roles: [role.toUpperCase()], name: `${role} member` })).token;
    }
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('registers, records (GraphQL, JetStream, CSV), reports, audits, gates, proves and exports a verifiable trail', async () => {
    const project = h.platform.credentials.projectId;
    // Registry: a PM may read but not register.
    expect(await gqlError('pm', 'mutation($p: ID!) { registerModel(input: { projectId: $p, name: "x", description: "", owner: "pm", riskLevel: HIGH }) { id } }', { p: project })).toBe(
      'FORBIDDEN',
    );
    const { registerModel: model } = await gql<{ registerModel: { id: string } }>(
      'data_scientist',
      'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }',
      { i: { projectId: project, name: 'credit-limit', description: 'Sets credit limits', owner: 'risk-team', riskLevel: 'HIGH' } },
    );
    const { registerModelVersion: version } = await gql<{ registerModelVersion: { id: string; version: number } }>(
      'data_scientist',
      'mutation($i: RegisterModelVersionInput!) { registerModelVersion(input: $i) { id version } }',
      {
        i: {
          projectId: project,
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
      'mutation($p: ID!, $v: ID!, $d: [DecisionInput!]!) { recordDecisions(projectId: $p, modelVersionId: $v, decisions: $d) { accepted duplicates rejected { index code message } auditSeq } }';
    const recorded = await gql<{ recordDecisions: { accepted: number; duplicates: number; rejected: Array<{ index: number; code: string }>; auditSeq: number } }>(
      'data_scientist',
      recordQuery,
      { p: project, v: version.id, d: [...rows, { ...rows[0], decisionId: 'bad-date', occurredAt: 'yesterday' }] },
    );
    expect(recorded.recordDecisions).toMatchObject({ accepted: 40, duplicates: 0, rejected: [{ index: 40 }] });
    expect(recorded.recordDecisions.rejected[0].code).toMatch(/INVALID_FIELD/);
    const retried = await gql<{ recordDecisions: { accepted: number; duplicates: number } }>('data_scientist', recordQuery, { p: project, v: version.id, d: rows.slice(0, 5) });
    expect(retried.recordDecisions).toMatchObject({ accepted: 0, duplicates: 5 });

    // Decisions over JetStream, the same message published twice: stored once. The message names its
    // project; who publishes travels in the request envelope's headers.
    const nc = await connect({ servers: h.platform.natsUrl });
    try {
      const js = nc.jetstream();
      const message: DecisionBatchMessage = {
        v: 2,
        projectId: project,
        modelVersionId: version.id,
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
        const hdrs = envelopeHeaders({ ...serviceEnvelope('credit-scorer'), actorName: 'Credit scorer' });
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
      '--project',
      project,
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
    const reportInput = { projectId: project, modelVersionId: version.id, attributes: ['sex'], positiveOutcome: 'approve', positiveGroundTruth: 'repaid', favorableOutcome: 'approve', minGroupSize: 5 };
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
    const alias = { projectId: project, modelId: model.id, alias: 'production', versionId: version.id };
    expect(await gqlError('data_scientist', setAlias, { i: { ...alias, reason: 'ship it' } })).toBe('PROMOTION_BLOCKED');
    expect(await gqlError('data_scientist', setAlias, { i: { ...alias, reason: 'ship it', gateOverrideReason: 'trust me' } })).toBe('FORBIDDEN');
    const runAudit = 'mutation($p: ID!, $v: ID!) { runAudit(projectId: $p, modelVersionId: $v, from: "2026-10-01T00:00:00Z", to: "2026-12-01T00:00:00Z") { id outcome findings { ruleId status citation summary } } }';
    expect(await gqlError('data_scientist', runAudit, { p: project, v: version.id })).toBe('FORBIDDEN');
    const audit = await gql<{ runAudit: { id: string; outcome: string; findings: Array<{ ruleId: string; status: string; citation: string }> } }>('compliance', runAudit, {
      p: project,
      v: version.id,
    });
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
    expect(await gqlError('data_scientist', setAlias, { i: { ...alias, reason: 'x' } })).toBe('PROMOTION_BLOCKED');
    const moved = await gql<{ setAlias: { move: { toVersionId: string; gateOverrideReason: string; auditSeq: number } } }>('compliance', setAlias, {
      i: { ...alias, reason: 'launch', gateOverrideReason: 'accepted risk, see ticket 42' },
    });
    expect(moved.setAlias.move).toMatchObject({ toVersionId: version.id, gateOverrideReason: 'accepted risk, see ticket 42' });

    // Provenance of a decision that came over JetStream, with a proof checked here.
    const prov = await gql<{
      decisionProvenance: {
        version: { id: string; artifactDigest: string; trainingDataset: { contentHash: string } };
        purposeDeclared: boolean;
        audits: Array<{ id: string }>;
        recordedIn: {
          entry: { v: 1 | 2; seq: number; at: string; actor: string; actorName: string | null; projectId: string | null; action: string; subject: string; payloadHash: string };
          inclusion: { leafIndex: number; treeSize: number; leafHash: string; path: string[] };
          treeHead: { treeSize: number; rootHash: string; timestamp: string; signature: string };
        };
      };
    }>(
      'pm',
      `query($p: ID!) { decisionProvenance(projectId: $p, decisionId: "nats-3") { version { id artifactDigest trainingDataset { contentHash } } purposeDeclared audits { id }
        recordedIn { entry { v seq at actor actorName projectId action subject payloadHash }
                     inclusion { leafIndex treeSize leafHash path } treeHead { treeSize rootHash timestamp signature } } } }`,
      { p: project },
    );
    const p = prov.decisionProvenance;
    expect(p.version).toMatchObject({ id: version.id, artifactDigest: SHA('a'), trainingDataset: { contentHash: SHA('b') } });
    expect(p.purposeDeclared).toBe(true);
    expect(p.audits.map((a) => a.id)).toContain(audit.runAudit.id);
    const { publicKeyPem } = (await gql<{ auditPublicKey: { publicKeyPem: string } }>('pm', 'query { auditPublicKey { publicKeyPem } }')).auditPublicKey;
    const head = p.recordedIn.treeHead;
    expect(verifyTreeHead({ treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp, signature: head.signature }, publicKeyPem)).toBe(true);
    const inc = p.recordedIn.inclusion;
    // The batch's entry records the project and who published it (from the message's envelope headers).
    expect(p.recordedIn.entry).toMatchObject({ v: 2, action: 'decisions.recorded', actor: 'service:credit-scorer', actorName: 'Credit scorer', projectId: project });
    expect(hashToHex(auditEntryLeafHash(createAuditEntry(p.recordedIn.entry)))).toBe(inc.leafHash);
    expect(verifyInclusion(hex(inc.leafHash), inc.leafIndex, inc.treeSize, inc.path.map(hex), hex(head.rootHash))).toBe(true);

    // Another project sees none of it: the demo project's version is not found there, as an unknown one.
    const { createProject } = await gql<{ createProject: { project: { id: string } } }>('admin', 'mutation { createProject(name: "Second") { project { id } } }');
    const other = createProject.project.id;
    const notFound = await callGraphql(h.platform.credentials.graphqlUrl, tokens['admin'], 'query($p: ID!, $v: ID!) { modelVersion(projectId: $p, id: $v) { id } }', { p: other, v: version.id });
    expect(notFound.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', domainCode: 'MODEL_VERSION_NOT_FOUND' });
    expect((await gql<{ models: { totalCount: number } }>('admin', 'query($p: ID!) { models(projectId: $p) { totalCount } }', { p: other })).models.totalCount).toBe(0);

    // The project's compliance reviewer proves its entries of the trail, one by one, against one signed head.
    const keyFile = join(h.dir.path, 'key.pem');
    writeFileSync(keyFile, publicKeyPem);
    const projectCheck = spawnSync(
      process.execPath,
      [CLI, 'audit', 'verify-project', '--project', project, '--public-key', keyFile, '--page-size', '5', '--graphql-url', h.platform.credentials.graphqlUrl, '--token', tokens['compliance']],
      { encoding: 'utf8' },
    );
    expect({ status: projectCheck.status, out: projectCheck.stdout }).toEqual({ status: 0, out: expect.stringMatching(new RegExp(`^OK: \\d+ entries of project ${project} proven`)) });

    // The whole tree is exported by instance admins only; verify it offline with the CLI, then tamper: the CLI names the entry.
    expect(await gqlError('compliance', 'query { exportAuditTrail }')).toBe('FORBIDDEN');
    const exported = await gql<{ exportAuditTrail: { entries: Array<{ entry: { action: string; actor: string } }> } }>('admin', 'query { exportAuditTrail }');
    const actions = exported.exportAuditTrail.entries.map((e) => e.entry.action);
    expect(actions).toEqual(expect.arrayContaining(['model.registered', 'model-version.registered', 'decisions.recorded', 'audit.completed', 'alias.moved', 'alias.gate-overridden']));
    const file = join(h.dir.path, 'export.json');
    writeFileSync(file, JSON.stringify(exported.exportAuditTrail));
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
