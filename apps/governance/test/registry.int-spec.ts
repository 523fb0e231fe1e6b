import {
  type AuditTrailEntryDto,
  type ModelDto,
  PRODUCTION_ALIAS,
  RPC,
  type RegisterModelVersionRequest,
  type RpcRequest,
} from '@fulcrum/contracts';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { ACTORS, type GovernanceTestEnv, type TestActor, allPages, as, newProjectId, projectTrail, startGovernanceTestEnv } from './governance.test-helpers';

const sha = (c: string) => `sha256:${c.repeat(64)}`;
const MISSING = '00000000-0000-4000-8000-000000000000';
const PROJECT = newProjectId();

function versionRequest(modelId: string, overrides: Partial<RegisterModelVersionRequest> = {}): RpcRequest<typeof RPC.governanceModelVersionsRegister> {
  return {
    projectId: PROJECT,
    modelId,
    artifactDigest: sha('a'),
    trainingDataset: { name: 'loans', version: '2025-01', contentHash: sha('b'), rows: 120_000, source: 's3://data/loans/2025-01' },
    features: [
      { name: 'income', sensitivity: 'PERSONAL' },
      { name: 'zip_code', sensitivity: 'NONE' },
    ],
    purposes: ['credit-scoring'],
    legalBasis: 'CONTRACT',
    solelyAutomatedSignificantDecisions: false,
    humanReviewAvailable: true,
    retentionDays: 365,
    ...overrides,
  };
}

