import { randomUUID } from 'node:crypto';
import { type DecisionInputDto, DomainError, type ModelDto, type ModelVersionDto, RPC, type RegisterModelVersionRequest } from '@fulcrum/contracts';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { ACTORS, type GovernanceTestEnv, allPages, as, newProjectId, projectTrail, startGovernanceTestEnv, treeSize } from './governance.test-helpers';

const sha = (c: string) => `sha256:${c.repeat(64)}`;

function decision(id: string, patch: Partial<DecisionInputDto> = {}): DecisionInputDto {
  return { decisionId: id, subjectRef: `subj-${id}`, occurredAt: '2025-03-01T09:30:00Z', purpose: 'credit', outcome: 'approve', attributes: { sex: 'Female' }, ...patch };
}

/** What a caller learns from a refusal: code, message and details, with the id it named replaced by `<id>`. */
async function refusal(call: Promise<unknown>, id: string | number): Promise<{ code: string; message: string; details: string }> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const blank = (text: string) => text.split(String(id)).join('<id>');
    return { code: error.code, message: blank(error.message), details: blank(JSON.stringify(error.details ?? null)) };
  }
  throw new Error('the call was not refused');
}

/**
 * The policy for someone outside a project (docs/governance.md §0): every object belongs to one
 * project, and asking for it through another project gets exactly the answer for an id that does
 * not exist — same code, same message, same details. Nothing is written by such a call.
 */
