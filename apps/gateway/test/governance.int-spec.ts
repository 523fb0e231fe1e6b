import { join } from 'node:path';
import { JSONCodec, type NatsConnection, connect } from 'nats';
import { type DomainErrorPayload, GOVERNANCE_LIMITS, type ModelDto, RPC } from '@fulcrum/contracts';
import { type TempDir, type TestNats, makeTempDir, startTestNats } from '@fulcrum/testing';
import { type RunningGateway, bootstrapGateway } from '../src/gateway.bootstrap';

const ADMIN_TOKEN = 'ful_test_admin_token_governance_0123456789';
const MODEL_ID = '0b6f7a52-64a4-4ab6-9a4e-5d3b8e0c1f01';
const VERSION_ID = '7d1f3c9e-2b8a-4e6f-8c1d-9a0b1c2d3e4f';
const SHA = `sha256:${'ab'.repeat(32)}`;

type Handler = (data: Record<string, unknown>) => unknown;
interface Call {
  subject: string;
  data: Record<string, unknown>;
}

/** Thrown by a fake handler: answered the way Nest's NATS transport answers a DomainError. */
class FakeError {
  constructor(readonly payload: DomainErrorPayload) {}
}

/**
 * Stands in for the governance service: answers `governance.*` requests in the reply format of
 * Nest's NATS transport (`{ id, response, isDisposed }` / `{ id, err, isDisposed }`) and records
 * every request, so the tests see exactly what the gateway sent.
 */
