import { JSONCodec, type NatsConnection } from 'nats';
import { type DomainErrorPayload, GOVERNANCE_LIMITS, type ModelDto, type ModelVersionDto, RPC } from '@fulcrum/contracts';
import { type RequestEnvelope, envelopeFromHeaders } from '@fulcrum/messaging';
import { FakeResponder, createMemberToken } from '@fulcrum/testing';
import { type RunningGateway } from '../src/gateway.bootstrap';
import { type GatewayUnderTest, startGatewayUnderTest } from './support/gateway-under-test';

const ADMIN_TOKEN = 'ful_test_admin_token_governance_0123456789';
/** The project the role tokens are members of. */
const PROJECT_ID = '5c0ffee0-1b2c-4d3e-8f40-5a6b7c8d9e0f';
const MODEL_ID = '0b6f7a52-64a4-4ab6-9a4e-5d3b8e0c1f01';
const VERSION_ID = '7d1f3c9e-2b8a-4e6f-8c1d-9a0b1c2d3e4f';
const SHA = `sha256:${'ab'.repeat(32)}`;

type Handler = (data: Record<string, unknown>) => unknown;
interface Call {
  subject: string;
  data: Record<string, unknown>;
  /** The request envelope the gateway sent in the NATS headers (who acts, for which project). */
  envelope: RequestEnvelope;
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
        this.calls.push({ subject: msg.subject, data: packet.data, envelope: envelopeFromHeaders(msg.headers) });
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
    createdBy: 'user:0b7c6f1e-0000-4000-8000-000000000001',
    projectId: PROJECT_ID,
    versionCount: 0,
    aliases: [],
    ...overrides,
  };
}

