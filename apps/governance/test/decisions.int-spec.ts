import { createHash } from 'node:crypto';
import { type AuditTrailEntryDto, type DecisionInputDto, type ModelVersionDto, RPC, type RegisterModelVersionRequest } from '@fulcrum/contracts';
import { canonicalJson } from '@fulcrum/audit-log';
import { type DatabaseKind, databaseKinds } from '@fulcrum/testing';
import { ACTORS, type GovernanceTestEnv, SCORER, as, newProjectId, trailEntry as entryOf, treeSize, startGovernanceTestEnv } from './governance.test-helpers';

const sha = (c: string) => `sha256:${c.repeat(64)}`;
const MISSING_VERSION = '00000000-0000-4000-8000-000000000000';
const PROJECT = newProjectId();

function decision(id: string, patch: Partial<DecisionInputDto> = {}): DecisionInputDto {
  return {
    decisionId: id,
    subjectRef: `subj-${id}`,
    occurredAt: '2025-03-01T09:30:00Z',
    purpose: 'credit-scoring',
    outcome: 'approve',
    score: 0.7,
    groundTruth: null,
    attributes: { sex: 'Female', race: 'White' },
    ...patch,
  };
}

describe.each(databaseKinds())('decision log on %s (real nats-server)', (kind: DatabaseKind) => {
  let env: GovernanceTestEnv;
  let version: ModelVersionDto;
  let other: ModelVersionDto;

  async function registerVersion(name: string, overrides: Partial<RegisterModelVersionRequest> = {}): Promise<ModelVersionDto> {
    const { model } = await env.rpc.request(RPC.governanceModelsRegister, { projectId: PROJECT, name, description: '', owner: 'risk', riskLevel: 'HIGH' });
    const request: RegisterModelVersionRequest = {
      projectId: PROJECT,
      modelId: model.id,
      artifactDigest: sha('a'),
      trainingDataset: { name: 'loans', version: '1', contentHash: sha('b'), rows: 10, source: 'test' },
      features: [{ name: 'income', sensitivity: 'PERSONAL' }],
      purposes: ['credit-scoring'],
      legalBasis: 'CONTRACT',
      solelyAutomatedSignificantDecisions: false,
      humanReviewAvailable: true,
      retentionDays: 365,
      ...overrides,
    };
    return (await env.rpc.request(RPC.governanceModelVersionsRegister, request)).version;
  }

  const record = (decisions: unknown[], modelVersionId = version.id) =>
    env.rpc.request(RPC.governanceDecisionsRecord, { projectId: PROJECT, modelVersionId, decisions }, as(SCORER));

  async function trailEntry(seq: number): Promise<AuditTrailEntryDto> {
    const entry = await entryOf(env.rpc, PROJECT, seq);
    expect(entry.seq).toBe(seq);
    return entry;
  }

  async function stored(ids: string[]): Promise<Array<Record<string, unknown>>> {
    return env
      .dataSource()
      .query(
        `SELECT decision_id, project_id::text AS project_id, model_version_id::text AS model_version_id, subject_ref, occurred_at, purpose, outcome, score, ground_truth, attributes,
                audit_seq::int AS audit_seq, erased_at, content_hash, content_salt
         FROM decisions WHERE decision_id = ANY($1::text[]) ORDER BY decision_id`,
        [ids],
      );
  }

  beforeAll(async () => {
    env = await startGovernanceTestEnv(kind);
    version = await registerVersion('Decisions A');
    other = await registerVersion('Decisions B');
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('keeps the good rows of a mixed batch and rejects the bad ones with codes and indexes, under one trail entry', async () => {
    const reply = await record([
      decision('mix-1'),
      { ...decision('mix-2'), subjectRef: undefined },
      decision('mix-3', { occurredAt: '2025-03-01 09:30' }),
      decision('mix-4', { score: null, groundTruth: 'repaid', attributes: { sex: 'Male', age: 52, veteran: true, region: null } }),
      decision('mix-5', { attributes: { nested: { a: 1 } } as never }),
      'not a row',
      decision('mix-1'),
      decision('mix-1', { outcome: 'deny' }),
      decision('mix-6', { attributes: { blob: 'x'.repeat(5_000) } }),
    ]);
    expect(reply).toEqual({
      accepted: 2,
      duplicates: 1,
      rejected: [
        { index: 1, code: 'MISSING_FIELD', message: 'subjectRef is required' },
        { index: 2, code: 'INVALID_FIELD', message: expect.stringContaining('occurredAt') },
        { index: 4, code: 'INVALID_FIELD', message: expect.stringContaining('attributes.nested') },
        { index: 5, code: 'INVALID_FIELD', message: 'a decision must be a JSON object' },
        { index: 7, code: 'DECISION_ID_CONFLICT', message: expect.stringContaining('index 0') },
        { index: 8, code: 'INVALID_FIELD', message: expect.stringContaining('at most 4096') },
      ],
      auditSeq: expect.any(Number),
    });

    const rows = await stored(['mix-1', 'mix-2', 'mix-3', 'mix-4', 'mix-5', 'mix-6']);
    expect(rows.map((r) => r['decision_id'])).toEqual(['mix-1', 'mix-4']);
    expect(rows[0]).toMatchObject({
      project_id: PROJECT,
      model_version_id: version.id,
      subject_ref: 'subj-mix-1',
      purpose: 'credit-scoring',
      outcome: 'approve',
      score: 0.7,
      ground_truth: null,
      attributes: { sex: 'Female', race: 'White' },
      audit_seq: reply.auditSeq,
      erased_at: null,
    });
    expect(new Date(rows[0]['occurred_at'] as string).toISOString()).toBe('2025-03-01T09:30:00.000Z');
    expect(rows[1]).toMatchObject({ score: null, ground_truth: 'repaid', attributes: { sex: 'Male', age: 52, veteran: true, region: null }, audit_seq: reply.auditSeq });

    // The trail entry lists exactly the stored ids and commits to their (salted) content hashes.
    const entry = await trailEntry(reply.auditSeq as number);
    expect(entry).toMatchObject({
      v: 2,
      action: 'decisions.recorded',
      actor: 'service:scorer',
      actorName: null,
      projectId: PROJECT,
      subject: expect.stringMatching(/^decision-batch:[0-9a-f-]{36}$/),
    });
    expect(entry.payload).toEqual({
      modelVersionId: version.id,
      decisionIds: ['mix-1', 'mix-4'],
      rowsHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      duplicates: 1,
      rejected: 6,
      via: 'rpc',
    });
    const hashes = rows.map((r) => r['content_hash'] as string);
    expect(entry.payload?.['rowsHash']).toBe(`sha256:${createHash('sha256').update(canonicalJson(hashes)).digest('hex')}`);
  });

  it('counts retries as duplicates, rejects conflicting re-uses of an id, and writes no trail entry when nothing is new', async () => {
    const first = await record([decision('retry-1'), decision('retry-2', { occurredAt: '2025-03-01T10:30:00+01:00' })]);
    expect(first).toMatchObject({ accepted: 2, duplicates: 0, rejected: [] });
    const sizeBefore = await treeSize(env.rpc, PROJECT, first.auditSeq as number);

    // The same decisions again (occurredAt in another offset, attributes in another key order).
    const retry = await record([decision('retry-2', { occurredAt: '2025-03-01T09:30:00.000Z' }), { ...decision('retry-1'), attributes: { race: 'White', sex: 'Female' } }]);
    expect(retry).toEqual({ accepted: 0, duplicates: 2, rejected: [], auditSeq: null });
    expect(await treeSize(env.rpc, PROJECT, first.auditSeq as number)).toBe(sizeBefore);

    const conflict = await record([decision('retry-1', { outcome: 'deny' }), decision('retry-3'), decision('retry-2', { score: 0.71 })]);
    expect(conflict).toMatchObject({
      accepted: 1,
      duplicates: 0,
      rejected: [
        { index: 0, code: 'DECISION_ID_CONFLICT' },
        { index: 2, code: 'DECISION_ID_CONFLICT' },
      ],
    });
    // The same id under another model version of the project is a conflict too (ids are unique per project).
    expect(await record([decision('retry-3')], other.id)).toMatchObject({ accepted: 0, rejected: [{ index: 0, code: 'DECISION_ID_CONFLICT' }] });
    expect((await stored(['retry-1']))[0]).toMatchObject({ outcome: 'approve' });
  });

  it('records concurrent calls with overlapping ids exactly once, each id on exactly one trail entry', async () => {
    const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => decision(`conc-${from + i}`));
    const replies = await Promise.all([record(ids(0, 300)), record(ids(200, 500)), record(ids(100, 400)), record(ids(0, 500))]);
    expect(replies.reduce((s, r) => s + r.accepted, 0)).toBe(500);
    expect(replies.reduce((s, r) => s + r.accepted + r.duplicates, 0)).toBe(300 + 300 + 300 + 500);
    expect(replies.flatMap((r) => r.rejected)).toEqual([]);
    const listed: string[] = [];
    for (const r of replies.filter((x) => x.auditSeq !== null)) listed.push(...((await trailEntry(r.auditSeq as number)).payload?.['decisionIds'] as string[]));
    expect(listed.sort()).toEqual(ids(0, 500).map((d) => d.decisionId).sort());
    const [{ n }] = await env.dataSource().query(`SELECT count(*)::int AS n FROM decisions WHERE decision_id LIKE 'conc-%'`);
    expect(n).toBe(500);
  });

  it('stores 10,000 rows in one call with one trail entry, and refuses 10,001', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      decision(`bulk-${i}`, { occurredAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(), outcome: i % 3 === 0 ? 'deny' : 'approve', score: i / 10_000 }),
    );
    const reply = await record(rows);
    expect(reply).toMatchObject({ accepted: 10_000, duplicates: 0, rejected: [] });
    const [counts] = await env
      .dataSource()
      .query(`SELECT count(*)::int AS n, count(DISTINCT audit_seq)::int AS seqs, min(audit_seq)::int AS seq FROM decisions WHERE decision_id LIKE 'bulk-%'`);
    expect(counts).toEqual({ n: 10_000, seqs: 1, seq: reply.auditSeq });
    expect(((await trailEntry(reply.auditSeq as number)).payload?.['decisionIds'] as string[]).length).toBe(10_000);

    await expect(record([...rows, decision('bulk-extra')])).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'decisions' } });
    await expect(record([])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses the whole call for an unknown model version or a malformed request', async () => {
    await expect(record([decision('nv-1')], MISSING_VERSION)).rejects.toMatchObject({ code: 'MODEL_VERSION_NOT_FOUND' });
    await expect(record([decision('nv-1')], 'not-a-uuid')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // The actor is the envelope's: a payload naming one is refused as malformed.
    await expect(
      env.rpc.request(RPC.governanceDecisionsRecord, { actor: 'service:me', projectId: PROJECT, modelVersionId: version.id, decisions: [decision('nv-1')] } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(env.rpc.request(RPC.governanceDecisionsRecord, { modelVersionId: version.id, decisions: [decision('nv-1')] } as never)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await stored(['nv-1'])).toEqual([]);
  });

  it('records outcomes for existing decisions of the version and codes unknown ids', async () => {
    await record([decision('out-1'), decision('out-2'), decision('out-3')]);
    await record([decision('out-other')], other.id);
    const reply = await env.rpc.request(
      RPC.governanceOutcomesRecord,
      {
        projectId: PROJECT,
        modelVersionId: version.id,
        outcomes: [
        { decisionId: 'out-1', groundTruth: 'repaid' },
        { decisionId: 'out-unknown', groundTruth: 'repaid' },
        { decisionId: 'out-2', groundTruth: 'defaulted' },
        { decisionId: 'out-other', groundTruth: 'repaid' },
        { decisionId: 'out-3' },
        { decisionId: 'out-2', groundTruth: 'repaid' },
        ],
      },
      as({ actorId: 'service:loans' }),
    );
    expect(reply).toEqual({
      updated: 2,
      rejected: [
        { index: 1, code: 'DECISION_NOT_FOUND', message: expect.any(String) },
        { index: 3, code: 'DECISION_NOT_FOUND', message: expect.any(String) },
        { index: 4, code: 'MISSING_FIELD', message: 'groundTruth is required' },
        { index: 5, code: 'DECISION_ID_CONFLICT', message: expect.any(String) },
      ],
      auditSeq: expect.any(Number),
    });
    expect((await stored(['out-1', 'out-2', 'out-3', 'out-other'])).map((r) => r['ground_truth'])).toEqual(['repaid', 'defaulted', null, null]);
    const entry = await trailEntry(reply.auditSeq as number);
    expect(entry).toMatchObject({ action: 'outcomes.recorded', actor: 'service:loans', payload: { modelVersionId: version.id, decisionIds: ['out-1', 'out-2'] } });

    // A retry of the original recording after the outcome is still a duplicate, and keeps the outcome.
    expect(await record([decision('out-1')])).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await stored(['out-1']))[0]['ground_truth']).toBe('repaid');

    const none = await env.rpc.request(RPC.governanceOutcomesRecord, { projectId: PROJECT, modelVersionId: version.id, outcomes: [{ decisionId: 'nope', groundTruth: 'x' }] });
    expect(none).toEqual({ updated: 0, rejected: [{ index: 0, code: 'DECISION_NOT_FOUND', message: expect.any(String) }], auditSeq: null });
    await expect(env.rpc.request(RPC.governanceOutcomesRecord, { projectId: PROJECT, modelVersionId: MISSING_VERSION, outcomes: [{ decisionId: 'out-1', groundTruth: 'x' }] })).rejects.toMatchObject({
      code: 'MODEL_VERSION_NOT_FOUND',
    });
  });

  it('erases a subject: personal fields go, the decision and its trail entry stay, the trail names the subject only by hash', async () => {
    const subject = 'pseudo-erase-me';
    const recorded = await record([
      decision('erase-1', { subjectRef: subject, attributes: { sex: 'Male', race: 'Black' } }),
      decision('erase-2', { subjectRef: subject }),
      decision('erase-keep', { subjectRef: 'pseudo-someone-else' }),
    ]);
    const reply = await env.rpc.request(RPC.governanceDecisionSubjectErase, { projectId: PROJECT, subjectRef: subject, reason: 'GDPR Art. 17 request #12' }, as(ACTORS.cleo));
    expect(reply).toEqual({ erasedDecisions: 2, auditSeq: expect.any(Number) });

    const rows = await stored(['erase-1', 'erase-2', 'erase-keep']);
    expect(rows.map((r) => [r['decision_id'], r['subject_ref'], r['attributes'], r['content_salt'] === null, r['erased_at'] !== null])).toEqual([
      ['erase-1', null, {}, true, true],
      ['erase-2', null, {}, true, true],
      ['erase-keep', 'pseudo-someone-else', { sex: 'Female', race: 'White' }, false, false],
    ]);
    // The non-personal part of the record stays (for aggregate audits), and so does the content hash.
    expect(rows[0]).toMatchObject({ outcome: 'approve', purpose: 'credit-scoring', audit_seq: recorded.auditSeq, content_hash: expect.stringMatching(/^sha256:/) });

    const entry = await trailEntry(reply.auditSeq);
    const subjectHash = `sha256:${createHash('sha256').update(subject).digest('hex')}`;
    expect(entry).toMatchObject({
      action: 'decisions.subject-erased',
      actor: ACTORS.cleo.actorId,
      actorName: ACTORS.cleo.actorName,
      projectId: PROJECT,
      subject: `decision-subject:${subjectHash}`,
      payload: { subjectRefHash: subjectHash, erasedDecisions: 2, modelVersionIds: [version.id], reason: 'GDPR Art. 17 request #12' },
    });
    expect(JSON.stringify(entry)).not.toContain(subject);
    // The recording entry is untouched (it holds ids and a hash, no personal data).
    expect((await trailEntry(recorded.auditSeq as number)).payload).toMatchObject({ decisionIds: ['erase-1', 'erase-2', 'erase-keep'] });

    // A retry of an erased decision is absorbed as a duplicate: erasure is not undone by a resend.
    expect(await record([decision('erase-1', { subjectRef: subject, attributes: { sex: 'Male', race: 'Black' } })])).toMatchObject({ accepted: 0, duplicates: 1, rejected: [] });
    expect((await stored(['erase-1']))[0]['subject_ref']).toBeNull();

    // Erasing an unknown subject still records the request.
    const nobody = await env.rpc.request(RPC.governanceDecisionSubjectErase, { projectId: PROJECT, subjectRef: 'pseudo-nobody', reason: 'request #13' }, as(ACTORS.cleo));
    expect(nobody).toEqual({ erasedDecisions: 0, auditSeq: reply.auditSeq + 1 });
  });
});