describe.each(databaseKinds())('objects belong to one project on %s (real nats-server)', (kind: DatabaseKind) => {
  let env: GovernanceTestEnv;
  const A = newProjectId();
  const B = newProjectId();
  let modelA: ModelDto;
  let versionA: ModelVersionDto;
  let batchSeqA: number;

  async function registerModel(projectId: string, name: string): Promise<ModelDto> {
    return (await env.rpc.request(RPC.governanceModelsRegister, { projectId, name, description: '', owner: 'risk', riskLevel: 'HIGH' }, as(ACTORS.ana))).model;
  }

  function versionRequest(projectId: string, modelId: string, digest = 'a'): RegisterModelVersionRequest {
    return {
      projectId,
      modelId,
      artifactDigest: sha(digest),
      trainingDataset: { name: 'loans', version: '1', contentHash: sha('b'), rows: 10, source: 'test' },
      features: [{ name: 'income', sensitivity: 'PERSONAL' }],
      purposes: ['credit'],
      legalBasis: 'CONTRACT',
      solelyAutomatedSignificantDecisions: false,
      humanReviewAvailable: true,
      retentionDays: 365,
    };
  }

  async function registerVersion(projectId: string, modelId: string, digest = 'a'): Promise<ModelVersionDto> {
    return (await env.rpc.request(RPC.governanceModelVersionsRegister, versionRequest(projectId, modelId, digest), as(ACTORS.ana))).version;
  }

  beforeAll(async () => {
    env = await startGovernanceTestEnv(kind);
    modelA = await registerModel(A, 'Credit scorer');
    versionA = await registerVersion(A, modelA.id);
    const recorded = await env.rpc.request(RPC.governanceDecisionsRecord, { projectId: A, modelVersionId: versionA.id, decisions: [decision('d-1')] });
    batchSeqA = recorded.auditSeq as number;
  });

  afterAll(async () => {
    await env?.stop();
  });

  it("answers every request naming another project's object exactly as one naming an id that does not exist, and writes nothing", async () => {
    const missing = randomUUID();
    const sizeBefore = await treeSize(env.rpc, A, batchSeqA);
    const range = { from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' };
    const fairness = { attributes: ['sex'], positiveOutcome: 'approve', positiveGroundTruth: 'repaid', favorableOutcome: 'approve' };
    // [what, the call through project B with A's object, the same call with an unknown id]
    const cases: Array<[string, (id: string) => Promise<unknown>, string, string]> = [
      ['registerModelVersion', (id) => env.rpc.request(RPC.governanceModelVersionsRegister, versionRequest(B, id)), modelA.id, missing],
      ['setAlias (model)', (id) => env.rpc.request(RPC.governanceAliasesSet, { projectId: B, modelId: id, alias: 'staging', versionId: versionA.id, reason: 'r' }), modelA.id, missing],
      ['modelVersions', (id) => env.rpc.request(RPC.governanceModelVersionsList, { projectId: B, modelId: id }), modelA.id, missing],
      ['aliasMoves', (id) => env.rpc.request(RPC.governanceAliasMovesList, { projectId: B, modelId: id }), modelA.id, missing],
      ['modelVersion', (id) => env.rpc.request(RPC.governanceModelVersionsGet, { projectId: B, versionId: id }), versionA.id, missing],
      ['recordDecisions', (id) => env.rpc.request(RPC.governanceDecisionsRecord, { projectId: B, modelVersionId: id, decisions: [decision('b-1')] }), versionA.id, missing],
      ['recordOutcomes', (id) => env.rpc.request(RPC.governanceOutcomesRecord, { projectId: B, modelVersionId: id, outcomes: [{ decisionId: 'd-1', groundTruth: 'repaid' }] }), versionA.id, missing],
      ['runAudit', (id) => env.rpc.request(RPC.governanceAuditsRun, { projectId: B, modelVersionId: id, ...range, rules: null }), versionA.id, missing],
      ['audits', (id) => env.rpc.request(RPC.governanceAuditsList, { projectId: B, modelVersionId: id }), versionA.id, missing],
      ['fairnessReport', (id) => env.rpc.request(RPC.governanceFairnessReportGet, { projectId: B, modelVersionId: id, ...fairness }), versionA.id, missing],
      ['decisionProvenance', (id) => env.rpc.request(RPC.governanceDecisionProvenanceGet, { projectId: B, decisionId: id }), 'd-1', 'no-such-decision'],
    ];
    for (const [what, call, foreign, unknown] of cases) {
      const asForeign = await refusal(call(foreign), foreign);
      const asUnknown = await refusal(call(unknown), unknown);
      expect([what, asForeign]).toEqual([what, asUnknown]);
      expect(asForeign.code).toMatch(/_NOT_FOUND$/);
    }
    // setAlias naming B's own model but A's version: the version is not found, as an unknown one.
    const modelB = await registerModel(B, 'Own model');
    const setB = (versionId: string) => env.rpc.request(RPC.governanceAliasesSet, { projectId: B, modelId: modelB.id, alias: 'staging', versionId, reason: 'r' });
    expect(await refusal(setB(versionA.id), versionA.id)).toEqual(await refusal(setB(missing), missing));

    // auditProof: an entry of A through B is answered as an entry past the end of the tree.
    const size = await treeSize(env.rpc, A, batchSeqA);
    const proofB = (seq: number) => env.rpc.request(RPC.governanceAuditProofGet, { projectId: B, seq });
    expect(await refusal(proofB(batchSeqA), batchSeqA)).toEqual(await refusal(proofB(size + 10), size + 10));
    expect((await refusal(proofB(batchSeqA), batchSeqA)).code).toBe('AUDIT_ENTRY_NOT_FOUND');

    // Nothing was written for A by any of these (B's own model registration is B's one entry).
    expect(await treeSize(env.rpc, A, batchSeqA)).toBe(sizeBefore + 1);
    expect((await projectTrail(env.rpc, B)).map((e) => e.action)).toEqual(['model.registered']);
    const [stored] = await env.dataSource().query(`SELECT ground_truth FROM decisions WHERE decision_id = 'd-1'`);
    expect(stored.ground_truth).toBeNull();
  });

  it("lists only the project's own models, audits and trail entries", async () => {
    const modelsOf = (projectId: string) => allPages((after) => env.rpc.request(RPC.governanceModelsList, { projectId, ...(after && { after }) }));
    expect((await modelsOf(A)).map((m) => m.id)).toEqual([modelA.id]);
    expect((await modelsOf(B)).map((m) => m.name)).toEqual(['Own model']);
    expect(await modelsOf(newProjectId())).toEqual([]);
    const trailA = await projectTrail(env.rpc, A);
    expect(trailA.map((e) => e.projectId)).toEqual(trailA.map(() => A));
    expect(trailA.map((e) => e.action)).toEqual(['model.registered', 'model-version.registered', 'decisions.recorded']);
  });

  it('keeps names and decision ids per project: another project may reuse them, and never learns they exist elsewhere', async () => {
    const twin = await registerModel(B, modelA.name.toUpperCase());
    expect(twin.projectId).toBe(B);
    await expect(registerModel(A, modelA.name.toUpperCase())).rejects.toMatchObject({ code: 'CONFLICT' });
    const versionB = await registerVersion(B, twin.id);
    // The same decision id as A's d-1, different content (another version): accepted in B, no conflict.
    const reply = await env.rpc.request(RPC.governanceDecisionsRecord, { projectId: B, modelVersionId: versionB.id, decisions: [decision('d-1', { outcome: 'deny' })] });
    expect(reply).toMatchObject({ accepted: 1, duplicates: 0, rejected: [] });
    const provenance = (projectId: string) => env.rpc.request(RPC.governanceDecisionProvenanceGet, { projectId, decisionId: 'd-1' });
    expect((await provenance(A)).decision.outcome).toBe('approve');
    expect((await provenance(B)).decision.outcome).toBe('deny');
    expect((await provenance(B)).version.id).toBe(versionB.id);
    // Erasing a pseudonym in B leaves A's decisions of the same pseudonym alone.
    const erased = await env.rpc.request(RPC.governanceDecisionSubjectErase, { projectId: B, subjectRef: 'subj-d-1', reason: 'request' }, as(ACTORS.cleo));
    expect(erased.erasedDecisions).toBe(1);
    expect((await provenance(A)).decision).toMatchObject({ subjectRef: 'subj-d-1', erased: false });
    expect((await provenance(B)).decision).toMatchObject({ subjectRef: null, erased: true });
  });

  it('pages walk the whole list exactly once, in a stable order, with the right totalCount', async () => {
    const C = newProjectId();
    const models: ModelDto[] = [];
    for (let i = 0; i < 7; i++) models.push(await registerModel(C, `Model ${i}`));
    const expected = [...models].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1)).map((m) => m.id);
    for (const first of [1, 2, 3, 7, 8, 200]) {
      const walked = await allPages((after) => env.rpc.request(RPC.governanceModelsList, { projectId: C, first, ...(after && { after }) }));
      expect(walked.map((m) => m.id)).toEqual(expected);
    }
    const page = await env.rpc.request(RPC.governanceModelsList, { projectId: C, first: 3 });
    expect(page).toMatchObject({ totalCount: 7, hasNextPage: true });
    expect(page.edges).toHaveLength(3);
    await expect(env.rpc.request(RPC.governanceModelsList, { projectId: C, first: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(env.rpc.request(RPC.governanceModelsList, { projectId: C, first: 201 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // A cursor of another list is refused, not misread.
    const versionCursor = (await env.rpc.request(RPC.governanceModelVersionsList, { projectId: A, modelId: modelA.id })).edges[0].cursor;
    await expect(env.rpc.request(RPC.governanceModelsList, { projectId: C, after: versionCursor })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { field: 'after' },
    });

    const target = models[0];
    const versions: ModelVersionDto[] = [];
    for (let i = 0; i < 5; i++) versions.push(await registerVersion(C, target.id, String(i)));
    for (const first of [1, 2, 5, 6]) {
      const walked = await allPages((after) => env.rpc.request(RPC.governanceModelVersionsList, { projectId: C, modelId: target.id, first, ...(after && { after }) }));
      expect(walked.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    }
    for (const [alias, v] of [['staging', versions[0]], ['staging', versions[1]], ['canary', versions[2]]] as const) {
      await env.rpc.request(RPC.governanceAliasesSet, { projectId: C, modelId: target.id, alias, versionId: v.id, reason: 'r' });
    }
    const moves = await allPages((after) => env.rpc.request(RPC.governanceAliasMovesList, { projectId: C, modelId: target.id, first: 2, ...(after && { after }) }));
    expect(moves.map((m) => [m.alias, m.toVersionId])).toEqual([
      ['staging', versions[0].id],
      ['staging', versions[1].id],
      ['canary', versions[2].id],
    ]);
    expect(moves.map((m) => m.auditSeq)).toEqual([...moves.map((m) => m.auditSeq)].sort((a, b) => a - b));
    // The model shows its current aliases and how many versions it has; its lists are paged above.
    const listed = (await env.rpc.request(RPC.governanceModelsList, { projectId: C, first: 1 })).edges[0].node;
    expect(listed).toMatchObject({ id: expected[0] });
    const reloaded = (await allPages((after) => env.rpc.request(RPC.governanceModelsList, { projectId: C, ...(after && { after }) }))).find((m) => m.id === target.id);
    expect(reloaded).toMatchObject({ versionCount: 5, aliases: [{ alias: 'canary', version: 3 }, { alias: 'staging', version: 2 }] });
  });
});