describe('gateway governance API (real nats-server and gateway, fake governance responder)', () => {
  let gateway: RunningGateway;
  let harness: GatewayUnderTest;
  let nc: NatsConnection;
  let fake: FakeGovernance;
  const tokens: Record<'pm' | 'ds' | 'compliance', { id: string; userId: string; token: string; name: string }> = {} as never;

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
    harness = await startGatewayUnderTest({ bootstrapAdminToken: ADMIN_TOKEN });
    gateway = harness.gateway;
    nc = harness.nc;
    fake = new FakeGovernance(nc);
    fake.start();
    // Members of the project with one role each and a token of each; ingest answers the gateway's
    // "does this project exist" while the admin adds them.
    const ingest = new FakeResponder(nc)
      .listen(RPC.ingestProjectsGet)
      .on(RPC.ingestProjectsGet, () => ({ project: { id: PROJECT_ID, name: 'Lending', createdAt: '2026-01-01T00:00:00.000Z', timeZone: 'UTC' } }));
    await nc.flush();
    for (const [key, role, name] of [
      ['pm', 'PM', 'Pat PM'],
      ['ds', 'DATA_SCIENTIST', 'Dana DS'],
      ['compliance', 'COMPLIANCE', 'Cleo Compliance'],
    ] as const) {
      const member = await createMemberToken(`${gateway.url}/graphql`, ADMIN_TOKEN, { projectId: PROJECT_ID, roles: [role], name });
      tokens[key] = { id: member.tokenId, userId: member.userId, token: member.token, name };
    }
    ingest.stop();
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await harness?.stop();
  });

  /** The envelope the service must see for a member's call: their user id and display name, the project named. */
  const envelopeOf = (key: keyof typeof tokens) =>
    expect.objectContaining({ actorId: `user:${tokens[key].userId}`, actorName: tokens[key].name, projectId: PROJECT_ID });
  const OUTSIDER_PROJECT = '0ddba11a-0000-4000-8000-000000000000';

  function version(overrides: Partial<ModelVersionDto> = {}): ModelVersionDto {
    return {
      id: VERSION_ID,
      modelId: MODEL_ID,
      modelName: 'credit-scorer',
      version: 1,
      artifactDigest: SHA,
      trainingDataset: { name: 'loans', version: '2026-01', contentHash: SHA, rows: 1, source: 's3://data/loans.parquet' },
      features: [],
      purposes: ['credit-scoring'],
      legalBasis: 'CONTRACT',
      specialCategoryGround: null,
      solelyAutomatedSignificantDecisions: false,
      automatedDecisionBasis: null,
      humanReviewAvailable: true,
      retentionDays: 365,
      aliases: [],
      createdAt: '2026-03-02T10:00:00.000Z',
      createdBy: 'user:0b7c6f1e-0000-4000-8000-000000000001',
      ...overrides,
    };
  }

  describe('model registry', () => {
    const REGISTER = 'mutation($i: RegisterModelInput!) { registerModel(input: $i) { id projectId name riskLevel createdAt createdBy versionCount } }';
    const input = { projectId: PROJECT_ID, name: 'credit-scorer', description: 'Scores loan applications', owner: 'risk-team', riskLevel: 'HIGH' };

    it('refuses a PM registering a model with FORBIDDEN before asking the service', async () => {
      const res = await gql(REGISTER, { i: input }, tokens.pm.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(fake.calls).toEqual([]);
    });

    it('answers a project the caller is not a member of exactly as one that does not exist, without asking the service', async () => {
      const res = await gql(REGISTER, { i: { ...input, projectId: OUTSIDER_PROJECT } }, tokens.ds.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', domainCode: 'PROJECT_NOT_FOUND' });
      const models = await gql('query($p: ID!) { models(projectId: $p) { totalCount } }', { p: OUTSIDER_PROJECT }, tokens.pm.token);
      expect(models.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', domainCode: 'PROJECT_NOT_FOUND' });
      expect(fake.calls).toEqual([]);
    });

    it("sends a data scientist's registration with the project in the payload and the caller only in the envelope", async () => {
      fake.on(RPC.governanceModelsRegister, () => ({ model: model({ createdBy: `user:${tokens.ds.userId}` }) }));
      const res = await gql(REGISTER, { i: input }, tokens.ds.token);
      expect(res.errors).toBeUndefined();
      const [call] = fake.callsTo(RPC.governanceModelsRegister);
      expect(call.data).toEqual(input);
      expect(call.envelope).toEqual(envelopeOf('ds'));
      expect(res.data?.['registerModel']).toEqual({
        id: MODEL_ID,
        projectId: PROJECT_ID,
        name: 'credit-scorer',
        riskLevel: 'HIGH',
        createdAt: '2026-03-01T09:30:00.000Z',
        createdBy: `user:${tokens.ds.userId}`,
        versionCount: 0,
      });
    });

    it('refuses a client-supplied actor: it is not part of the input type', async () => {
      const res = await gql(REGISTER, { i: { ...input, actor: 'user:forged' } }, tokens.ds.token);
      expect(res.errors?.[0]?.extensions['code']).toBe('BAD_USER_INPUT');
      expect(fake.calls).toEqual([]);
    });

    it('maps a version registration field by field', async () => {
      const registration = {
        projectId: PROJECT_ID,
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
      const { projectId: _projectId, ...fields } = registration;
      fake.on(RPC.governanceModelVersionsRegister, () => ({ version: version({ ...(fields as Partial<ModelVersionDto>), createdBy: `user:${tokens.ds.userId}` }) }));
      const res = await gql(
        `mutation($i: RegisterModelVersionInput!) { registerModelVersion(input: $i) {
          id modelId version modelName artifactDigest trainingDataset { name version contentHash rows source } features { name sensitivity }
          purposes legalBasis specialCategoryGround solelyAutomatedSignificantDecisions automatedDecisionBasis humanReviewAvailable retentionDays aliases createdAt createdBy } }`,
        { i: registration },
        tokens.ds.token,
      );
      expect(res.errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceModelVersionsRegister)[0].data).toEqual({ ...registration, specialCategoryGround: null });
      expect(res.data?.['registerModelVersion']).toMatchObject({ id: VERSION_ID, version: 1, ...fields, specialCategoryGround: null, createdBy: `user:${tokens.ds.userId}` });
    });

    it('pages models, a model’s versions and its alias moves as Relay connections', async () => {
      fake.on(RPC.governanceModelsList, () => ({
        edges: [{ cursor: 'c1', node: model({ versionCount: 2, aliases: [{ alias: 'staging', versionId: VERSION_ID, version: 2, movedAt: '2026-03-02T00:00:00.000Z', movedBy: 'user:x' }] }) }],
        totalCount: 3,
        hasNextPage: true,
      }));
      const page = await gql(
        'query($p: ID!, $a: String) { models(projectId: $p, first: 1, after: $a) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id versionCount } } nodes { name aliases { alias version } } } }',
        { p: PROJECT_ID, a: 'c0' },
        tokens.pm.token,
      );
      expect(page.errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceModelsList)[0].data).toEqual({ projectId: PROJECT_ID, first: 1, after: 'c0' });
      expect(page.data?.['models']).toEqual({
        totalCount: 3,
        pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: 'c1', endCursor: 'c1' },
        edges: [{ cursor: 'c1', node: { id: MODEL_ID, versionCount: 2 } }],
        nodes: [{ name: 'credit-scorer', aliases: [{ alias: 'staging', version: 2 }] }],
      });

      fake.on(RPC.governanceModelVersionsList, () => ({ edges: [{ cursor: 'v1', node: version() }], totalCount: 1, hasNextPage: false }));
      const versions = await gql('query($p: ID!, $m: ID!) { modelVersions(projectId: $p, modelId: $m) { totalCount nodes { id version } } }', { p: PROJECT_ID, m: MODEL_ID }, tokens.pm.token);
      expect(versions.data?.['modelVersions']).toEqual({ totalCount: 1, nodes: [{ id: VERSION_ID, version: 1 }] });
      expect(fake.callsTo(RPC.governanceModelVersionsList)[0].data).toEqual({ projectId: PROJECT_ID, modelId: MODEL_ID });

      const moveDto = { id: 'mv-1', alias: 'staging', fromVersionId: null, toVersionId: VERSION_ID, actor: 'user:x', reason: 'r', at: '2026-03-03T00:00:00.000Z', gateOverrideReason: null, auditSeq: 4 };
      fake.on(RPC.governanceAliasMovesList, () => ({ edges: [{ cursor: 'm1', node: moveDto }], totalCount: 1, hasNextPage: false }));
      const moves = await gql('query($p: ID!, $m: ID!) { aliasMoves(projectId: $p, modelId: $m, first: 10) { nodes { alias toVersionId auditSeq } } }', { p: PROJECT_ID, m: MODEL_ID }, tokens.pm.token);
      expect(moves.data?.['aliasMoves']).toEqual({ nodes: [{ alias: 'staging', toVersionId: VERSION_ID, auditSeq: 4 }] });
    });
  });

  describe('aliases and the promotion gate', () => {
    const SET_ALIAS = 'mutation($i: SetAliasInput!) { setAlias(input: $i) { model { id aliases { alias versionId } } move { alias toVersionId gateOverrideReason auditSeq actor at } } }';
    const move = { projectId: PROJECT_ID, modelId: MODEL_ID, alias: 'production', versionId: VERSION_ID, reason: 'Q2 release' };

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
      expect(fake.callsTo(RPC.governanceAliasesSet)[0].data).toEqual(move);
    });

    it("forwards a compliance reviewer's override, with their identity in the envelope", async () => {
      fake.on(RPC.governanceAliasesSet, (data) => ({
        model: model({ aliases: [{ alias: 'production', versionId: VERSION_ID, version: 1, movedAt: '2026-03-03T00:00:00.000Z', movedBy: `user:${tokens.compliance.userId}` }] }),
        move: {
          id: 'mv-1',
          alias: 'production',
          fromVersionId: null,
          toVersionId: VERSION_ID,
          actor: `user:${tokens.compliance.userId}`,
          reason: data['reason'],
          at: '2026-03-03T00:00:00.000Z',
          gateOverrideReason: data['gateOverrideReason'],
          auditSeq: 7,
        },
      }));
      const res = await gql(SET_ALIAS, { i: { ...move, gateOverrideReason: 'Board decision 2026-14' } }, tokens.compliance.token);
      expect(res.errors).toBeUndefined();
      const [call] = fake.callsTo(RPC.governanceAliasesSet);
      expect(call.data).toEqual({ ...move, gateOverrideReason: 'Board decision 2026-14' });
      expect(call.envelope).toEqual(envelopeOf('compliance'));
      expect(res.data?.['setAlias']).toEqual({
        model: { id: MODEL_ID, aliases: [{ alias: 'production', versionId: VERSION_ID }] },
        move: {
          alias: 'production',
          toVersionId: VERSION_ID,
          gateOverrideReason: 'Board decision 2026-14',
          auditSeq: 7,
          actor: `user:${tokens.compliance.userId}`,
          at: '2026-03-03T00:00:00.000Z',
        },
      });
    });
  });

  describe('decisions', () => {
    const RECORD =
      'mutation($p: ID!, $v: ID!, $d: [DecisionInput!]!) { recordDecisions(projectId: $p, modelVersionId: $v, decisions: $d) { accepted duplicates rejected { index code message } auditSeq } }';
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
      const res = await gql(RECORD, { p: PROJECT_ID, v: VERSION_ID, d: rows(GOVERNANCE_LIMITS.maxDecisionsPerCall + 1) }, tokens.ds.token);
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
      const res = await gql(RECORD, { p: PROJECT_ID, v: VERSION_ID, d: batch }, tokens.ds.token);
      expect(res.errors).toBeUndefined();
      expect(res.data?.['recordDecisions']).toEqual({
        accepted: 9_998,
        duplicates: 1,
        rejected: [{ index: 4, code: 'INVALID_FIELD', message: 'occurredAt must be an ISO-8601 date-time with an offset' }],
        auditSeq: 12,
      });
      const [call] = fake.callsTo(RPC.governanceDecisionsRecord);
      expect(call.data).toEqual({ projectId: PROJECT_ID, modelVersionId: VERSION_ID, decisions: batch });
      expect(call.envelope).toEqual(envelopeOf('ds'));
    });

    it('passes rows with only the required fields on without inventing optional ones', async () => {
      fake.on(RPC.governanceDecisionsRecord, () => ({ accepted: 1, duplicates: 0, rejected: [], auditSeq: 3 }));
      const row = { decisionId: 'd-x', subjectRef: 's', occurredAt: '2026-03-01T09:30:00Z', purpose: 'credit-scoring', outcome: 'approve' };
      const res = await gql(RECORD, { p: PROJECT_ID, v: VERSION_ID, d: [row] }, tokens.ds.token);
      expect(res.errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceDecisionsRecord)[0].data['decisions']).toEqual([row]);
    });

    it('lets only data scientists and admins record, and only compliance reviewers and admins erase', async () => {
      const one = rows(1);
      expect((await gql(RECORD, { p: PROJECT_ID, v: VERSION_ID, d: one }, tokens.pm.token)).errors?.[0]?.extensions['code']).toBe('FORBIDDEN');
      expect((await gql(RECORD, { p: PROJECT_ID, v: VERSION_ID, d: one }, tokens.compliance.token)).errors?.[0]?.extensions['code']).toBe('FORBIDDEN');
      const ERASE = 'mutation($p: ID!) { eraseDecisionSubject(projectId: $p, subjectRef: "subj-1", reason: "Art. 17 request #88") { erasedDecisions auditSeq } }';
      expect((await gql(ERASE, { p: PROJECT_ID }, tokens.ds.token)).errors?.[0]?.extensions['code']).toBe('FORBIDDEN');
      expect(fake.calls).toEqual([]);
      fake.on(RPC.governanceDecisionSubjectErase, () => ({ erasedDecisions: 3, auditSeq: 40 }));
      const erased = await gql(ERASE, { p: PROJECT_ID }, tokens.compliance.token);
      expect(erased.data?.['eraseDecisionSubject']).toEqual({ erasedDecisions: 3, auditSeq: 40 });
      const [call] = fake.callsTo(RPC.governanceDecisionSubjectErase);
      expect(call.data).toEqual({ projectId: PROJECT_ID, subjectRef: 'subj-1', reason: 'Art. 17 request #88' });
      expect(call.envelope).toEqual(envelopeOf('compliance'));
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
            projectId: PROJECT_ID, modelVersionId: VERSION_ID, attributes: ['sex'], positiveOutcome: 'approve', positiveGroundTruth: 'repaid', favorableOutcome: 'approve',
            referenceGroup: [{ attribute: 'sex', value: 'M' }], from: '2026-01-01T00:00:00Z',
          },
        },
        tokens.pm.token,
      );
      expect(res.errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceFairnessReportGet)[0].data).toEqual({
        projectId: PROJECT_ID, modelVersionId: VERSION_ID, attributes: ['sex'], positiveOutcome: 'approve', positiveGroundTruth: 'repaid', favorableOutcome: 'approve',
        referenceGroup: { sex: 'M' }, from: '2026-01-01T00:00:00.000Z', to: null, minGroupSize: null,
      });
      const report = res.data?.['fairnessReport'] as Record<string, unknown>;
      expect(report['groups']).toEqual([{ group: [{ attribute: 'sex', value: 'F' }], ...group }]);
      expect(report['referenceGroup']).toEqual({ label: 'sex=M', chosenBy: 'GIVEN', group: [{ attribute: 'sex', value: 'M' }] });
    });

    it('runs audits for compliance reviewers with the period as ISO instants, refuses a PM, and pages the audits', async () => {
      const RUN =
        'mutation($from: DateTime!, $to: DateTime!) { runAudit(projectId: "' + PROJECT_ID + '", modelVersionId: "' + VERSION_ID + '", from: $from, to: $to, rules: ["four-fifths"]) { id outcome from findings { ruleId status evidence } } }';
      const period = { from: '2026-01-01T00:00:00+01:00', to: '2026-04-01T00:00:00Z' };
      expect((await gql(RUN, period, tokens.pm.token)).errors?.[0]?.extensions['code']).toBe('FORBIDDEN');
      const audit = (data: Record<string, unknown>) => ({
        id: 'audit-1', modelVersionId: VERSION_ID, from: data['from'], to: data['to'], rules: ['four-fifths'], outcome: 'FAILED',
        findings: [{ ruleId: 'four-fifths', title: 'Four-fifths rule', citation: '29 CFR 1607.4(D)', status: 'FAIL', summary: 'Impact ratio 0.62', evidence: { impactRatio: 0.62, groups: [{ label: 'sex=F' }] } }],
        ranAt: '2026-04-02T08:00:00.000Z', ranBy: `user:${tokens.compliance.userId}`, auditSeq: 21,
      });
      fake.on(RPC.governanceAuditsRun, (data) => ({ audit: audit(data) }));
      const res = await gql(RUN, period, tokens.compliance.token);
      expect(res.errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceAuditsRun)[0].data).toEqual({
        projectId: PROJECT_ID, modelVersionId: VERSION_ID, from: '2025-12-31T23:00:00.000Z', to: '2026-04-01T00:00:00.000Z', rules: ['four-fifths'],
        favorableOutcome: null,
        ll144ExcludeUnder2Percent: null,
      });
      expect(fake.callsTo(RPC.governanceAuditsRun)[0].envelope).toEqual(envelopeOf('compliance'));
      expect(res.data?.['runAudit']).toEqual({
        id: 'audit-1', outcome: 'FAILED', from: '2025-12-31T23:00:00.000Z',
        findings: [{ ruleId: 'four-fifths', status: 'FAIL', evidence: { impactRatio: 0.62, groups: [{ label: 'sex=F' }] } }],
      });
      const invalid = await gql(RUN, { ...period, from: 'not a date' }, tokens.compliance.token);
      expect(invalid.errors?.[0]?.extensions['code']).toBe('BAD_USER_INPUT');
      const withFavorable = RUN.replace('rules: ["four-fifths"])', 'rules: ["four-fifths"], favorableOutcome: "approve")');
      expect((await gql(withFavorable, period, tokens.compliance.token)).errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceAuditsRun)[1].data).toMatchObject({ favorableOutcome: 'approve' });

      fake.on(RPC.governanceAuditsList, () => ({ edges: [{ cursor: 'a1', node: audit({ from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' }) }], totalCount: 5, hasNextPage: true }));
      const audits = await gql('query($p: ID!) { audits(projectId: $p, modelVersionId: "' + VERSION_ID + '", first: 1) { totalCount pageInfo { endCursor hasNextPage } nodes { id ranBy } } }', { p: PROJECT_ID }, tokens.pm.token);
      expect(audits.errors).toBeUndefined();
      expect(audits.data?.['audits']).toEqual({ totalCount: 5, pageInfo: { endCursor: 'a1', hasNextPage: true }, nodes: [{ id: 'audit-1', ranBy: `user:${tokens.compliance.userId}` }] });
      expect(fake.callsTo(RPC.governanceAuditsList)[0].data).toEqual({ projectId: PROJECT_ID, modelVersionId: VERSION_ID, first: 1 });
    });

    it("pages the project's audit trail for its compliance reviewers, and exports the whole tree only for instance admins", async () => {
      const entry = {
        v: 2, seq: 5, at: '2026-03-01T09:30:00.123Z', actor: 'service:ingest', actorName: 'Ingest', projectId: PROJECT_ID, action: 'project.created', subject: 'project:p1',
        payloadHash: SHA, leafHash: 'ab'.repeat(32), payload: { name: 'Shop', nested: { ok: true } }, erased: false,
      };
      const old = { ...entry, v: 1, seq: 6, actor: 'token:1:ana', actorName: null, payload: null, erased: true };
      fake.on(RPC.governanceAuditTrailList, () => ({ edges: [{ cursor: 'e5', node: entry }, { cursor: 'e6', node: old }], totalCount: 9, hasNextPage: true }));
      const TRAIL = 'query($p: ID!) { auditTrail(projectId: $p, first: 2, after: "e4") { totalCount pageInfo { endCursor hasNextPage } nodes { v seq at actor actorName projectId action subject payloadHash leafHash payload erased } } }';
      expect((await gql(TRAIL, { p: PROJECT_ID }, tokens.pm.token)).errors?.[0]?.extensions['code']).toBe('FORBIDDEN');
      const page = await gql(TRAIL, { p: PROJECT_ID }, tokens.compliance.token);
      expect(page.errors).toBeUndefined();
      expect(fake.callsTo(RPC.governanceAuditTrailList).map((c) => c.data)).toEqual([{ projectId: PROJECT_ID, first: 2, after: 'e4' }]);
      expect(page.data?.['auditTrail']).toEqual({ totalCount: 9, pageInfo: { endCursor: 'e6', hasNextPage: true }, nodes: [entry, old] });

      const EXPORT = '{ exportAuditTrail }';
      for (const key of ['pm', 'ds', 'compliance'] as const) expect((await gql(EXPORT, {}, tokens[key].token)).errors?.[0]?.extensions['code']).toBe('FORBIDDEN');
      expect(fake.callsTo(RPC.governanceAuditTrailExport)).toEqual([]);
      const document = { format: 'fulcrum.audit-export.v1', entries: [{ entry, leafHash: entry.leafHash }], treeHead: { treeSize: 1 }, publicKeyPem: '-----BEGIN PUBLIC KEY-----\n…' };
      fake.on(RPC.governanceAuditTrailExport, () => ({ export: document }));
      const exported = await gql(EXPORT, {}, ADMIN_TOKEN);
      expect(exported.errors).toBeUndefined();
      expect(exported.data?.['exportAuditTrail']).toEqual(document);
      expect(fake.callsTo(RPC.governanceAuditTrailExport)[0].data).toEqual({});
    });

    it("pages a project's rejected JetStream decisions for every member, payloads as JSON or text, and maps a refused cursor to BAD_USER_INPUT", async () => {
      const row = {
        id: 41, streamSeq: 7, rowIndex: 1, modelVersionId: VERSION_ID, decisionId: 'd-2', code: 'INVALID_FIELD', reason: 'occurredAt must be an ISO-8601 date-time',
        payload: { decisionId: 'd-2', occurredAt: 'tomorrow', attributes: { sex: 'F' } }, payloadText: null, actor: 'service:scorer', rejectedAt: '2026-03-01T09:30:00.123Z', erasedAt: null,
      };
      const whole = { ...row, id: 42, streamSeq: 8, rowIndex: -1, decisionId: null, code: 'INVALID_MESSAGE', payload: null, payloadText: '{"v":2, oops', actor: null, erasedAt: '2026-03-02T00:00:00.000Z' };
      fake.on(RPC.governanceRejectedDecisionsList, () => ({ edges: [{ cursor: 'r41', node: row }, { cursor: 'r42', node: whole }], totalCount: 5, hasNextPage: true }));
      const LIST =
        'query($p: ID!, $a: String) { rejectedDecisions(projectId: $p, first: 2, after: $a) { totalCount pageInfo { hasNextPage startCursor endCursor } edges { cursor } nodes { id streamSeq rowIndex modelVersionId decisionId code reason payload payloadText actor rejectedAt erasedAt } } }';
      for (const key of ['pm', 'ds', 'compliance'] as const) {
        const page = await gql(LIST, { p: PROJECT_ID, a: 'r40' }, tokens[key].token);
        expect(page.errors).toBeUndefined();
        expect(page.data?.['rejectedDecisions']).toEqual({
          totalCount: 5,
          pageInfo: { hasNextPage: true, startCursor: 'r41', endCursor: 'r42' },
          edges: [{ cursor: 'r41' }, { cursor: 'r42' }],
          nodes: [
            { ...row, id: '41' },
            { ...whole, id: '42' },
          ],
        });
      }
      const calls = fake.callsTo(RPC.governanceRejectedDecisionsList);
      expect(calls.map((c) => c.data)).toEqual([0, 1, 2].map(() => ({ projectId: PROJECT_ID, first: 2, after: 'r40' })));
      expect(calls[0].envelope).toEqual(envelopeOf('pm'));
      // Without first and after, the service's defaults apply: nothing invented on the way.
      await gql('query($p: ID!) { rejectedDecisions(projectId: $p) { totalCount } }', { p: PROJECT_ID }, tokens.pm.token);
      expect(fake.callsTo(RPC.governanceRejectedDecisionsList)[3].data).toEqual({ projectId: PROJECT_ID });

      fake.on(RPC.governanceRejectedDecisionsList, () => {
        throw new FakeError({ code: 'VALIDATION_FAILED', message: 'after is not a cursor of this list', details: { field: 'after' } });
      });
      const refused = await gql(LIST, { p: PROJECT_ID, a: 'WyJhdWRpdC10cmFpbCIsMV0' }, tokens.pm.token);
      expect(refused.data).toBeNull();
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', domainCode: 'VALIDATION_FAILED', details: { field: 'after' } });
      const outsider = await gql(LIST, { p: OUTSIDER_PROJECT, a: null }, tokens.pm.token);
      expect(outsider.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', domainCode: 'PROJECT_NOT_FOUND' });
      expect(fake.callsTo(RPC.governanceRejectedDecisionsList)).toHaveLength(5);
    });

    it('proves an entry of the project, and maps not-found codes of the service to NOT_FOUND', async () => {
      fake.on(RPC.governanceAuditProofGet, () => {
        throw new FakeError({ code: 'AUDIT_ENTRY_NOT_FOUND', message: 'No audit trail entry 3', details: { seq: 3 } });
      });
      const proof = await gql('query($p: ID!) { auditProof(projectId: $p, seq: 3, fromTreeSize: 2) { inclusion { leafIndex } } }', { p: PROJECT_ID }, tokens.compliance.token);
      expect(proof.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', domainCode: 'AUDIT_ENTRY_NOT_FOUND', details: { seq: 3 } });
      expect(fake.callsTo(RPC.governanceAuditProofGet)[0].data).toEqual({ projectId: PROJECT_ID, seq: 3, treeSize: null, fromTreeSize: 2 });

      fake.on(RPC.governanceModelVersionsGet, () => {
        throw new FakeError({ code: 'MODEL_VERSION_NOT_FOUND', message: 'No such model version.' });
      });
      const res = await gql('query($p: ID!, $id: ID!) { modelVersion(projectId: $p, id: $id) { id } }', { p: PROJECT_ID, id: VERSION_ID }, tokens.pm.token);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', domainCode: 'MODEL_VERSION_NOT_FOUND' });
      expect(fake.callsTo(RPC.governanceModelVersionsGet)[0].data).toEqual({ projectId: PROJECT_ID, versionId: VERSION_ID });
      fake.on(RPC.governanceDecisionProvenanceGet, () => {
        throw new FakeError({ code: 'DECISION_NOT_FOUND', message: 'no decision "d-1"', details: { decisionId: 'd-1' } });
      });
      const provenance = await gql('query($p: ID!) { decisionProvenance(projectId: $p, decisionId: "d-1") { purposeDeclared } }', { p: PROJECT_ID }, tokens.pm.token);
      expect(provenance.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', domainCode: 'DECISION_NOT_FOUND' });
      expect(fake.callsTo(RPC.governanceDecisionProvenanceGet)[0].data).toEqual({ projectId: PROJECT_ID, decisionId: 'd-1' });
    });
  });
});