class FakeGovernance {
  readonly calls: Call[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly codec = JSONCodec<Record<string, unknown>>();

  constructor(private readonly nc: NatsConnection) {}

  start(): void {
    const sub = this.nc.subscribe('governance.>');
    void (async () => {
      for await (const msg of sub) {
        const packet = this.codec.decode(msg.data) as { id: string; data: Record<string, unknown> };
        this.calls.push({ subject: msg.subject, data: packet.data });
        const handler = this.handlers.get(msg.subject);
        let reply: Record<string, unknown>;
        try {
          if (!handler) throw new FakeError({ code: 'INTERNAL', message: `no fake for ${msg.subject}` });
          reply = { id: packet.id, response: await handler(packet.data), isDisposed: true };
        } catch (error) {
          if (!(error instanceof FakeError)) throw error;
          reply = { id: packet.id, err: error.payload, isDisposed: true };
        }
        msg.respond(this.codec.encode(reply));
      }
    })();
  }

  on(subject: string, handler: Handler): void {
    this.handlers.set(subject, handler);
  }

  reset(): void {
    this.calls.length = 0;
    this.handlers.clear();
  }

  callsTo(subject: string): Call[] {
    return this.calls.filter((c) => c.subject === subject);
  }
}

function model(overrides: Partial<ModelDto> = {}): ModelDto {
  return {
    id: MODEL_ID,
    name: 'credit-scorer',
    description: 'Scores loan applications',
    owner: 'risk-team',
    riskLevel: 'HIGH',
    createdAt: '2026-03-01T09:30:00.000Z',
    createdBy: 'token:x:Dana',
    versions: [],
    aliases: [],
    aliasHistory: [],
    ...overrides,
  };
}

describe('gateway governance API (real nats-server and gateway, fake governance responder)', () => {
  let nats: TestNats;
  let dir: TempDir;
  let gateway: RunningGateway;
  let nc: NatsConnection;
  let fake: FakeGovernance;
  const tokens: Record<'pm' | 'ds' | 'compliance', { id: string; token: string; name: string }> = {} as never;

  async function gql(query: string, variables: Record<string, unknown>, token: string) {
    const res = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as {
      data?: Record<string, unknown> | null;
      errors?: Array<{ message: string; extensions: Record<string, unknown> }>;
    };
    return { status: res.status, ...body };
  }

  beforeAll(async () => {
    nats = await startTestNats();
    dir = makeTempDir();
    gateway = await bootstrapGateway({
      natsUrl: nats.url,
      host: '127.0.0.1',
      port: 0,
      embeddedDatabaseDir: join(dir.path, 'pg'),
      bootstrapAdminToken: ADMIN_TOKEN,
    });
    nc = await connect({ servers: nats.url });
    fake = new FakeGovernance(nc);
    fake.start();
    await nc.flush();
    for (const [key, role, name] of [
      ['pm', 'PM', 'Pat PM'],
      ['ds', 'DATA_SCIENTIST', 'Dana DS'],
      ['compliance', 'COMPLIANCE', 'Cleo Compliance'],
    ] as const) {
      const res = await gql('mutation($n: String!, $r: Role!) { createApiToken(name: $n, role: $r) { id token } }', { n: name, r: role }, ADMIN_TOKEN);
      const created = res.data?.['createApiToken'] as { id: string; token: string };
      tokens[key] = { ...created, name };
    }
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await nc?.close();
    await gateway?.close();
    await nats?.stop();
    dir?.remove();
  });

  const actor = (key: keyof typeof tokens) => `token:${tokens[key].id}:${tokens[key].name}`;

  describe('model registry', () => {
    const REGISTER = 'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id name riskLevel createdAt createdBy } }';
    const input = { name: 'credit-scorer', description: 'Scores loan applications', owner: 'risk-team', riskLevel: 'HIGH' };

    it('refuses a PM registering a model with FORBIDDEN before asking the service', async () => {
      const res = await gql(REGISTER, { i: input }, tokens.pm.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(fake.calls).toEqual([]);
    });

    it("sends a data scientist's registration with the token as actor and maps the reply", async () => {
      fake.on(RPC.governanceModelsRegister, (data) => ({ model: model({ createdBy: String(data['actor']) }) }));
      const res = await gql(REGISTER, { i: input }, tokens.ds.token);
      expect(res.errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceModelsRegister).map((c) => c.data)).toEqual([{ actor: actor('ds'), ...input }]);
      expect(res.data?.['registerModel']).toEqual({
        id: MODEL_ID,
        name: 'credit-scorer',
        riskLevel: 'HIGH',
        createdAt: '2026-03-01T09:30:00.000Z',
        createdBy: actor('ds'),
      });
    });

    it('refuses a client-supplied actor: it is not part of the input type', async () => {
      const res = await gql(REGISTER, { i: { ...input, actor: 'token:forged:Mallory' } }, tokens.ds.token);
      expect(res.errors?.[0]?.extensions['code']).toBe('BAD_USER_INPUT');
      expect(fake.calls).toEqual([]);
    });

    it('maps a version registration field by field', async () => {
      const version = {
        modelId: MODEL_ID,
        artifactDigest: SHA,
        trainingDataset: { name: 'loans', version: '2026-01', contentHash: SHA, rows: 120000, source: 's3://data/loans.parquet' },
        features: [
          { name: 'income', sensitivity: 'PERSONAL' },
          { name: 'age', sensitivity: 'PERSONAL' },
        ],
        purposes: ['credit-scoring'],
        legalBasis: 'CONTRACT',
        solelyAutomatedSignificantDecisions: true,
        automatedDecisionBasis: 'CONTRACT_NECESSITY',
        humanReviewAvailable: true,
        retentionDays: 365,
      };
      fake.on(RPC.governanceModelVersionsRegister, (data) => ({
        version: {
          ...version,
          specialCategoryGround: null,
          id: VERSION_ID,
          modelName: 'credit-scorer',
          version: 1,
          aliases: [],
          createdAt: '2026-03-02T10:00:00.000Z',
          createdBy: data['actor'],
        },
      }));
      const res = await gql(
        `mutation($i: RegisterModelVersionInput!) { registerModelVersion(input: $i) {
          id modelId version modelName artifactDigest trainingDataset { name version contentHash rows source } features { name sensitivity }
          purposes legalBasis specialCategoryGround solelyAutomatedSignificantDecisions automatedDecisionBasis humanReviewAvailable retentionDays aliases createdAt createdBy } }`,
        { i: version },
        tokens.ds.token,
      );
      expect(res.errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceModelVersionsRegister)[0].data).toEqual({ actor: actor('ds'), ...version, specialCategoryGround: null });
      expect(res.data?.['registerModelVersion']).toMatchObject({ id: VERSION_ID, version: 1, ...version, specialCategoryGround: null, createdBy: actor('ds') });
    });
  });

  describe('aliases and the promotion gate', () => {
    const SET_ALIAS = 'mutation($i: SetAliasInput!) { setAlias(input: $i) { model { id aliases { alias versionId } } move { alias toVersionId gateOverrideReason auditSeq actor at } } }';
    const move = { modelId: MODEL_ID, alias: 'production', versionId: VERSION_ID, reason: 'Q2 release' };

    it('refuses a data scientist who sends gateOverrideReason with FORBIDDEN', async () => {
      const res = await gql(SET_ALIAS, { i: { ...move, gateOverrideReason: 'trust me' } }, tokens.ds.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', details: { field: 'gateOverrideReason' } });
      expect(fake.calls).toEqual([]);
    });

    it('surfaces the service refusing promotion as extensions.code PROMOTION_BLOCKED', async () => {
      fake.on(RPC.governanceAliasesSet, () => {
        throw new FakeError({ code: 'PROMOTION_BLOCKED', message: 'No passing audit in the last 30 days.', details: { versionId: VERSION_ID } });
      });
      const res = await gql(SET_ALIAS, { i: move }, tokens.ds.token);
      expect(res.data).toBeNull();
      expect(res.errors?.[0]).toMatchObject({
        message: 'No passing audit in the last 30 days.',
        extensions: { code: 'PROMOTION_BLOCKED', domainCode: 'PROMOTION_BLOCKED', details: { versionId: VERSION_ID } },
      });
      expect(fake.callsTo(RPC.governanceAliasesSet)[0].data).toEqual({ actor: actor('ds'), ...move });
    });

    it("forwards a compliance reviewer's override with their identity", async () => {
      fake.on(RPC.governanceAliasesSet, (data) => ({
        model: model({ aliases: [{ alias: 'production', versionId: VERSION_ID, version: 1, movedAt: '2026-03-03T00:00:00.000Z', movedBy: String(data['actor']) }] }),
        move: {
          id: 'mv-1',
          alias: 'production',
          fromVersionId: null,
          toVersionId: VERSION_ID,
          actor: data['actor'],
          reason: data['reason'],
          at: '2026-03-03T00:00:00.000Z',
          gateOverrideReason: data['gateOverrideReason'],
          auditSeq: 7,
        },
      }));
      const res = await gql(SET_ALIAS, { i: { ...move, gateOverrideReason: 'Board decision 2026-14' } }, tokens.compliance.token);
      expect(res.errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceAliasesSet)[0].data).toEqual({ actor: actor('compliance'), ...move, gateOverrideReason: 'Board decision 2026-14' });
      expect(res.data?.['setAlias']).toEqual({
        model: { id: MODEL_ID, aliases: [{ alias: 'production', versionId: VERSION_ID }] },
        move: { alias: 'production', toVersionId: VERSION_ID, gateOverrideReason: 'Board decision 2026-14', auditSeq: 7, actor: actor('compliance'), at: '2026-03-03T00:00:00.000Z' },
      });
    });
  });

  describe('decisions', () => {
    const RECORD = 'mutation($v: ID!, $d: [DecisionInput!]!) { recordDecisions(modelVersionId: $v, decisions: $d) { accepted duplicates rejected { index code message } auditSeq } }';
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        decisionId: `d-${i}`,
        subjectRef: `subj-${i % 997}`,
        occurredAt: '2026-03-01T09:30:00+01:00',
        purpose: 'credit-scoring',
        outcome: i % 3 === 0 ? 'deny' : 'approve',
        score: i / n,
        attributes: { sex: i % 2 ? 'F' : 'M', race: ['A', 'B', 'W'][i % 3], age_band: '30-39', first_time: i % 5 === 0 },
      }));

