import { type AuditProofReply, type ModelVersionDto, RPC } from '@fulcrum/contracts';
import { auditEntryLeafHash, createAuditEntry, hashFromHex, hashToHex, verifyInclusion, verifyTreeHead } from '@fulcrum/audit-log';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { type GovernanceTestEnv, as, newProjectId, startGovernanceTestEnv } from './governance.test-helpers';

const sha = (c: string) => `sha256:${c.repeat(64)}`;
const PROJECT = newProjectId();

function hash(hex: string): Buffer {
  const bytes = hashFromHex(hex);
  if (!bytes) throw new Error(`not a hash: ${hex}`);
  return bytes;
}

describe.each(databaseKinds())('decision provenance on %s (real nats-server)', (kind: DatabaseKind) => {
  let env: GovernanceTestEnv;
  let version: ModelVersionDto;
  let modelId: string;

  /** The proof checks out offline: leaf recomputed from the entry, path to the signed root, signature by the trail's key. */
  async function expectVerifiable(proof: AuditProofReply): Promise<void> {
    const { entry, inclusion, treeHead } = proof;
    // The entry's hashed fields: for v 2 also v, actorName and projectId.
    const leaf = auditEntryLeafHash(createAuditEntry(entry));
    expect(hashToHex(leaf)).toBe(inclusion.leafHash);
    expect(inclusion).toMatchObject({ leafIndex: entry.seq, treeSize: treeHead.treeSize });
    expect(verifyInclusion(leaf, inclusion.leafIndex, inclusion.treeSize, inclusion.path.map(hash), hash(treeHead.rootHash))).toBe(true);
    // A proof for another leaf does not verify against the same root (the check can fail).
    const other = Buffer.from(leaf);
    other[0] ^= 1;
    expect(verifyInclusion(other, inclusion.leafIndex, inclusion.treeSize, inclusion.path.map(hash), hash(treeHead.rootHash))).toBe(false);
    const { publicKeyPem } = await env.rpc.request(RPC.governanceAuditPublicKeyGet, {});
    expect(verifyTreeHead({ treeSize: treeHead.treeSize, rootHash: treeHead.rootHash, timestamp: treeHead.timestamp, signature: treeHead.signature }, publicKeyPem)).toBe(true);
  }

  beforeAll(async () => {
    env = await startGovernanceTestEnv(kind);
    const { model } = await env.rpc.request(RPC.governanceModelsRegister, { projectId: PROJECT, name: 'Loan approver', description: 'Approves loans', owner: 'credit-risk', riskLevel: 'HIGH' });
    modelId = model.id;
    version = (
      await env.rpc.request(RPC.governanceModelVersionsRegister, {
        projectId: PROJECT,
        modelId: model.id,
        artifactDigest: sha('9'),
        trainingDataset: { name: 'loans', version: '2025-02', contentHash: sha('8'), rows: 5_000, source: 's3://loans/2025-02' },
        features: [{ name: 'income', sensitivity: 'PERSONAL' }],
        purposes: ['credit-scoring'],
        legalBasis: 'CONTRACT',
        solelyAutomatedSignificantDecisions: false,
        humanReviewAvailable: true,
        retentionDays: 365,
      })
    ).version;
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('accounts for a decision: model, version, declared purpose, covering audits, and a verifiable trail entry', async () => {
    const recorded = await env.rpc.request(RPC.governanceDecisionsRecord, {
      projectId: PROJECT,
      modelVersionId: version.id,
      decisions: [
        { decisionId: 'prov-1', subjectRef: 'pseudo-p1', occurredAt: '2025-05-10T08:00:00+02:00', purpose: 'credit-scoring', outcome: 'approve', score: 0.91, attributes: { sex: 'Female' } },
        { decisionId: 'prov-2', subjectRef: 'pseudo-p2', occurredAt: '2025-05-11T08:00:00Z', purpose: 'upselling', outcome: 'deny' },
      ],
    }, as({ actorId: 'service:loans' }));
    await env.rpc.request(RPC.governanceOutcomesRecord, { projectId: PROJECT, modelVersionId: version.id, outcomes: [{ decisionId: 'prov-1', groundTruth: 'repaid' }] });
    const covering = (await env.rpc.request(RPC.governanceAuditsRun, { projectId: PROJECT, modelVersionId: version.id, from: '2025-05-01T00:00:00Z', to: '2025-06-01T00:00:00Z', rules: ['gdpr-art-5-1-b'] })).audit;
    await env.rpc.request(RPC.governanceAuditsRun, { projectId: PROJECT, modelVersionId: version.id, from: '2025-06-01T00:00:00Z', to: '2025-07-01T00:00:00Z', rules: ['gdpr-art-5-1-b'] });

    const p = await env.rpc.request(RPC.governanceDecisionProvenanceGet, { projectId: PROJECT, decisionId: 'prov-1' });
    expect(p.decision).toEqual({
      decisionId: 'prov-1',
      subjectRef: 'pseudo-p1',
      occurredAt: '2025-05-10T06:00:00.000Z',
      purpose: 'credit-scoring',
      outcome: 'approve',
      score: 0.91,
      groundTruth: 'repaid',
      attributes: { sex: 'Female' },
      erased: false,
    });
    expect(p.model).toEqual({ id: modelId, name: 'Loan approver', owner: 'credit-risk', riskLevel: 'HIGH' });
    expect(p.version).toMatchObject({ id: version.id, artifactDigest: sha('9'), trainingDataset: { contentHash: sha('8'), version: '2025-02' } });
    expect(p.purposeDeclared).toBe(true);
    expect(p.audits.map((a) => a.id)).toEqual([covering.id]);
    expect(p.audits[0].findings[0]).toMatchObject({ ruleId: 'gdpr-art-5-1-b', status: 'FAIL' });
    expect(p.recordedIn.entry).toMatchObject({
      v: 2,
      seq: recorded.auditSeq,
      action: 'decisions.recorded',
      actor: 'service:loans',
      projectId: PROJECT,
      payload: { decisionIds: ['prov-1', 'prov-2'] },
    });
    await expectVerifiable(p.recordedIn);

    const undeclared = await env.rpc.request(RPC.governanceDecisionProvenanceGet, { projectId: PROJECT, decisionId: 'prov-2' });
    expect(undeclared).toMatchObject({ purposeDeclared: false, decision: { purpose: 'upselling', score: null, groundTruth: null, attributes: {} } });
    expect(undeclared.recordedIn.entry.seq).toBe(recorded.auditSeq);
  });

  it('keeps working after erasure, with the personal fields null and the proof still verifying', async () => {
    const before = await env.rpc.request(RPC.governanceDecisionProvenanceGet, { projectId: PROJECT, decisionId: 'prov-1' });
    await env.rpc.request(RPC.governanceDecisionSubjectErase, { projectId: PROJECT, subjectRef: 'pseudo-p1', reason: 'Art. 17 request' });
    const after = await env.rpc.request(RPC.governanceDecisionProvenanceGet, { projectId: PROJECT, decisionId: 'prov-1' });
    expect(after.decision).toEqual({ ...before.decision, subjectRef: null, attributes: null, erased: true });
    expect(after.recordedIn.entry).toEqual(before.recordedIn.entry);
    // The tree grew (the erasure is on the trail), and the old entry is proven in the newer head.
    expect(after.recordedIn.treeHead.treeSize).toBeGreaterThan(before.recordedIn.treeHead.treeSize);
    await expectVerifiable(after.recordedIn);
    expect(JSON.stringify(after)).not.toContain('pseudo-p1');
  });

  it('codes an unknown decision', async () => {
    await expect(env.rpc.request(RPC.governanceDecisionProvenanceGet, { projectId: PROJECT, decisionId: 'nope' })).rejects.toMatchObject({ code: 'DECISION_NOT_FOUND' });
    await expect(env.rpc.request(RPC.governanceDecisionProvenanceGet, { projectId: PROJECT, decisionId: '' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