describe.each(databaseKinds())('model registry on %s (real nats-server)', (kind: DatabaseKind) => {
  let env: GovernanceTestEnv;

  beforeAll(async () => {
    env = await startGovernanceTestEnv(kind, { promotionAuditMaxAgeDays: 30 });
  });

  afterAll(async () => {
    await env?.stop();
  });

  function trail(): Promise<AuditTrailEntryDto[]> {
    return projectTrail(env.rpc, PROJECT);
  }

  async function registerModel(name: string): Promise<ModelDto> {
    const request = { projectId: PROJECT, name, description: 'Scores applicants', owner: 'risk-team', riskLevel: 'HIGH' } as const;
    return (await env.rpc.request(RPC.governanceModelsRegister, request, as(ACTORS.ana))).model;
  }

  function versionsOf(modelId: string) {
    return allPages((after) => env.rpc.request(RPC.governanceModelVersionsList, { projectId: PROJECT, modelId, ...(after && { after }) }));
  }

  function movesOf(modelId: string) {
    return allPages((after) => env.rpc.request(RPC.governanceAliasMovesList, { projectId: PROJECT, modelId, ...(after && { after }) }));
  }

  it('registers a model and numbered versions, each with its audit-trail entry', async () => {
    const before = (await trail()).length;
    const model = await registerModel('  Credit Scorer  ');
    expect(model).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      projectId: PROJECT,
      name: 'Credit Scorer',
      description: 'Scores applicants',
      owner: 'risk-team',
      riskLevel: 'HIGH',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      createdBy: ACTORS.ana.actorId,
      versionCount: 0,
      aliases: [],
    });

    const v1 = (await env.rpc.request(RPC.governanceModelVersionsRegister, versionRequest(model.id), as(ACTORS.ana))).version;
    // SPECIAL_CATEGORY without a ground is accepted at registration: rule gdpr-art-9 reports it.
    const v2 = (
      await env.rpc.request(
        RPC.governanceModelVersionsRegister,
        versionRequest(model.id, { artifactDigest: sha('c'), features: [{ name: 'health', sensitivity: 'SPECIAL_CATEGORY' }], purposes: ['credit-scoring', 'fraud'] }),
        as(ACTORS.ana),
      )
    ).version;
    expect(v1).toMatchObject({ modelId: model.id, modelName: 'Credit Scorer', version: 1, artifactDigest: sha('a'), aliases: [], specialCategoryGround: null, automatedDecisionBasis: null });
    expect(v2).toMatchObject({ version: 2, artifactDigest: sha('c'), purposes: ['credit-scoring', 'fraud'], specialCategoryGround: null });
    expect((await env.rpc.request(RPC.governanceModelVersionsGet, { projectId: PROJECT, versionId: v1.id })).version).toEqual(v1);

    const listed = (await allPages((after) => env.rpc.request(RPC.governanceModelsList, { projectId: PROJECT, ...(after && { after }) }))).find(
      (m) => m.id === model.id,
    );
    expect(listed?.versionCount).toBe(2);
    expect(await versionsOf(model.id)).toEqual([v1, v2]);

    const entries = (await trail()).slice(before);
    expect(entries.map((e) => [e.action, e.subject])).toEqual([
      ['model.registered', `model:${model.id}`],
      ['model-version.registered', `model-version:${v1.id}`],
      ['model-version.registered', `model-version:${v2.id}`],
    ]);
    expect(entries.map((e) => e.seq)).toEqual([before, before + 1, before + 2]);
    // New entries commit to the project and to who acted, with their name at the time.
    for (const e of entries) expect(e).toMatchObject({ v: 2, projectId: PROJECT, actor: ACTORS.ana.actorId, actorName: ACTORS.ana.actorName });
    // The leaf commits to the whole version: its payload is the version (without its aliases).
    const { aliases: _aliases, ...v1Record } = v1;
    expect(entries[1].payload).toEqual(v1Record);
    expect(entries[0].payload).toMatchObject({ id: model.id, projectId: PROJECT, name: 'Credit Scorer', riskLevel: 'HIGH', createdAt: model.createdAt });
  });

  it('numbers concurrent registrations of one model without gaps or repeats', async () => {
    const model = await registerModel('Concurrent');
    const versions = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => env.rpc.request(RPC.governanceModelVersionsRegister, versionRequest(model.id, { artifactDigest: sha(String(i)) }))),
    );
    expect(versions.map((r) => r.version.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps versions immutable: no update RPC, and the database refuses changes', async () => {
    const model = await registerModel('Immutable');
    const v1 = (await env.rpc.request(RPC.governanceModelVersionsRegister, versionRequest(model.id))).version;
    await expect(env.dataSource().query('UPDATE model_versions SET artifact_digest = $1 WHERE id = $2', [sha('f'), v1.id])).rejects.toThrow(
      /immutable/,
    );
    await expect(env.dataSource().query('DELETE FROM model_versions WHERE id = $1', [v1.id])).rejects.toThrow(/immutable/);
    expect((await env.rpc.request(RPC.governanceModelVersionsGet, { projectId: PROJECT, versionId: v1.id })).version).toEqual(v1);
  });

  it('refuses bad requests with coded errors and records nothing for them', async () => {
    await registerModel('Dup');
    const before = (await trail()).length;
    await expect(registerModel('Dup')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(registerModel('  dUP ')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(registerModel('   ')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'name' } });
    await expect(env.rpc.request(RPC.governanceModelVersionsRegister, versionRequest(MISSING))).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(env.rpc.request(RPC.governanceModelVersionsGet, { projectId: PROJECT, versionId: MISSING })).rejects.toMatchObject({ code: 'MODEL_VERSION_NOT_FOUND' });
    await expect(env.rpc.request(RPC.governanceModelVersionsGet, { projectId: PROJECT, versionId: 'nope' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(env.rpc.request(RPC.governanceModelVersionsGet, { projectId: 'p1', versionId: MISSING } as never)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'projectId' },
    });
    await expect(
      env.rpc.request(RPC.governanceModelsRegister, { projectId: PROJECT, actor: 'me', name: 'X', description: '', owner: 'o', riskLevel: 'HIGH' } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

    const model = await registerModel('Validated');
    const afterModel = (await trail()).length;
    expect(afterModel).toBe(before + 1);
    const bad: Array<[Partial<RegisterModelVersionRequest>, string]> = [
      [{ features: [{ name: 'age', sensitivity: 'PERSONAL' }, { name: 'age', sensitivity: 'NONE' }] }, 'features.1.name'],
      [{ purposes: [' '] }, 'purposes.0'],
      [{ artifactDigest: 'md5:abc' }, 'artifactDigest'],
      [{ retentionDays: 0 }, 'retentionDays'],
      [{ features: [{ name: 'a\u0000b', sensitivity: 'NONE' }] }, 'features.0.name'],
    ];
    for (const [overrides, field] of bad) {
      await expect(env.rpc.request(RPC.governanceModelVersionsRegister, versionRequest(model.id, overrides))).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { field },
      });
    }
    expect((await trail()).length).toBe(afterModel);
  });

  it('moves aliases with the full history, gates production, and records overrides', async () => {
    const model = await registerModel('Churn');
    const other = await registerModel('Other');
    const v1 = (await env.rpc.request(RPC.governanceModelVersionsRegister, versionRequest(model.id))).version;
    const v2 = (await env.rpc.request(RPC.governanceModelVersionsRegister, versionRequest(model.id, { artifactDigest: sha('d') }))).version;
    const foreign = (await env.rpc.request(RPC.governanceModelVersionsRegister, versionRequest(other.id))).version;
    const set = (alias: string, versionId: string, extra: { gateOverrideReason?: string | null } = {}, actor: TestActor = ACTORS.ben) =>
      env.rpc.request(RPC.governanceAliasesSet, { projectId: PROJECT, modelId: model.id, alias, versionId, reason: `move ${alias}`, ...extra }, as(actor));

    const first = await set('staging', v1.id);
    expect(first.move).toMatchObject({ alias: 'staging', fromVersionId: null, toVersionId: v1.id, actor: ACTORS.ben.actorId, gateOverrideReason: null });
    const second = await set('staging', v2.id);
    expect(second.move).toMatchObject({ fromVersionId: v1.id, toVersionId: v2.id });
    // Same target again: a no-op that answers with the move that put it there.
    const again = await set('staging', v2.id);
    expect(again.move).toEqual(second.move);
    expect(await movesOf(model.id)).toEqual([first.move, second.move]);
    expect(again.model.aliases).toEqual([{ alias: 'staging', versionId: v2.id, version: 2, movedAt: second.move.at, movedBy: ACTORS.ben.actorId }]);
    expect((await versionsOf(model.id)).map((v) => v.aliases)).toEqual([[], ['staging']]);
    expect((await env.rpc.request(RPC.governanceModelVersionsGet, { projectId: PROJECT, versionId: v2.id })).version.aliases).toEqual(['staging']);

    await expect(set('staging', foreign.id)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'versionId' } });
    await expect(set('staging', MISSING)).rejects.toMatchObject({ code: 'MODEL_VERSION_NOT_FOUND' });
    await expect(env.rpc.request(RPC.governanceAliasesSet, { projectId: PROJECT, modelId: MISSING, alias: 'staging', versionId: v1.id, reason: 'r' })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
    await expect(set('Bad Alias', v1.id)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

    // No PASSED audit of v2 exists, so the gate blocks production, and nothing is recorded.
    const sizeBefore = (await trail()).length;
    await expect(set(PRODUCTION_ALIAS, v2.id)).rejects.toMatchObject({
      code: 'PROMOTION_BLOCKED',
      details: { versionId: v2.id, maxAgeDays: 30 },
    });
    expect((await trail()).length).toBe(sizeBefore);

    const overridden = await set(PRODUCTION_ALIAS, v2.id, { gateOverrideReason: 'Regulator deadline; audit scheduled' }, ACTORS.cleo);
    expect(overridden.move).toMatchObject({ alias: 'production', toVersionId: v2.id, actor: ACTORS.cleo.actorId, gateOverrideReason: 'Regulator deadline; audit scheduled' });
    expect(await movesOf(model.id)).toEqual([first.move, second.move, overridden.move]);
    expect(overridden.model.aliases.map((a) => [a.alias, a.version])).toEqual([
      ['production', 2],
      ['staging', 2],
    ]);

    const entries = await trail();
    const bySeq = new Map(entries.map((e) => [e.seq, e]));
    for (const move of [first.move, second.move]) {
      expect(bySeq.get(move.auditSeq)).toMatchObject({ action: 'alias.moved', actor: ACTORS.ben.actorId, actorName: ACTORS.ben.actorName, subject: `model:${model.id}/alias:staging` });
    }
    expect(bySeq.get(second.move.auditSeq)?.payload).toMatchObject({ fromVersionId: v1.id, toVersionId: v2.id, reason: 'move staging', gate: { required: false } });
    expect(bySeq.get(overridden.move.auditSeq)).toMatchObject({
      action: 'alias.moved',
      actor: ACTORS.cleo.actorId,
      actorName: ACTORS.cleo.actorName,
      payload: { toVersionId: v2.id, gate: { required: true, overridden: true, maxAgeDays: 30 } },
    });
    expect(bySeq.get(overridden.move.auditSeq + 1)).toMatchObject({
      action: 'alias.gate-overridden',
      actor: ACTORS.cleo.actorId,
      projectId: PROJECT,
      subject: `model:${model.id}/alias:production`,
      payload: { moveId: overridden.move.id, versionId: v2.id, gateOverrideReason: 'Regulator deadline; audit scheduled', maxAgeDays: 30 },
    });
    // The trail has exactly one entry per action: contiguous seqs from 0 (everything here is this project's).
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i));
  });

  it('opens the gate for a version with a recent PASSED audit, and records which audit', async () => {
    const model = await registerModel('Audited');
    const version = (await env.rpc.request(RPC.governanceModelVersionsRegister, versionRequest(model.id))).version;
    const { audit } = await env.rpc.request(
      RPC.governanceAuditsRun,
      {
        projectId: PROJECT,
        modelVersionId: version.id,
      from: new Date(Date.now() - 86_400_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
        rules: null, // the whole catalog: only a full audit opens the gate
      },
      as(ACTORS.cleo),
    );
    expect(audit.outcome).toBe('PASSED');

    // An override reason sent although the gate passes bypasses nothing: not recorded as an override.
    const reply = await env.rpc.request(
      RPC.governanceAliasesSet,
      { projectId: PROJECT, modelId: model.id, alias: PRODUCTION_ALIAS, versionId: version.id, reason: 'audited', gateOverrideReason: 'not needed' },
      as(ACTORS.ben),
    );
    expect(reply.move).toMatchObject({ alias: PRODUCTION_ALIAS, toVersionId: version.id, gateOverrideReason: null });
    const entries = await trail();
    expect(entries[entries.length - 1]).toMatchObject({
      seq: reply.move.auditSeq,
      action: 'alias.moved',
      payload: { gate: { required: true, maxAgeDays: 30, passedAuditId: audit.id, passedAuditSeq: audit.auditSeq } },
    });
  });
});