    it(`refuses more than ${GOVERNANCE_LIMITS.maxDecisionsPerCall} rows with BAD_USER_INPUT before calling the service`, async () => {
      const res = await gql(RECORD, { v: VERSION_ID, d: rows(GOVERNANCE_LIMITS.maxDecisionsPerCall + 1) }, tokens.ds.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'decisions', max: 10_000, count: 10_001 } });
      expect(fake.calls).toEqual([]);
    });

    it('sends a full batch of 10,000 rows (well over 1 MiB of JSON) in one request and returns the row rejections', async () => {
      fake.on(RPC.governanceDecisionsRecord, (data) => ({
        accepted: (data['decisions'] as unknown[]).length - 2,
        duplicates: 1,
        rejected: [{ index: 4, code: 'INVALID_FIELD', message: 'occurredAt must be an ISO-8601 date-time with an offset' }],
        auditSeq: 12,
      }));
      const batch = rows(GOVERNANCE_LIMITS.maxDecisionsPerCall);
      expect(JSON.stringify(batch).length).toBeGreaterThan(1024 * 1024);
      const res = await gql(RECORD, { v: VERSION_ID, d: batch }, tokens.ds.token);
      expect(res.errors).toBeUndefined();
      expect(res.data?.['recordDecisions']).toEqual({
        accepted: 9_998,
        duplicates: 1,
        rejected: [{ index: 4, code: 'INVALID_FIELD', message: 'occurredAt must be an ISO-8601 date-time with an offset' }],
        auditSeq: 12,
      });
      const [call] = fake.callsTo(RPC.governanceDecisionsRecord);
      expect(call.data['actor']).toBe(actor('ds'));
      expect(call.data['modelVersionId']).toBe(VERSION_ID);
      expect(call.data['decisions']).toEqual(batch);
    });

    it('passes rows with only the required fields on without inventing optional ones', async () => {
      fake.on(RPC.governanceDecisionsRecord, () => ({ accepted: 1, duplicates: 0, rejected: [], auditSeq: 3 }));
      const row = { decisionId: 'd-x', subjectRef: 's', occurredAt: '2026-03-01T09:30:00Z', purpose: 'credit-scoring', outcome: 'approve' };
      const res = await gql(RECORD, { v: VERSION_ID, d: [row] }, tokens.ds.token);
      expect(res.errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceDecisionsRecord)[0].data['decisions']).toEqual([row]);
    });

    it('lets only data scientists and admins record, and only compliance reviewers and admins erase', async () => {
      const one = rows(1);
      expect((await gql(RECORD, { v: VERSION_ID, d: one }, tokens.pm.token)).errors?.[0]?.extensions['code']).toBe('FORBIDDEN');
      expect((await gql(RECORD, { v: VERSION_ID, d: one }, tokens.compliance.token)).errors?.[0]?.extensions['code']).toBe('FORBIDDEN');
      const ERASE = 'mutation { eraseDecisionSubject(subjectRef: "subj-1", reason: "Art. 17 request #88") { erasedDecisions auditSeq } }';
      expect((await gql(ERASE, {}, tokens.ds.token)).errors?.[0]?.extensions['code']).toBe('FORBIDDEN');
      expect(fake.calls).toEqual([]);
      fake.on(RPC.governanceDecisionSubjectErase, () => ({ erasedDecisions: 3, auditSeq: 40 }));
      const erased = await gql(ERASE, {}, tokens.compliance.token);
      expect(erased.data?.['eraseDecisionSubject']).toEqual({ erasedDecisions: 3, auditSeq: 40 });
      expect(fake.callsTo(RPC.governanceDecisionSubjectErase)[0].data).toEqual({ actor: actor('compliance'), subjectRef: 'subj-1', reason: 'Art. 17 request #88' });
    });
  });

  describe('reading, audits and the audit trail', () => {
    it('gives a PM the fairness report, with the reference group sent as an object', async () => {
      const group = {
        n: 120, favorable: 60, tp: 40, fp: 10, tn: 50, fn: 20, selectionRate: 0.5, truePositiveRate: 0.666, falsePositiveRate: 0.1666,
        falseNegativeRate: 0.333, positivePredictiveValue: 0.8, disparateImpact: 0.75, statisticalParityDifference: -0.1666,
        equalOpportunityDifference: null, averageOddsDifference: -0.05, smallSample: false,
      };
      fake.on(RPC.governanceFairnessReportGet, () => ({
        modelVersionId: VERSION_ID,
        attributes: ['sex'],
        referenceGroup: { group: [{ attribute: 'sex', value: 'M' }], label: 'sex=M', chosenBy: 'GIVEN' },
        minGroupSize: 30,
        conventions: ['selectionRate = favorable / n'],
        groups: [{ group: [{ attribute: 'sex', value: 'F' }], label: 'sex=F', isReference: false, ...group }],
        summary: { demographicParityDifference: 0.1666, demographicParityRatio: 0.75, equalizedOddsDifference: null, equalizedOddsRatio: null },
        totals: { n: 240, favorable: 140, labeled: 240, groups: 2 },
        warnings: [],
      }));
      const res = await gql(
        `query($i: FairnessReportInput!) { fairnessReport(input: $i) {
          referenceGroup { label chosenBy group { attribute value } } conventions warnings minGroupSize
          groups { group { attribute value } n tp fp tn fn selectionRate truePositiveRate falsePositiveRate falseNegativeRate positivePredictiveValue
                   disparateImpact statisticalParityDifference equalOpportunityDifference averageOddsDifference smallSample favorable }
          summary { demographicParityDifference demographicParityRatio equalizedOddsDifference equalizedOddsRatio } totals { n groups } } }`,
        {
          i: {
            modelVersionId: VERSION_ID, attributes: ['sex'], positiveOutcome: 'approve', positiveGroundTruth: 'repaid', favorableOutcome: 'approve',
            referenceGroup: [{ attribute: 'sex', value: 'M' }], from: '2026-01-01T00:00:00Z',
          },
        },
        tokens.pm.token,
      );
      expect(res.errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceFairnessReportGet)[0].data).toEqual({
        modelVersionId: VERSION_ID, attributes: ['sex'], positiveOutcome: 'approve', positiveGroundTruth: 'repaid', favorableOutcome: 'approve',
        referenceGroup: { sex: 'M' }, from: '2026-01-01T00:00:00.000Z', to: null, minGroupSize: null,
      });
      const report = res.data?.['fairnessReport'] as Record<string, unknown>;
      expect(report['groups']).toEqual([{ group: [{ attribute: 'sex', value: 'F' }], ...group }]);
      expect(report['referenceGroup']).toEqual({ label: 'sex=M', chosenBy: 'GIVEN', group: [{ attribute: 'sex', value: 'M' }] });
    });

    it('runs audits for compliance reviewers with the period as ISO instants, and refuses a PM', async () => {
      const RUN = 'mutation($from: DateTime!, $to: DateTime!) { runAudit(modelVersionId: "' + VERSION_ID + '", from: $from, to: $to, rules: ["four-fifths"]) { id outcome from findings { ruleId status evidence } } }';
      const period = { from: '2026-01-01T00:00:00+01:00', to: '2026-04-01T00:00:00Z' };
      expect((await gql(RUN, period, tokens.pm.token)).errors?.[0]?.extensions['code']).toBe('FORBIDDEN');
      fake.on(RPC.governanceAuditsRun, (data) => ({
        audit: {
          id: 'audit-1', modelVersionId: VERSION_ID, from: data['from'], to: data['to'], rules: ['four-fifths'], outcome: 'FAILED',
          findings: [{ ruleId: 'four-fifths', title: 'Four-fifths rule', citation: '29 CFR 1607.4(D)', status: 'FAIL', summary: 'Impact ratio 0.62', evidence: { impactRatio: 0.62, groups: [{ label: 'sex=F' }] } }],
          ranAt: '2026-04-02T08:00:00.000Z', ranBy: data['actor'], auditSeq: 21,
        },
      }));
      const res = await gql(RUN, period, tokens.compliance.token);
      expect(res.errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceAuditsRun)[0].data).toEqual({
        actor: actor('compliance'), modelVersionId: VERSION_ID, from: '2025-12-31T23:00:00.000Z', to: '2026-04-01T00:00:00.000Z', rules: ['four-fifths'],
        favorableOutcome: null,
        ll144ExcludeUnder2Percent: null,
      });
      expect(res.data?.['runAudit']).toEqual({
        id: 'audit-1', outcome: 'FAILED', from: '2025-12-31T23:00:00.000Z',
        findings: [{ ruleId: 'four-fifths', status: 'FAIL', evidence: { impactRatio: 0.62, groups: [{ label: 'sex=F' }] } }],
      });
      const invalid = await gql(RUN, { ...period, from: 'not a date' }, tokens.compliance.token);
      expect(invalid.errors?.[0]?.extensions['code']).toBe('BAD_USER_INPUT');
      const withFavorable = RUN.replace('rules: ["four-fifths"])', 'rules: ["four-fifths"], favorableOutcome: "approve")');
      expect((await gql(withFavorable, period, tokens.compliance.token)).errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceAuditsRun)[1].data).toMatchObject({ favorableOutcome: 'approve' });
    });

    it('pages the audit trail for anyone, and exports it only for compliance reviewers', async () => {
      const entry = {
        seq: 5, at: '2026-03-01T09:30:00.123456Z', actor: 'service:ingest', action: 'project.created', subject: 'project:p1',
        payloadHash: SHA, leafHash: 'ab'.repeat(32), payload: { name: 'Shop', nested: { ok: true } }, erased: false,
      };
      fake.on(RPC.governanceAuditTrailList, () => ({ entries: [entry, { ...entry, seq: 6, payload: null, erased: true }], treeSize: 9, hasMore: true }));
      const page = await gql('{ auditTrail(after: 4, limit: 2) { entries { seq at actor action subject payloadHash leafHash payload erased } treeSize hasMore } }', {}, tokens.pm.token);
      expect(page.errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceAuditTrailList)[0].data).toEqual({ after: 4, limit: 2 });
      expect(page.data?.['auditTrail']).toEqual({ entries: [entry, { ...entry, seq: 6, payload: null, erased: true }], treeSize: 9, hasMore: true });

      const EXPORT = '{ exportAuditTrail }';
      expect((await gql(EXPORT, {}, tokens.pm.token)).errors?.[0]?.extensions['code']).toBe('FORBIDDEN');
      expect((await gql(EXPORT, {}, tokens.ds.token)).errors?.[0]?.extensions['code']).toBe('FORBIDDEN');
      expect(fake.callsTo(RPC.governanceAuditTrailExport)).toEqual([]);
      const document = { format: 'fulcrum.audit-export.v1', entries: [{ entry, leafHash: entry.leafHash }], treeHead: { treeSize: 1 }, publicKeyPem: '-----BEGIN PUBLIC KEY-----\n…' };
      fake.on(RPC.governanceAuditTrailExport, () => ({ export: document }));
      const exported = await gql(EXPORT, {}, tokens.compliance.token);
      expect(exported.errors).toBeUndefined();
      expect(exported.data?.['exportAuditTrail']).toEqual(document);
      expect(fake.callsTo(RPC.governanceAuditTrailExport)[0].data).toEqual({ actor: actor('compliance') });
    });

    it('maps not-found codes of the service to NOT_FOUND', async () => {
      fake.on(RPC.governanceModelVersionsGet, () => {
        throw new FakeError({ code: 'MODEL_VERSION_NOT_FOUND', message: 'No such model version.' });
      });
      const res = await gql('query($id: ID!) { modelVersion(id: $id) { id } }', { id: VERSION_ID }, tokens.pm.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', domainCode: 'MODEL_VERSION_NOT_FOUND' });
      expect(fake.callsTo(RPC.governanceModelVersionsGet)[0].data).toEqual({ versionId: VERSION_ID });
    });
  });
});
